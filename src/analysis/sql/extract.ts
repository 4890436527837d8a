import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { resolveVariable, skipTypeWrappers, writeReferences } from '../ast/index.js';
import { TextBuilder, type TextMap } from './text-map.js';

/** A `${…}` hole, or any expression whose value is not known in the file, inside a SQL text. */
export interface SqlHole {
  /** The expression in the source. */
  node: TSESTree.Node;
  /**
   * What stands in its place in {@link SqlText.text}: a parameter (`$3`), an identifier
   * (`__hole1`, after FROM/INTO/UPDATE or before `=` in SET), a VALUES / IN list, or nothing
   * (`dropped`: a hole that stands for a whole clause, like `FROM users ${where}`).
   */
  fill: 'param' | 'identifier' | 'list' | 'assignment' | 'default-values' | 'dropped';
  /** The text put in its place. Holes with the same source text get the same fill. */
  text: string;
  /** `[start, end)` of the fill in {@link SqlText.text}. */
  range: [number, number];
}

/** SQL text recovered from source code, with a map back to the source. */
export interface SqlText {
  /** The SQL, holes filled. */
  text: string;
  /** Maps offsets in `text` to offsets in the source file (`sourceCode.text`). */
  map: TextMap;
  holes: SqlHole[];
  /**
   * The source literal when the whole text is one plain string or hole-free template literal that
   * can be edited in place (a suggestion may append to it); null otherwise.
   */
  literal: TSESTree.StringLiteral | TSESTree.TemplateLiteral | null;
}

type Part = { kind: 'text'; value: string; start: number; end: number; exact: boolean } | { kind: 'hole'; node: TSESTree.Node };

const MAX_DEPTH = 8;

/**
 * Recovers the SQL text of an expression: string literals, template literals (holes filled by
 * context), `+` concatenation, `const` (or never reassigned) variables of the same file, and nested
 * `sql\`…\`` fragments are followed. Returns null when no literal text at all is found.
 */
export function extractSqlText(node: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): SqlText | null {
  const parts: Part[] = [];
  collect(node, sourceCode, parts, 0, new Set());
  if (!parts.some((part) => part.kind === 'text' && part.value.trim() !== '')) return null;
  const built = fill(parts, sourceCode);
  const target = skipTypeWrappers(node);
  const literal =
    (target.type === AST_NODE_TYPES.Literal && typeof target.value === 'string') ||
    (target.type === AST_NODE_TYPES.TemplateLiteral && target.expressions.length === 0)
      ? target
      : null;
  return { ...built, literal };
}

function collect(
  raw: TSESTree.Node,
  sourceCode: Readonly<TSESLint.SourceCode>,
  parts: Part[],
  depth: number,
  seen: Set<TSESTree.Node>,
): void {
  const node = skipTypeWrappers(raw);
  if (depth > MAX_DEPTH || seen.has(node)) {
    parts.push({ kind: 'hole', node });
    return;
  }
  switch (node.type) {
    case AST_NODE_TYPES.Literal:
      if (typeof node.value === 'string') {
        const inner = sourceCode.text.slice(node.range[0] + 1, node.range[1] - 1);
        parts.push({ kind: 'text', value: node.value, start: node.range[0] + (inner === node.value ? 1 : 0), end: node.range[1] - (inner === node.value ? 1 : 0), exact: inner === node.value });
        return;
      }
      break;
    case AST_NODE_TYPES.TemplateLiteral:
      node.quasis.forEach((quasi, index) => {
        const value = quasi.value.cooked ?? quasi.value.raw;
        const exact = value === quasi.value.raw;
        const start = quasi.range[0] + 1;
        const end = quasi.range[1] - (quasi.tail ? 1 : 2);
        parts.push({ kind: 'text', value, start: exact ? start : quasi.range[0], end: exact ? end : quasi.range[1], exact });
        const expression = node.expressions[index];
        if (expression) collect(expression, sourceCode, parts, depth + 1, seen);
      });
      return;
    case AST_NODE_TYPES.TaggedTemplateExpression:
      // A nested fragment: postgres.js `${sql`AND x = 1`}`, Kysely / Drizzle `sql` pieces.
      if (depth > 0) {
        collect(node.quasi, sourceCode, parts, depth + 1, seen);
        return;
      }
      break;
    case AST_NODE_TYPES.BinaryExpression:
      if (node.operator === '+') {
        collect(node.left, sourceCode, parts, depth + 1, seen);
        collect(node.right, sourceCode, parts, depth + 1, seen);
        return;
      }
      break;
    case AST_NODE_TYPES.Identifier: {
      const init = constantInit(node, sourceCode);
      if (init) {
        seen.add(node);
        collect(init, sourceCode, parts, depth + 1, seen);
        seen.delete(node);
        return;
      }
      break;
    }
    default:
      break;
  }
  parts.push({ kind: 'hole', node });
}

