/**
 * Text from the audited code (file names, code in messages, a package.json name) made safe for where
 * a report puts it: a terminal, a markdown document, a URI.
 */

// C0 and C1 control characters, DEL, and the bidirectional overrides and isolates ("Trojan Source").
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /\r?\n|\t|[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

const visible = (character: string): string => {
  if (character === '\t') return ' ';
  if (character.endsWith('\n')) return '\\n';
  const code = character.codePointAt(0)!;
  return code > 0xff ? `\\u${code.toString(16).toUpperCase().padStart(4, '0')}` : `\\x${code.toString(16).toUpperCase().padStart(2, '0')}`;
};

/** One line of text for a terminal: escape sequences, carriage returns and newlines shown as `\x1B`, `\n`, never obeyed. */
export const terminalSafe = (text: string): string => text.replace(CONTROL, visible);

/** `text` as a markdown code span: a fence longer than any backtick run inside, one line, and `|` escaped in tables. */
export function markdownCode(text: string, inTable = false): string {
  const oneLine = terminalSafe(text);
  const longest = Math.max(0, ...[...oneLine.matchAll(/`+/g)].map(([run]) => run.length));
  const fence = '`'.repeat(longest + 1);
  const padded = oneLine.startsWith('`') || oneLine.endsWith('`') || /^ .* $/.test(oneLine) ? ` ${oneLine} ` : oneLine;
  return `${fence}${inTable ? padded.replace(/\|/g, '\\|') : padded}${fence}`;
}

/** Plain text (no markup of its own) as markdown: every character that could start markup escaped. */
export function markdownPlain(text: string, inTable = false): string {
  const escaped = terminalSafe(text)
    .replace(/[\\`*_[\]~]/g, '\\$&')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
  return inTable ? escaped.replace(/\|/g, '\\|') : escaped;
}

/**
 * A rule's message, risk or fix as markdown: its backticked code spans kept as code (re-fenced, so a
 * backtick inside cannot end them), the rest escaped as plain text.
 */
export function markdownMessage(text: string, inTable = false): string {
  const parts: string[] = [];
  let rest = text;
  for (let match = /`([^`]+)`/.exec(rest); match; match = /`([^`]+)`/.exec(rest)) {
    parts.push(markdownPlain(rest.slice(0, match.index), inTable), markdownCode(match[1]!, inTable));
    rest = rest.slice(match.index + match[0].length);
  }
  parts.push(markdownPlain(rest, inTable));
  return parts.join('');
}

/** A relative path as a URI reference: each segment percent-encoded (`#`, `?`, `%`, spaces, parentheses), the slashes kept. */
export const uriPath = (file: string): string =>
  file
    .split('/')
    .map((segment) => (segment === '..' || segment === '.' ? segment : encodeURIComponent(segment).replace(/[!'()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`)))
    .join('/');

/** A URL as a markdown link destination: the characters that would end or break it percent-encoded. */
export const linkTarget = (url: string): string => url.replace(/[\s()<>\\`|]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
