import { TextBuilder, type TextMap } from './text-map.js';

/** What the rewrite changed that the parser must not lose: MySQL upserts it had to cut out. */
export interface DialectNote {
  kind: 'on-duplicate-key-update' | 'insert-ignore' | 'replace-into';
  /** Offset in the rewritten text (inside the statement it belongs to). */
  offset: number;
}

interface Token {
  type: 'word' | 'string' | 'quoted' | 'backquoted' | 'comment' | 'space' | 'dollar' | 'punct' | 'placeholder';
  start: number;
  end: number;
  /** For placeholders: what they become. */
  replacement?: 'param' | 'identifier';
}

const WORD = /[A-Za-z_\u0080-\uffff]/;
const WORD_PART = /[A-Za-z0-9_$\u0080-\uffff]/;

/**
 * A small SQL lexer: strings, quoted identifiers, comments, `$$` bodies, casts and jsonb operators are
 * skipped, so only real placeholders are found. Never throws: an unterminated string runs to the end.
 */
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const push = (type: Token['type'], start: number, end: number, replacement?: Token['replacement']) => {
    tokens.push(replacement ? { type, start, end, replacement } : { type, start, end });
    i = end;
  };
  const until = (close: string, from: number, escapes: boolean): number => {
    let j = from;
    while (j < text.length) {
      const c = text[j]!;
      if (escapes && c === '\\') j += 2;
      else if (c === close && text[j + 1] === close) j += 2;
      else if (c === close) return j + 1;
      else j++;
    }
    return text.length;
  };
  while (i < text.length) {
    const c = text[i]!;
    const next = text[i + 1];
    const previous = tokens.length > 0 ? text[i - 1] : undefined;
    if (/\s/.test(c)) {
      let j = i + 1;
      while (j < text.length && /\s/.test(text[j]!)) j++;
      push('space', i, j);
    } else if (c === '-' && next === '-') {
      const j = text.indexOf('\n', i);
      push('comment', i, j === -1 ? text.length : j);
    } else if (c === '/' && next === '*') {
      const j = text.indexOf('*/', i + 2);
      push('comment', i, j === -1 ? text.length : j + 2);
    } else if (c === "'") {
      push('string', i, until("'", i + 1, true));
    } else if (c === '"') {
      push('quoted', i, until('"', i + 1, false));
    } else if (c === '`') {
      push('backquoted', i, until('`', i + 1, false));
    } else if (c === '$' && next !== undefined && /[0-9]/.test(next)) {
      let j = i + 1;
      while (j < text.length && /[0-9]/.test(text[j]!)) j++;
      push('punct', i, j);
    } else if (c === '$') {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(text.slice(i));
      if (tag) {
        const close = text.indexOf(tag[0], i + tag[0].length);
        push('dollar', i, close === -1 ? text.length : close + tag[0].length);
      } else {
        push('punct', i, i + 1);
      }
    } else if (c === ':' && next === ':') {
      push('punct', i, i + 2);
    } else if (c === ':' && next !== undefined && WORD.test(next) && previous !== ':') {
      let j = i + 2;
      while (j < text.length && WORD_PART.test(text[j]!)) j++;
      // knex: `:name:` binds an identifier, `:name` a value.
      if (text[j] === ':' && text[j + 1] !== ':') push('placeholder', i, j + 1, 'identifier');
      else push('placeholder', i, j, 'param');
    } else if (c === '?') {
      if (next === '?') push('placeholder', i, i + 2, 'identifier');
      else if (next === '|' || next === '&') push('punct', i, i + 2);
      else push('placeholder', i, i + 1, 'param');
    } else if (
      c === '@' &&
      next !== undefined &&
      WORD.test(next) &&
      (previous === undefined || /[\s(,=<>]/.test(previous))
    ) {
      let j = i + 2;
      while (j < text.length && WORD_PART.test(text[j]!)) j++;
      push('placeholder', i, j, 'param');
    } else if (WORD.test(c)) {
      let j = i + 1;
      while (j < text.length && WORD_PART.test(text[j]!)) j++;
      push('word', i, j);
    } else {
      push('punct', i, i + 1);
    }
  }
  return tokens;
}