/** The initialiser of a variable declared once and never reassigned, in the same file. */
export function constantInit(identifier: TSESTree.Identifier, sourceCode: Readonly<TSESLint.SourceCode>): TSESTree.Expression | null {
  const variable = resolveVariable(identifier, sourceCode);
  if (!variable) return null;
  const def = variable.defs[0];
  if (variable.defs.length !== 1 || def?.node.type !== AST_NODE_TYPES.VariableDeclarator || def.node.id.type !== AST_NODE_TYPES.Identifier) {
    return null;
  }
  const declarator = def.node;
  if (!declarator.init || writeReferences(variable).some((reference) => reference.identifier !== declarator.id)) {
    return null;
  }
  return declarator.init;
}

/** Keywords after which an operand (a value) follows: a hole there is a parameter. */
const OPERAND_KEYWORDS = new Set([
  'select', 'where', 'and', 'or', 'not', 'on', 'having', 'limit', 'offset', 'then', 'else', 'when', 'case',
  'is', 'like', 'ilike', 'between', 'returning', 'distinct', 'all', 'any', 'some', 'exists', 'by', 'as',
  'coalesce', 'interval', 'array', 'using', 'fetch', 'first', 'next', 'do', 'to', 'with', 'set',
]);
/** Keywords after which a table name follows: a hole there is an identifier. */
const TABLE_KEYWORDS = new Set(['from', 'join', 'into', 'update', 'table', 'only']);

function fill(parts: Part[], sourceCode: Readonly<TSESLint.SourceCode>): { text: string; map: TextMap; holes: SqlHole[] } {
  const builder = new TextBuilder();
  const holes: SqlHole[] = [];
  const byText = new Map<string, string>();
  let params = 0;
  let identifiers = 0;
  for (const part of parts) {
    if (part.kind === 'text') {
      const max = [...part.value.matchAll(/\$(\d+)/g)].reduce((m, match) => Math.max(m, Number(match[1])), 0);
      params = Math.max(params, max);
    }
  }
  parts.forEach((part, index) => {
    if (part.kind === 'text') {
      if (part.exact) builder.copy(part.value, part.start);
      else builder.replace(part.value, part.start, part.end);
      return;
    }
    const before = builder.text;
    const nextPart = parts[index + 1];
    const after = nextPart?.kind === 'text' ? nextPart.value : '';
    const kind = holeKind(before, after);
    const source = sourceCode.getText(part.node);
    // The same expression gets the same fill, so `${c} = ${c} - $1` stays a recognisable decrement.
    const key = `${kind}:${source}`;
    let text = byText.get(key) ?? (kind === 'param' ? byText.get(`identifier:${source}`) : undefined);
    if (text === undefined) {
      if (kind === 'param') text = `$${++params}`;
      else if (kind === 'identifier') text = `__hole${++identifiers}`;
      else if (kind === 'list') text = `($${++params})`;
      else if (kind === 'assignment') text = `__hole${++identifiers} = $${++params}`;
      else if (kind === 'default-values') text = ' DEFAULT VALUES';
      else text = ' ';
      byText.set(key, text);
    }
    const start = builder.text.length;
    builder.replace(text, part.node.range[0], part.node.range[1]);
    holes.push({ node: part.node, fill: kind, text, range: [start, builder.text.length] });
  });
  return { ...builder.build(), holes };
}

function holeKind(before: string, after: string): SqlHole['fill'] {
  const previous = /([A-Za-z_][\w$]*|\$\d+|'[^']*'|"[^"]*"|[^\s\w])\s*$/.exec(before)?.[1] ?? '';
  const lower = previous.toLowerCase();
  const next = after.trimStart();
  if (previous === '.' || next.startsWith('.')) return 'identifier';
  if (TABLE_KEYWORDS.has(lower)) return 'identifier';
  if (lower === 'set') return next.startsWith('=') ? 'identifier' : 'assignment';
  if (previous === ',' && next.startsWith('=') && !next.startsWith('=>')) return 'identifier';
  if (lower === 'values' || lower === 'in') return 'list';
  if (/\binto\s+[\w".]+\s*$/i.test(before)) return 'default-values';
  if (previous === '' || previous === ')' || previous === ';') return 'dropped';
  if (/^[A-Za-z_]/.test(previous) && !OPERAND_KEYWORDS.has(lower)) return 'dropped';
  if (/^(\$\d+|'|")/.test(previous)) return 'dropped';
  return 'param';
}
