import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { Finding } from './report.js';

/** Where a finding is: the fields of a finding that locate it in its file. */
export type Located = Pick<Finding, 'file' | 'line' | 'column' | 'endLine' | 'endColumn'>;

/** A few lines of a file around a finding, for the reader who should not need to open the file. */
export interface Excerpt {
  /** Line number of `lines[0]`. */
  startLine: number;
  lines: string[];
  /** The reported line. */
  line: number;
  /** The reported columns on the reported line, 0-based, end exclusive; absent when the range starts elsewhere. */
  from?: number;
  to?: number;
  /** Whether a line was cut at `MAX_LINE_LENGTH`. */
  truncated: boolean;
}

/** Lines shown before and after the reported line. */
export const EXCERPT_CONTEXT = 2;

/** Longer lines are cut: a report is read, not scrolled sideways. */
export const MAX_LINE_LENGTH = 160;

export interface Sources {
  /** The file's lines, or `undefined` when it cannot be read (any more). */
  lines: (file: string) => readonly string[] | undefined;
  /** The excerpt around a finding, or `undefined` when its file or line is gone. */
  excerpt: (finding: Located) => Excerpt | undefined;
}

/**
 * Reads the audited files (each once) for code excerpts and baseline fingerprints. `file` is relative
 * to `root`, with forward slashes, as in the report. A byte-order mark is dropped, as ESLint does, so
 * that columns agree with the rules' columns.
 */
export function createSources(root: string): Sources {
  const cache = new Map<string, readonly string[] | undefined>();
  const lines = (file: string): readonly string[] | undefined => {
    if (cache.has(file)) return cache.get(file);
    let value: readonly string[] | undefined;
    try {
      value = readFileSync(path.resolve(root, file), 'utf8').replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
    } catch {
      // Deleted or unreadable since the lint: the report simply shows no excerpt for it.
      value = undefined;
    }
    cache.set(file, value);
    return value;
  };
  return {
    lines,
    excerpt: (finding) => {
      const all = lines(finding.file);
      return all ? excerptOf(all, finding) : undefined;
    },
  };
}

/** The excerpt of a finding from its file's lines. */
export function excerptOf(all: readonly string[], finding: Located, context = EXCERPT_CONTEXT): Excerpt | undefined {
  const line = finding.line;
  if (line < 1 || line > all.length) return undefined;
  const first = Math.max(1, line - context);
  const last = Math.min(all.length, line + context);
  let truncated = false;
  const shown = all.slice(first - 1, last).map((text) => {
    if (text.length <= MAX_LINE_LENGTH) return text;
    truncated = true;
    return `${text.slice(0, MAX_LINE_LENGTH)}…`;
  });
  // Trailing empty lines (the file's final newline) say nothing.
  while (shown.length > line - first + 1 && shown.at(-1)!.trim() === '') shown.pop();
  const from = Math.max(0, finding.column - 1);
  const sameLine = finding.endLine === undefined || finding.endLine === line;
  const to = sameLine && finding.endColumn !== undefined ? finding.endColumn - 1 : all[line - 1]!.length;
  return {
    startLine: first,
    lines: shown,
    line,
    ...(to > from && from < MAX_LINE_LENGTH ? { from, to: Math.min(to, MAX_LINE_LENGTH) } : {}),
    truncated,
  };
}

/** Whitespace collapsed to single spaces and trimmed: the code as a reader sees it, not as it is indented. */
export const collapseWhitespace = (text: string): string => text.replace(/\s+/g, ' ').trim();

/**
 * The normalised code of a finding: the reported range on its first line and that whole line, each
 * whitespace-collapsed. No line number enters it, so the code may move up or down; a range spanning
 * many lines (a whole handler) contributes only its first line, so edits inside the body keep it.
 */
export function normalisedCode(all: readonly string[] | undefined, finding: Located): string {
  const text = all?.[finding.line - 1];
  if (text === undefined) return '';
  const sameLine = finding.endLine === undefined || finding.endLine === finding.line;
  const range = text.slice(finding.column - 1, sameLine && finding.endColumn !== undefined ? finding.endColumn - 1 : undefined);
  return `${collapseWhitespace(range)}\n${collapseWhitespace(text)}`;
}
