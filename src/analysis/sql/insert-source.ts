import { scanSync } from 'libpg-query';

/**
 * Additive to the SQL engine (which does not model an INSERT's source query): whether an INSERT
 * statement's text is `INSERT … SELECT … WHERE NOT EXISTS (…)`, the single-statement form of
 * "insert unless already there". Read from PostgreSQL's own tokenizer, so strings, quoted names and
 * comments never match; a text the tokenizer rejects gives false.
 */
export function isInsertSelectWhereNotExists(text: string): boolean {
  let words: string[];
  try {
    words = scanSync(text).tokens.map((token: { text: string }) => token.text.toUpperCase());
  } catch {
    // An unterminated string or comment: nothing can be said about this text.
    return false;
  }
  const select = words.indexOf('SELECT');
  if (words[0] !== 'INSERT' || select === -1) return false;
  for (let index = select; index < words.length - 2; index++) {
    if (words[index] === 'WHERE' && words[index + 1] === 'NOT' && words[index + 2] === 'EXISTS') return true;
  }
  return false;
}
