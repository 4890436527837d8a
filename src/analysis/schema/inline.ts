import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

import { childNodes } from '../ast/index.js';
import type { FileRef } from '../summaries/index.js';

import type { SchemaFact } from './model.js';
import { sqlSchemaFacts } from './sql.js';

/** A script file that declares tables in code: `db.exec(\`CREATE TABLE IF NOT EXISTS …\`)`. */
export const INLINE_DDL = /\b(?:CREATE\s+(?:UNIQUE\s+)?(?:TABLE|INDEX)|ALTER\s+TABLE)\b/i;

const byFile = new WeakMap<FileRef['sourceCode'], SchemaFact[]>();
/** How many script files had their SQL strings read for DDL (a work count for tests). */
export const inlineWork = { files: 0 };

/**
 * The schema facts of the DDL a script file runs: every string literal and template literal
 * without holes whose text creates or alters a table or index, in source order. A template with
 * holes (`CREATE TABLE ${name}`) is skipped: its text is not known. Memoised per parsed version of
 * the file.
 */
export function inlineSchemaFacts(file: FileRef): SchemaFact[] {
  let facts = byFile.get(file.sourceCode);
  if (!facts) {
    inlineWork.files++;
    facts = [];
    const stack: TSESTree.Node[] = [file.sourceCode.ast];
    const texts: { at: number; text: string }[] = [];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (node.type === AST_NODE_TYPES.Literal && typeof node.value === 'string') {
        if (INLINE_DDL.test(node.value)) texts.push({ at: node.range[0], text: node.value });
        continue;
      }
      if (node.type === AST_NODE_TYPES.TemplateLiteral) {
        const text = node.quasis[0]?.value.cooked;
        if (node.expressions.length === 0 && text && INLINE_DDL.test(text)) texts.push({ at: node.range[0], text });
        continue;
      }
      stack.push(...childNodes(node));
    }
    texts.sort((a, b) => a.at - b.at);
    for (const { text } of texts) facts.push(...sqlSchemaFacts(text));
    byFile.set(file.sourceCode, facts);
  }
  return facts;
}
