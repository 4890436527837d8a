import { execFile } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

import { afterAll, describe, expect, it } from 'vitest';

import { codeFrame, escapeHtml, formatHtml } from '../../src/cli/format/html.js';
import { codeBlock, formatMarkdown } from '../../src/cli/format/markdown.js';
import { buildReport, type Report } from '../../src/cli/report.js';
import { createSources, excerptOf, MAX_LINE_LENGTH } from '../../src/cli/source.js';
import { DEMO_BOT_BY_PRIORITY, DEMO_BOT_FINDINGS, DEMO_BOT_GATED } from './demo-bot.expected.js';
import { root, run, tree } from './helpers.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const HOSTILE = '<script>alert(1)</script>';

describe('--format html', () => {
  it('the demo bot: verdict, totals, chart, heat map, and every finding with its code, risk, fix and docs link', async () => {
    // --fail-on P2: the P2 gate's verdict counts every finding; the default gate's (below) counts the findings of the two
    // rules of medium precision since round 35 (none in round 34).
    const { code, stdout, stderr } = await run(['examples/demo-bot', '--format', 'html', '--fail-on', 'P2']);
    expect(stderr).toBe('');
    expect(code).toBe(1);
    expect(stdout).toMatch(/^<!DOCTYPE html>\n<html lang="en">/);
    expect(stdout).toContain('<title>Bot audit: demo-bot</title>');
    expect(stdout).toContain(`<p class="verdict fail" id="verdict"><span class="mark">✗</span> Fails the P2 gate: ${DEMO_BOT_FINDINGS.length} findings at P2 or above</p>`);
    expect(DEMO_BOT_GATED).toBe(2);
    expect((await run(['examples/demo-bot', '--format', 'html'])).stdout).toContain(`<p class="verdict fail" id="verdict"><span class="mark">✗</span> Fails the P1 gate: ${DEMO_BOT_GATED} findings at P1 or above</p>`);
    const articles = stdout.match(/<article class="finding [^>]*>[\s\S]*?<\/article>/g)!;
    expect(articles).toHaveLength(DEMO_BOT_FINDINGS.length);
    for (const article of articles) {
      expect(article).toMatch(/<pre class="code">.*<span class="line marked"><span class="n">\d+<\/span>/);
      expect(article).toMatch(/<dt>Risk<\/dt><dd>[^<]/);
      expect(article).toMatch(/<dt>Fix<\/dt><dd>[^<]/);
      expect(article).toMatch(/<dt>Docs<\/dt><dd><a href="https:\/\/github\.com\/bot-audit\/eslint-plugin-bot-audit\/blob\/main\/docs\/rules\/[a-z-]+\.md">/);
    }
    const located = articles.map((article) => /<code>examples\/demo-bot\/([^<]+)<\/code>/.exec(article)![1]!);
    expect(located.sort()).toEqual(DEMO_BOT_FINDINGS.map((finding) => finding.split(' ')[0]!).sort());
    // One chart segment per category × priority with findings; one heat-map row per directory.
    const json = JSON.parse((await run(['examples/demo-bot', '-f', 'json'])).stdout) as Report;
    const segments = json.categories.flatMap((category) => Object.values(category.byPriority).filter((count) => count > 0));
    expect(stdout.match(/<rect class="segment"/g)).toHaveLength(segments.length);
    const directories = new Set(json.findings.map((finding) => path.posix.dirname(finding.file)));
    expect(stdout.match(/<tr data-directory=/g)).toHaveLength(directories.size);
    // Filters offer every priority, category and rule.
    for (const category of json.categories) expect(stdout).toContain(`<option value="${escapeHtml(category.category)}">`);
    for (const rule of new Set(json.findings.map((finding) => finding.ruleId))) expect(stdout).toContain(`<option value="${rule}">`);
  });

  it('is self-contained: no request leaves the page', async () => {
    const { stdout } = await run(['examples/demo-bot', '--format', 'html']);
    expect(stdout).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">`);
    expect(stdout).not.toMatch(/<(link|img|iframe|object|embed)\b/i);
    expect(stdout).not.toMatch(/\ssrc=/i);
    expect(stdout).not.toMatch(/@import|url\(|@font-face/i);
    // Web addresses appear only as links the reader may follow (rule docs).
    const addresses = [...stdout.matchAll(/https?:\/\/[^\s"'<)]+/g)].map(([address]) => address);
    const inLinks = [...stdout.matchAll(/href="(https?:\/\/[^"]+)"/g)].map(([, address]) => address);
    expect(addresses.filter((address) => !inLinks.includes(address) && address !== 'http://www.w3.org/2000/svg')).toEqual([]);
  });

  it('escapes file names, code, messages and the package name', async () => {
    const dir = tree({
      [`src/${HOSTILE.replace(/\//g, '_')}.js`]: `// ${HOSTILE}\ntry { run('${HOSTILE}'); } catch {}\n`,
      'package.json': JSON.stringify({ name: HOSTILE }),
    });
    dirs.push(dir);
    const { stdout } = await run(['.', '--format', 'html', '--rules', 'all'], { cwd: dir });
    expect(stdout.match(/<script/g)).toHaveLength(1);
    expect(stdout).not.toContain('alert(1)</script>');
    expect(stdout).toContain('<title>Bot audit: &lt;script&gt;alert(1)&lt;/script&gt;</title>');
    expect(stdout).toContain('<code>src/&lt;script&gt;alert(1)&lt;_script&gt;.js:2</code>');
    expect(stdout).toContain('<span class="n">1</span>// &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(stdout).toContain('run(&#39;&lt;script&gt;alert(1)&lt;/script&gt;&#39;)');
  });

  it('links only web addresses: a rule of another plugin cannot smuggle a javascript: link', () => {
    const report = buildReport({
      results: [{ filePath: '/p/a.js', messages: [{ ruleId: 'x/evil', severity: 2, message: 'Bad `code`.', line: 1, column: 1 }] }],
      rulesMeta: { 'x/evil': { type: 'problem', docs: { description: 'Evil', url: 'javascript:alert(1)' } } },
      root: '/p',
      filesScanned: 1,
      linesScanned: 1,
      tool: { name: 'bot-audit', version: '0' },
      now: new Date('2026-12-01T00:00:00Z'),
    });
    const html = formatHtml(report);
    expect(html).not.toContain('javascript:');
    expect(html).toContain('<p class="message">Bad <code>code</code>.</p>');
    // No excerpt reader: no code frame, the rest is there.
    expect(html).not.toContain('<pre class="code">');
    expect(html).toContain('<span class="rule">x/evil</span>');
  });

  it('a clean run: a passing verdict, no chart and no findings section', async () => {
    const { code, stdout } = await run(['examples/demo-bot-fixed', '--format', 'html']);
    expect(code).toBe(0);
    expect(stdout).toContain('<p class="verdict pass" id="verdict"><span class="mark">✓</span> No problems found</p>');
    expect(stdout).not.toContain('<svg');
    expect(stdout).not.toContain('<article');
  });

  it('says when there is no gate and when findings pass it', async () => {
    expect((await run(['examples/demo-bot', '-f', 'html', '--fail-on', 'never'])).stdout).toContain('No gate (--fail-on never)');
    // Only P2 findings here (the request without a deadline and its unchecked response, experimental rules that
    // `--rules all` runs at P2): the P0 gate passes.
    const p0 = await run(['examples/demo-bot/src/services/image-api.ts', '-f', 'html', '--fail-on', 'P0', '--rules', 'all']);
    expect(p0.code).toBe(0);
    expect(p0.stdout).toContain('Passes the P0 gate');
  });

  it.runIf(existsSync('/usr/bin/chromium') || process.env.CHROMIUM)('renders in headless Chromium with the chart, the heat map, the findings and working filters', async () => {
    const dir = tree({});
    dirs.push(dir);
    const file = path.join(dir, 'report.html');
    expect((await run(['examples/demo-bot', '-f', 'html', '-o', file])).code).toBe(1);
    const { stdout } = await promisify(execFile)(process.execPath, [path.join(root, 'scripts/check-html-report.js'), file]);
    expect(stdout).not.toContain('FAIL');
    expect(stdout).toContain(`ok   all ${DEMO_BOT_FINDINGS.length} findings are in the page`);
    // The demo bot's highest priority is P0 again since round 35 (the unlocked read-check-write, require-for-update, of
    // medium precision; P2 in round 34); the check filters by the highest priority with findings.
    expect(DEMO_BOT_BY_PRIORITY).toEqual({ P0: 1, P1: 1, P2: DEMO_BOT_FINDINGS.length - 2 });
    expect(stdout).toContain(`ok   filter #priority=P0 shows the ${DEMO_BOT_BY_PRIORITY.P0} P0 findings only`);
    expect(stdout).toContain("ok   the filters' script ran");
  });
});

describe('code excerpts', () => {
  const file = ['import x from "y";', '', 'function f() {', '  const id = ctx.from.id;', '  return id;', '}', ''];

  it('a few lines around the reported one, the reported columns marked, the final empty line dropped', () => {
    const excerpt = excerptOf(file, { file: 'a.ts', line: 4, column: 14, endLine: 4, endColumn: 25 })!;
    expect(excerpt).toEqual({ startLine: 2, lines: ['', 'function f() {', '  const id = ctx.from.id;', '  return id;', '}'], line: 4, from: 13, to: 24, truncated: false });
    expect(codeBlock(excerpt, 'src/a.ts')).toEqual([
      '```ts',
      '  2 |',
      '  3 | function f() {',
      '> 4 |   const id = ctx.from.id;',
      '    |              ^^^^^^^^^^^',
      '  5 |   return id;',
      '  6 | }',
      '```',
    ]);
    expect(excerptOf(file, { file: 'a.ts', line: 6, column: 1 })!.lines).toEqual(['  const id = ctx.from.id;', '  return id;', '}']);
    expect(excerptOf(file, { file: 'a.ts', line: 99, column: 1 })).toBeUndefined();
  });

  it('a range over several lines marks the rest of its first line; long lines are cut; the fence outgrows backticks in the code', () => {
    const multi = excerptOf(['a', 'bot.on("x", () => {', '});'], { file: 'a.js', line: 2, column: 1, endLine: 3, endColumn: 3 })!;
    expect([multi.from, multi.to]).toEqual([0, 19]);
    const long = excerptOf([`x = '${'a'.repeat(300)}';`], { file: 'a.js', line: 1, column: 1, endLine: 1, endColumn: 2 })!;
    expect(long.truncated).toBe(true);
    expect(long.lines[0]).toHaveLength(MAX_LINE_LENGTH + 1);
    const fenced = codeBlock(excerptOf(['const s = ```;'], { file: 'a.mjs', line: 1, column: 11 })!, 'a.mjs');
    expect(fenced[0]).toBe('````js');
    expect(fenced.at(-1)).toBe('````');
    expect(codeBlock(excerptOf(['\tx;'], { file: 'a', line: 1, column: 2, endLine: 1, endColumn: 4 })!, 'Makefile')).toEqual(['```', '> 1 | \tx;', '    | \t^^', '```']);
  });

  it('the HTML frame marks the reported range and escapes the code', () => {
    const frame = codeFrame(excerptOf(['if (a < b) go("<b>");'], { file: 'a.js', line: 1, column: 12, endLine: 1, endColumn: 21 })!);
    expect(frame).toBe('<pre class="code"><span class="line marked"><span class="n">1</span>if (a &lt; b) <mark>go(&quot;&lt;b&gt;&quot;)</mark>;</span></pre>');
  });

  it('the markdown audit document shows the excerpt under each detailed finding', async () => {
    const { stdout } = await run(['examples/demo-bot', '--format', 'markdown']);
    const details = stdout.split(/^#### /m).slice(1);
    expect(details).toHaveLength(DEMO_BOT_FINDINGS.length);
    for (const detail of details) {
      const line = /#L(\d+)\)/.exec(detail)![1]!;
      expect(detail).toMatch(new RegExp(`\\n\`\`\`ts\\n(.*\\n)*> +${line} \\| .*\\n(.*\\n)*\`\`\`\\n`));
    }
    // Without a reader (the ESLint formatter's callers may not give one) the document is as before.
    const report = JSON.parse((await run(['examples/demo-bot', '-f', 'json'])).stdout) as Report;
    expect(formatMarkdown(report, { top: 50 })).not.toContain('```');
  });

  it('each file is read once; a file gone since the lint gives no excerpt, no crash', () => {
    const dir = tree({ 'a.js': '\uFEFFtry { run(); } catch {}\r\n' });
    dirs.push(dir);
    const sources = createSources(dir);
    expect(sources.excerpt({ file: 'a.js', line: 1, column: 1 })!.lines).toEqual(['try { run(); } catch {}']);
    rmSync(path.join(dir, 'a.js'));
    expect(sources.lines('a.js')).toEqual(['try { run(); } catch {}', '']);
    expect(sources.excerpt({ file: 'gone.js', line: 1, column: 1 })).toBeUndefined();
    expect(sources.lines('gone.js')).toBeUndefined();
  });
});
