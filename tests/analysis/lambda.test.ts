import fs from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { packageEntries, serverlessPlatform } from '../../src/analysis/project/index.js';
import { packageOf } from '../../src/analysis/project/packages.js';
import { sourceCodeOf } from './source-code.js';

const fixture = (name: string, file: string): string => path.join(import.meta.dirname, '../fixtures', name, file);
/** The platform of a fixture file, read from its own text as ESLint would give it. */
const platform = (name: string, file: string): string | null => serverlessPlatform(sourceCodeOf(fs.readFileSync(fixture(name, file), 'utf8')), fixture(name, file));

describe('serverlessPlatform: AWS Lambda', () => {
  it.each([
    ['the AWS SDK in a package nothing starts: the default index.js handler', 'lambda-sdk', 'index.js'],
    ['a handler beside it', 'lambda-sdk', 'lambda/verify.js'],
    ['a helper only handlers reach', 'lambda-sdk', 'lib/rates.js'],
    ['@types/aws-lambda and a build script', 'lambda-typed', 'src/index.ts'],
    ['a helper of that handler', 'lambda-typed', 'src/telegram.ts'],
    ['a SAM template declaring a function', 'lambda-sam', 'app.js'],
    ['a helper of the handler serverless.yml names', 'lambda-serverless', 'src/send.js'],
  ])('is aws-lambda with %s', (_, name, file) => {
    expect(platform(name, file)).toBe('aws-lambda');
  });
  it.each([
    ['a package that also launches a polling bot', 'lambda-sdk-polling', 'index.js'],
    ['the AWS SDK in a package npm start runs a server of', 'lambda-sdk-server', 'lambda/verify.js'],
    ['a handler file a start script runs', 'lambda-started', 'src/index.js'],
    ['the serverless.yml handler a start script runs, and its helper', 'lambda-serverless-started', 'src/send.js'],
    ['no sign of Lambda', 'lambda-unsigned', 'index.js'],
    ['the AWS SDK in a workspace member', 'lambda-workspace', 'packages/hooks/index.js'],
    ["Express's error handler exported as handler", 'lambda-sdk', 'lib/errors.js'],
    ['a one-off script no handler reaches', 'lambda-sdk', 'scripts/report.js'],
  ])('is null with %s', (_, name, file) => {
    expect(platform(name, file)).toBeNull();
  });
});

describe('packageEntries: unstarted', () => {
  it('is true for a package with no start command, only its default index.js', () => {
    const entries = packageEntries(packageOf(fixture('lambda-sdk', 'package.json'))!);
    expect(entries.open).not.toBeNull();
    expect(entries.unstarted).toBe(true);
  });
  it('is false when a start script runs a file', () => {
    expect(packageEntries(packageOf(fixture('lambda-started', 'package.json'))!).unstarted).toBe(false);
    expect(packageEntries(packageOf(fixture('lambda-sdk-server', 'package.json'))!).unstarted).toBe(false);
  });
});
