#!/usr/bin/env node
// @ts-check
/**
 * Checks an HTML report (`bot-audit --format html`) in a real browser: renders it with headless
 * Chromium (Debian's `chromium` package, or $CHROMIUM), reads the DOM after the page's script ran and
 * checks that the verdict, the chart, the heat map and every finding with its code excerpt are there,
 * and that the filters work (a `#priority=P0` link, or the highest priority with findings, shows those
 * findings only). With `--screenshot
 * FILE` it also saves a screenshot (how docs/report-demo.png is made).
 *
 *     npm run build
 *     node dist/cli.js examples/demo-bot -f html -o /tmp/report.html
 *     node scripts/check-html-report.js /tmp/report.html --screenshot docs/report-demo.png
 *
 * Exit 0 and one line per check on success; exit 1 naming the failed check otherwise.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import console from 'node:console';
import process from 'node:process';

const args = process.argv.slice(2);
const screenshotAt = args.indexOf('--screenshot');
const screenshot = screenshotAt >= 0 ? path.resolve(args.splice(screenshotAt, 2)[1] ?? 'report.png') : undefined;
const [file] = args;
if (!file) {
  console.error('usage: node scripts/check-html-report.js <report.html> [--screenshot out.png]');
  process.exit(2);
}
const chromium = process.env.CHROMIUM ?? '/usr/bin/chromium';
const url = pathToFileURL(path.resolve(file)).href;

/** Runs headless Chromium with no network and a throw-away profile. */
function browse(extra, target) {
  const profile = mkdtempSync(path.join(os.tmpdir(), 'bot-audit-chromium-'));
  try {
    return execFileSync(
      chromium,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--hide-scrollbars',
        // Any request the page tried would fail: the report must not need one.
        '--host-resolver-rules=MAP * ~NOTFOUND',
        `--user-data-dir=${profile}`,
        ...extra,
        target,
      ],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 256 * 1024 * 1024, timeout: 120_000 },
    );
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

const failures = [];
const check = (ok, what) => {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures.push(what);
};

const source = readFileSync(file, 'utf8');
const expected = Number(/<h2>(?:New findings|Findings) \((\d+)\)<\/h2>/.exec(source)?.[1] ?? 0);
const byPriority = Object.fromEntries(['P0', 'P1', 'P2'].map((priority) => [priority, (source.match(new RegExp(`<article class="finding [^"]*" data-priority="${priority}"`, 'g')) ?? []).length]));

const dom = browse(['--dump-dom'], url);
const articles = dom.match(/<article class="finding[^>]*>/g) ?? [];
check(/<p class="verdict (pass|fail)"/.test(dom), 'the verdict is shown');
check(/<svg id="chart"[^>]*>/.test(dom) && (expected === 0 || /<rect class="segment"/.test(dom)), 'the category × priority chart is drawn');
check(expected === 0 || /<table id="heatmap"[^>]*>[\s\S]*?<tr data-directory=/.test(dom), 'the per-directory heat map has rows');
check(articles.length === expected, `all ${expected} findings are in the page (found ${articles.length})`);
check(articles.every((tag) => !/\shidden(=|\s|>)/.test(tag)), 'no finding is hidden by default');
check((dom.match(/<pre class="code">/g) ?? []).length === expected, 'each finding has its code excerpt');
check(expected === 0 || /<span class="line marked">/.test(dom), 'the reported line is marked');
check(/<output id="shown">[^<]*\d+ findings?</.test(dom), "the filters' script ran");

if (expected > 0) {
  // Filter by the highest priority that has findings, and check the others are hidden.
  const priority = ['P0', 'P1', 'P2'].find((level) => byPriority[level] > 0) ?? 'P0';
  const filtered = browse(['--dump-dom'], `${url}#priority=${priority}`);
  const visible = (filtered.match(/<article class="finding[^>]*>/g) ?? []).filter((tag) => !/\shidden(=|\s|>)/.test(tag));
  check(
    visible.length === byPriority[priority] && visible.every((tag) => tag.includes(`data-priority="${priority}"`)),
    `filter #priority=${priority} shows the ${byPriority[priority]} ${priority} findings only (shows ${visible.length})`,
  );
}

if (screenshot) {
  browse([`--screenshot=${screenshot}`, '--window-size=1280,2000'], url);
  console.log(`screenshot: ${screenshot}`);
}
if (failures.length > 0) process.exit(1);
