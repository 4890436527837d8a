import { scanSync } from 'libpg-query';

interface Token {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** Tokens by SQL text: a pure memo, like the parser's (each distinct text is tokenised once per process). */
const tokenMemo = new Map<string, readonly Token[] | null>();
const TOKEN_MEMO_LIMIT = 20_000;

/** PostgreSQL's tokens of a text, or null when it cannot be tokenised (an unterminated string or comment). */
function tokensOf(text: string): readonly Token[] | null {
  let tokens = tokenMemo.get(text);
  if (tokens === undefined) {
    try {
      tokens = (scanSync(text) as { tokens: Token[] }).tokens;
    } catch {
      tokens = null;
    }
    if (tokenMemo.size >= TOKEN_MEMO_LIMIT) tokenMemo.clear();
    tokenMemo.set(text, tokens);
  }
  return tokens;
}

/**
 * Additive to the SQL engine (which does not model an INSERT's source query): whether an INSERT
 * statement's text is `INSERT … SELECT … WHERE NOT EXISTS (…)`, the single-statement form of
 * "insert unless already there". Read from PostgreSQL's own tokenizer, so strings, quoted names and
 * comments never match; a text the tokenizer rejects gives false.
 */
export function isInsertSelectWhereNotExists(text: string): boolean {
  // An unterminated string or comment: nothing can be said about this text.
  const words = tokensOf(text)?.map((token) => token.text.toUpperCase());
  if (!words) return false;
  const select = words.indexOf('SELECT');
  if (words[0] !== 'INSERT' || select === -1) return false;
  for (let index = select; index < words.length - 2; index++) {
    if (words[index] === 'WHERE' && words[index + 1] === 'NOT' && words[index + 2] === 'EXISTS') return true;
  }
  return false;
}

/**
 * Additive to the SQL engine: the source ranges, in `text`, of the items of an INSERT's first
 * `VALUES (…)` row (`$1`, `?`, a filled hole, an expression), read from PostgreSQL's tokenizer; null
 * when the statement has no VALUES row or the text cannot be tokenised.
 */
export function insertValueItems(text: string): [number, number][] | null {
  // An unterminated string or comment: the VALUES row cannot be told.
  const tokens = tokensOf(text);
  if (!tokens) return null;
  const toChar = byteToChar(text);
  const values = tokens.findIndex((token) => token.text.toUpperCase() === 'VALUES');
  if (values === -1 || tokens[values + 1]?.text !== '(') return null;
  const items: [number, number][] = [];
  let depth = 0;
  let start = -1;
  let end = -1;
  for (let index = values + 2; index < tokens.length; index++) {
    const token = tokens[index]!;
    if (depth === 0 && (token.text === ',' || token.text === ')')) {
      if (start !== -1) items.push([toChar(start), toChar(end)]);
      if (token.text === ')') return items;
      start = -1;
      continue;
    }
    if (token.text === '(') depth++;
    if (token.text === ')') depth--;
    if (start === -1) start = token.start;
    end = token.end;
  }
  return null;
}

/** libpg-query reports UTF-8 byte offsets: a converter to character offsets. */
function byteToChar(text: string): (byte: number) => number {
  const encoded = Buffer.from(text, 'utf8');
  if (encoded.length === text.length) return (byte) => byte;
  return (byte) => encoded.subarray(0, byte).toString('utf8').length;
}
