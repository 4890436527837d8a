import { execFile } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

import { describe, expect, it } from 'vitest';

import { embeddedConfig } from '../../src/cli/embedded-config.js';
import plugin from '../../src/index.js';
import { root } from './helpers.js';

const exec = promisify(execFile);

describe('embeddedConfig: no option schemas for ESLint to compile when it gives no options', () => {
  it.each([{}, { rules: 'all' as const }, { typeAware: true, tsconfigRootDir: root }])('%o: the same rules without `meta.schema`, every entry a bare severity', async (options) => {
    const { config } = await embeddedConfig(options);
    const [entry] = config;
    const rules = (entry!.plugins!['bot-audit'] as unknown as typeof plugin).rules;
    expect(Object.keys(rules)).toEqual(Object.keys(plugin.rules));
    for (const [name, rule] of Object.entries(rules)) {
      expect(rule.meta.schema).toBe(false);
      // The same rule otherwise: its `create`, docs, messages and default options.
      const original = plugin.rules[name as keyof typeof plugin.rules];
      expect(Object.getOwnPropertyDescriptor(rule, 'create')?.value).toBe(Object.getOwnPropertyDescriptor(original, 'create')?.value);
      expect({ ...rule.meta, schema: undefined }).toEqual({ ...original.meta, schema: undefined });
    }
    expect(Object.values(entry!.rules!).every((value) => typeof value === 'string')).toBe(true);
  });

  it('an audit of the demo never loads ajv (ESLint loads it only to check options against a schema)', async () => {
    // In a fresh process: the test process has ajv loaded already.
    const script = `
      const { createRequire } = await import('node:module');
      const { main } = await import(${JSON.stringify(pathToFileURL(path.join(root, 'dist/cli/main.js')).href)});
      let stdout = '';
      await main(['examples/demo-bot', '-f', 'json', '--fail-on', 'never'], { stdout: (text) => (stdout += text), stderr: () => {}, cwd: ${JSON.stringify(root)}, env: {} });
      const loaded = Object.keys(createRequire(import.meta.url).cache);
      console.log(JSON.stringify({ findings: JSON.parse(stdout).findings.length, eslint: loaded.some((file) => /[\\\\/]eslint[\\\\/]lib[\\\\/]/.test(file)), ajv: loaded.filter((file) => /[\\\\/]node_modules[\\\\/]ajv[\\\\/]/.test(file)).length }));
    `;
    const { stdout } = await exec(process.execPath, ['--input-type=module', '-e', script], { cwd: root });
    const result = JSON.parse(stdout) as { findings: number; eslint: boolean; ajv: number };
    expect(result.findings).toBeGreaterThan(0);
    expect(result.eslint).toBe(true);
    expect(result.ajv).toBe(0);
  });
});