/**
 * Rewrites what PostgreSQL's grammar does not know into what it does, keeping a map back: driver
 * placeholders (`?`, `??`, `:name`, `:name:`, `@name`) become `$n` parameters or identifiers, MySQL
 * backquoted identifiers become double-quoted ones, and MySQL upserts (`ON DUPLICATE KEY UPDATE …`,
 * `INSERT IGNORE`, `REPLACE INTO`) and SQLite's `INSERT OR REPLACE` / `INSERT OR IGNORE` are reduced
 * to plain INSERTs with a note, and MySQL's unquoted `INTERVAL 7 DAY` becomes `INTERVAL '7 DAY'`. With
 * `logicalOperators` (a MySQL statement the grammar rejected as written), `&&` and `||` become `AND`
 * and `OR`. Pure.
 */
export function rewriteDialect(text: string, { logicalOperators = false } = {}): { text: string; map: TextMap; notes: DialectNote[] } {
  // Fast path: nothing to rewrite (plain PostgreSQL with `$n` parameters).
  if (!logicalOperators && !/[?:@`]|\b(ignore|replace|duplicate|interval)\b/i.test(text)) return { ...new TextBuilder().copy(text, 0).build(), notes: [] };
  const tokens = tokenize(text);
  const builder = new TextBuilder();
  const notes: DialectNote[] = [];
  const words = (index: number, count: number): string[] => {
    const found: string[] = [];
    for (let k = index; k < tokens.length && found.length < count; k++) {
      const token = tokens[k]!;
      if (token.type === 'space' || token.type === 'comment') continue;
      if (token.type !== 'word') break;
      found.push(text.slice(token.start, token.end).toUpperCase());
    }
    return found;
  };
  let param = 0;
  let identifier = 0;
  let statementStart = true;
  for (let k = 0; k < tokens.length; k++) {
    const token = tokens[k]!;
    const raw = text.slice(token.start, token.end);
    const wasStatementStart = statementStart;
    if (token.type !== 'space' && token.type !== 'comment') statementStart = raw === ';';
    if (token.type === 'placeholder') {
      const replacement = token.replacement === 'identifier' ? `__ident${++identifier}` : `$${++param}`;
      builder.replace(replacement, token.start, token.end);
    } else if (token.type === 'backquoted') {
      builder.replace(`"${raw.slice(1, raw.endsWith('`') && raw.length > 1 ? -1 : undefined)}"`, token.start, token.end);
    } else if (token.type === 'word') {
      const upper = raw.toUpperCase();
      if (upper === 'IGNORE' && previousWord(tokens, text, k) === 'INSERT') {
        notes.push({ kind: 'insert-ignore', offset: builder.text.length });
        builder.replace('', token.start, token.end);
      } else if (upper === 'OR' && previousWord(tokens, text, k) === 'INSERT' && SQLITE_CONFLICT_ACTIONS.has(words(k + 1, 1)[0] ?? '')) {
        // SQLite `INSERT OR REPLACE` / `INSERT OR IGNORE`: the same as MySQL's `REPLACE INTO` / `INSERT IGNORE`.
        const action = nextWordIndex(tokens, k);
        notes.push({ kind: text.slice(tokens[action]!.start, tokens[action]!.end).toUpperCase() === 'REPLACE' ? 'replace-into' : 'insert-ignore', offset: builder.text.length });
        builder.replace('', token.start, tokens[action]!.end);
        k = action;
      } else if (upper === 'REPLACE' && wasStatementStart && words(k + 1, 1)[0] === 'INTO') {
        notes.push({ kind: 'replace-into', offset: builder.text.length });
        builder.replace('INSERT', token.start, token.end);
      } else if (upper === 'INTERVAL' && mysqlInterval(tokens, text, k)) {
        // MySQL `INTERVAL 7 DAY` / `INTERVAL ? DAY`: PostgreSQL's grammar takes only a quoted amount (`INTERVAL '7 DAY'`).
        const { amount, unit, end } = mysqlInterval(tokens, text, k)!;
        const written = amount.type === 'placeholder' ? `($${++param} * INTERVAL '1 ${unit}')` : `INTERVAL '${text.slice(amount.start, amount.end)} ${unit}'`;
        builder.replace(written, token.start, tokens[end]!.end);
        k = end;
      } else if (upper === 'ON' && words(k + 1, 3).join(' ') === 'DUPLICATE KEY UPDATE') {
        notes.push({ kind: 'on-duplicate-key-update', offset: Math.max(0, builder.text.length - 1) });
        let end = k;
        while (end + 1 < tokens.length && text.slice(tokens[end + 1]!.start, tokens[end + 1]!.end) !== ';') end++;
        builder.replace('', token.start, tokens[end]!.end);
        k = end;
      } else {
        builder.copy(raw, token.start);
      }
    } else if (logicalOperators && (raw === '&' || raw === '|') && text[token.end] === raw && tokens[k + 1]?.start === token.end) {
      // MySQL's `&&` and `||` (without PIPES_AS_CONCAT): AND and OR. PostgreSQL reads `&&` as an operator, `||` as concatenation.
      builder.replace(raw === '&' ? ' AND ' : ' OR ', token.start, tokens[k + 1]!.end);
      k++;
    } else {
      builder.copy(raw, token.start);
    }
  }
  const built = builder.build();
  return { text: built.text, map: built.map, notes };
}

/** MySQL's units of a plain `INTERVAL expr unit`. */
const MYSQL_INTERVAL_UNITS = new Set(['MICROSECOND', 'SECOND', 'MINUTE', 'HOUR', 'DAY', 'WEEK', 'MONTH', 'QUARTER', 'YEAR']);

/**
 * After the `INTERVAL` word at `index`: a number (digits, one `.`) or a value placeholder, then one of
 * `MYSQL_INTERVAL_UNITS`; the amount's span, the unit and the index of its token. Null otherwise
 * (PostgreSQL's `INTERVAL '7 days'`).
 */
function mysqlInterval(tokens: Token[], text: string, index: number): { amount: { type: 'number' | 'placeholder'; start: number; end: number }; unit: string; end: number } | null {
  let k = index + 1;
  if (tokens[k]?.type !== 'space') return null;
  k++;
  const first = tokens[k];
  if (!first) return null;
  let amount: { type: 'number' | 'placeholder'; start: number; end: number };
  if (first.type === 'placeholder' && first.replacement === 'param') {
    amount = { type: 'placeholder', start: first.start, end: first.end };
  } else {
    let end = first.start;
    while (tokens[k]?.type === 'punct' && /^[0-9.]$/.test(text.slice(tokens[k]!.start, tokens[k]!.end))) end = tokens[k++]!.end;
    const number = text.slice(first.start, end);
    if (!/^[0-9]+(?:\.[0-9]+)?$/.test(number)) return null;
    amount = { type: 'number', start: first.start, end };
    k--;
  }
  if (tokens[k + 1]?.type !== 'space') return null;
  const unitIndex = k + 2;
  const unitToken = tokens[unitIndex];
  if (unitToken?.type !== 'word') return null;
  const unit = text.slice(unitToken.start, unitToken.end).toUpperCase();
  return MYSQL_INTERVAL_UNITS.has(unit) ? { amount, unit, end: unitIndex } : null;
}

/** SQLite's conflict actions after `INSERT OR` that change what a second insert of the same key does. */
const SQLITE_CONFLICT_ACTIONS = new Set(['REPLACE', 'IGNORE']);

/** The index of the next token after `index` that is not white space or a comment. */
function nextWordIndex(tokens: Token[], index: number): number {
  let k = index + 1;
  while (tokens[k]!.type === 'space' || tokens[k]!.type === 'comment') k++;
  return k;
}

function previousWord(tokens: Token[], text: string, index: number): string | null {
  for (let k = index - 1; k >= 0; k--) {
    const token = tokens[k]!;
    if (token.type === 'space' || token.type === 'comment') continue;
    return token.type === 'word' ? text.slice(token.start, token.end).toUpperCase() : null;
  }
  return null;
}
