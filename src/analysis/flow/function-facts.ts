import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

import { enclosingFunction, fileIndex, getPropertyName, isFunction, memberRoot, skipTypeWrappers, walkSameFunction } from '../ast/index.js';
import { snakeCaseColumn } from '../money/index.js';

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
        const name = comparedName(comparedSide(raw));
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

/**
 * The value a side of a comparison compares, through type wrappers and a literal default: `(user.balance || 0) < cost`
 * and `(user.balance ?? 0) < cost` compare `user.balance` (a missing balance counts as the literal).
 */
function comparedSide(raw: TSESTree.Node): TSESTree.Node {
  const side = skipTypeWrappers(raw);
  if (side.type === AST_NODE_TYPES.LogicalExpression && (side.operator === '||' || side.operator === '??') && skipTypeWrappers(side.right).type === AST_NODE_TYPES.Literal) {
    return skipTypeWrappers(side.left);
  }
  return side;
}

/** How many function indexes were built, and how many files had their facts grouped by function (work counts for tests). */
export const functionFactsWork = { indexes: 0, files: 0 };

function buildIndex(fn: TSESTree.Node): FunctionIndex {
  functionFactsWork.indexes++;
  const index: FunctionIndex = { comparedMembers: new Map(), comparedNames: new Set(), lastComparison: new Map(), firstComparison: new Map(), firstLock: Infinity };
  const facts = ownFacts(fn);
  for (const node of facts.locks) if (node.range[0] < index.firstLock) index.firstLock = node.range[0];
  for (const node of facts.comparisons) {
    for (const raw of [node.left, node.right]) {
      if (raw.type === AST_NODE_TYPES.MemberExpression) {
        const name = snakeCaseColumn(getPropertyName(raw) ?? '');
        index.lastComparison.set(name, Math.max(index.lastComparison.get(name) ?? -Infinity, node.range[0]));
      }
      const side = comparedSide(raw);
      const compared = comparedName(side);
      if (compared !== null && !index.firstComparison.has(snakeCaseColumn(compared))) index.firstComparison.set(snakeCaseColumn(compared), node.range[0]);
      if (side.type === AST_NODE_TYPES.MemberExpression) {
        const root = memberRoot(side);
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
  return index;
}

/** The comparisons (`<`, `>=`…) and locking links (`.forUpdate`) of one function's own code, in source order. */
interface OwnFacts {
  comparisons: TSESTree.BinaryExpression[];
  locks: TSESTree.MemberExpression[];
}

const NO_FACTS: OwnFacts = { comparisons: [], locks: [] };

/**
 * The comparisons and locking links a walk of `fn`'s own code (`walkSameFunction(fn, …)`) meets. For
 * a function or a Program, read from the file's shared index, grouped once per file by the nearest
 * function around each (see {@link factsByOwner}); any other root (a class field's initialiser, a
 * static block: their own variable scopes) is walked.
 */
function ownFacts(fn: TSESTree.Node): OwnFacts {
  if (fn.type === AST_NODE_TYPES.Program || isFunction(fn)) {
    let program: TSESTree.Node = fn;
    while (program.parent) program = program.parent;
    if (program.type === AST_NODE_TYPES.Program) return factsByOwner(program).get(fn) ?? NO_FACTS;
  }
  const facts: OwnFacts = { comparisons: [], locks: [] };
  walkSameFunction(fn, (node) => {
    if (node.type === AST_NODE_TYPES.MemberExpression && LOCKING_LINKS.has(getPropertyName(node) ?? '')) facts.locks.push(node);
    else if (node.type === AST_NODE_TYPES.BinaryExpression && COMPARISON.test(node.operator)) facts.comparisons.push(node);
  });
  return facts;
}

/**
 * The comparisons and locking links of a file by the function whose own code holds them (the nearest
 * function around each, or the Program outside every function), from the file's shared index, once
 * per file (`functionFactsWork.files`).
 */
function factsByOwner(program: TSESTree.Program): ReadonlyMap<TSESTree.Node, OwnFacts> {
  let byOwner = ownersByFile.get(program);
  if (byOwner) return byOwner;
  functionFactsWork.files++;
  const found = new Map<TSESTree.Node, OwnFacts>();
  const factsOf = (node: TSESTree.Node): OwnFacts => {
    const owner: TSESTree.Node = enclosingFunction(node) ?? program;
    let facts = found.get(owner);
    if (!facts) found.set(owner, (facts = { comparisons: [], locks: [] }));
    return facts;
  };
  const index = fileIndex(program);
  for (const node of index.of(AST_NODE_TYPES.BinaryExpression)) if (COMPARISON.test(node.operator)) factsOf(node).comparisons.push(node);
  for (const node of index.of(AST_NODE_TYPES.MemberExpression)) if (LOCKING_LINKS.has(getPropertyName(node) ?? '')) factsOf(node).locks.push(node);
  byOwner = found;
  ownersByFile.set(program, byOwner);
  return byOwner;
}

const ownersByFile = new WeakMap<TSESTree.Program, ReadonlyMap<TSESTree.Node, OwnFacts>>();
