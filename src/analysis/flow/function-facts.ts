import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

import { fileIndex, getPropertyName, skipTypeWrappers, walkSameFunction } from '../ast/index.js';
import { snakeCaseColumn } from '../money/columns.js';

/** Knex / Kysely / Drizzle links that take a row lock: `.forUpdate()`, `.forShare()`… */
export const LOCKING_LINKS: ReadonlySet<string> = new Set(['forUpdate', 'forShare', 'forNoKeyUpdate', 'forKeyShare']);

/**
 * What the money rules ask about one function body (its own code, not nested functions), gathered
 * in a single walk, so that N statements in one function cost O(N + size), not O(N × size).
 */
export interface FunctionIndex {
  /** `user.balance < x`, `rows[0]!.balance >= 0`: by the identifier at the root of a compared member, its normalised property names. */
  comparedMembers: Map<string, Set<string>>;
  /** `balance < 0`: the normalised names of identifiers compared. */
  comparedNames: Set<string>;
  /** `r.balance < 0` (side written as a member, no wrappers): per normalised property name, the start of its last comparison. */
  lastComparison: Map<string, number>;
  /** `user.balance < x`, `balance >= price` (either side, member or name): per normalised name, the start of its first comparison. */
  firstComparison: Map<string, number>;
  /** The start of the first locking member (`.forUpdate`), or Infinity. */
  firstLock: number;
}

/** {@link FunctionIndex} by function (or Program) node, and a per-lint memo of answers; create one inside a rule's `create()`. */
export interface FunctionFacts {
  index(fn: TSESTree.Node): FunctionIndex;
  /** A memo of per-node answers (for example whether a catch handler names a unique violation). */
  remember(node: TSESTree.Node, key: string, compute: () => boolean): boolean;
}

const COMPARISON = /^[<>]=?$/;

/**
 * The indexes by function node, shared by every rule and model that asks (a pure memo: an index is
 * read from the function's AST alone, and lives as long as that AST).
 */
const indexes = new WeakMap<TSESTree.Node, FunctionIndex>();

export function createFunctionFacts(): FunctionFacts {
  const answers = new WeakMap<TSESTree.Node, Map<string, boolean>>();
  return {
    index(fn) {
      let index = indexes.get(fn);
      if (!index) {
        index = buildIndex(fn);
        indexes.set(fn, index);
      }
      return index;
    },
    remember(node, key, compute) {
      let byKey = answers.get(node);
      if (!byKey) {
        byKey = new Map();
        answers.set(node, byKey);
      }
      let answer = byKey.get(key);
      if (answer === undefined) {
        answer = compute();
        byKey.set(key, answer);
      }
      return answer;
    },
  };
}

/**
 * The names compared anywhere in a file, normalised as {@link FunctionIndex.firstComparison} keys
 * them: a name no comparison of the file mentions is compared in none of its functions, and a
 * question about it needs no function index. Read once per file from the shared file index.
 */
export function namesComparedInFile(program: TSESTree.Program): ReadonlySet<string> {
  let names = comparedInFile.get(program);
  if (!names) {
    const found = new Set<string>();
    for (const node of fileIndex(program).of(AST_NODE_TYPES.BinaryExpression)) {
      if (!COMPARISON.test(node.operator)) continue;
      for (const raw of [node.left, node.right]) {
        const name = comparedName(skipTypeWrappers(raw));
        if (name !== null) found.add(snakeCaseColumn(name));
      }
    }
    names = found;
    comparedInFile.set(program, names);
  }
  return names;
}

const comparedInFile = new WeakMap<TSESTree.Program, ReadonlySet<string>>();

/** The name a side of a comparison compares: `user.balance` → `balance`, `balance` → `balance`. */
function comparedName(side: TSESTree.Node): string | null {
  return side.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(side) : side.type === AST_NODE_TYPES.Identifier ? side.name : null;
}

/** How many function indexes were built (a work count for tests). */
export const functionFactsWork = { indexes: 0 };

function buildIndex(fn: TSESTree.Node): FunctionIndex {
  functionFactsWork.indexes++;
  const index: FunctionIndex = { comparedMembers: new Map(), comparedNames: new Set(), lastComparison: new Map(), firstComparison: new Map(), firstLock: Infinity };
  walkSameFunction(fn, (node) => {
    if (node.type === AST_NODE_TYPES.MemberExpression) {
      if (node.range[0] < index.firstLock && LOCKING_LINKS.has(getPropertyName(node) ?? '')) index.firstLock = node.range[0];
    } else if (node.type === AST_NODE_TYPES.BinaryExpression && COMPARISON.test(node.operator)) {
      for (const raw of [node.left, node.right]) {
        if (raw.type === AST_NODE_TYPES.MemberExpression) {
          const name = snakeCaseColumn(getPropertyName(raw) ?? '');
          index.lastComparison.set(name, Math.max(index.lastComparison.get(name) ?? -Infinity, node.range[0]));
        }
        const side = skipTypeWrappers(raw);
        const compared = comparedName(side);
        if (compared !== null && !index.firstComparison.has(snakeCaseColumn(compared))) index.firstComparison.set(snakeCaseColumn(compared), node.range[0]);
        if (side.type === AST_NODE_TYPES.MemberExpression) {
          let root: TSESTree.Node = side;
          while (root.type === AST_NODE_TYPES.MemberExpression) root = skipTypeWrappers(root.object);
          if (root.type !== AST_NODE_TYPES.Identifier) continue;
          let names = index.comparedMembers.get(root.name);
          if (!names) {
            names = new Set();
            index.comparedMembers.set(root.name, names);
          }
          names.add(snakeCaseColumn(getPropertyName(side) ?? ''));
        } else if (side.type === AST_NODE_TYPES.Identifier) {
          index.comparedNames.add(snakeCaseColumn(side.name));
        }
      }
    }
  });
  return index;
}
