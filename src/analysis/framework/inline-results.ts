/**
 * Whether the messages a bot sends in inline mode may carry buttons: a callback query comes without
 * `message` (and without `chat`) only from a button under such a message.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { constInitializer, fileIndex, functionOf, getPropertyName, propertyKey, resolveVariable, returnedValues, skipTypeWrappers } from '../ast/index.js';
import { projectFilesMatching } from '../summaries/index.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

/** What the results of an answer hold: a button may be on one (or cannot be read), all are seen without one, or none is seen. */
type Verdict = 'keyboard' | 'plain' | 'empty';

const ANSWER_METHOD = 'answerInlineQuery';
const MENTIONS_INLINE_ANSWER = /answerInlineQuery|inline_message_id|inlineMessageId/;
/** An inline message's id is handed out only for inline messages with buttons: code that uses one edits or answers them. */
const NAMES_INLINE_MESSAGE = /inline_message_id|inlineMessageId/;
/** Result fields that put buttons under the sent message: an inline keyboard, or a game's "Play" button. */
const KEYBOARD_FIELDS = new Set(['reply_markup', 'game_short_name']);
/** Array methods whose result holds (some of) the receiver's elements. */
const KEEPS_ELEMENTS = new Set(['filter', 'slice', 'reverse', 'sort']);
const MAX_DEPTH = 4;

/**
 * Whether some inline result this file or (with a filename) another file of its bot project sends
 * may carry buttons. Only `answerInlineQuery` calls whose every result is an object literal seen
 * without `reply_markup` (or `game_short_name`) — in an array, `.map(…)` callback or a `const`
 * only filled there — rule them out; an answer with only empty lists, a result built elsewhere (a
 * spread, a builder, a parameter) or code that names an inline message id keeps them possible.
 */
export function inlineKeyboardsPossible(sourceCode: SourceCode, filename: string | null): boolean {
  const files: SourceCode[] = [sourceCode];
  if (filename !== null) files.push(...projectFilesMatching(filename, MENTIONS_INLINE_ANSWER).filter((file) => file.filename !== filename).map((file) => file.sourceCode));
  let verdict: Verdict = 'empty';
  for (const file of files) {
    verdict = combine(verdict, fileVerdict(file));
    if (verdict === 'keyboard') return true;
  }
  return verdict !== 'plain';
}

/** Per parsed file: what its inline answers hold (asked again by every file of the project that lints). */
const verdictByProgram = new WeakMap<TSESTree.Program, Verdict>();

/** What the inline answers of one file hold; `'keyboard'` when it names an inline message id or hands the method on. */
function fileVerdict(file: SourceCode): Verdict {
  let verdict = verdictByProgram.get(file.ast);
  if (verdict === undefined) verdictByProgram.set(file.ast, (verdict = readFileVerdict(file)));
  return verdict;
}

function readFileVerdict(file: SourceCode): Verdict {
  if (NAMES_INLINE_MESSAGE.test(file.text)) return 'keyboard';
  let verdict: Verdict = 'empty';
  for (const member of fileIndex(file.ast).of(AST_NODE_TYPES.MemberExpression)) {
    if (getPropertyName(member) !== ANSWER_METHOD) continue;
    const call = member.parent;
    // Handed on (`.then(ctx.answerInlineQuery)`) rather than called: its results are not seen.
    if (call.type !== AST_NODE_TYPES.CallExpression || call.callee !== member) return 'keyboard';
    verdict = combine(verdict, resultsVerdict(resultsArgument(call), file, 0));
    if (verdict === 'keyboard') return verdict;
  }
  return verdict;
}

/** The results argument: the API form `answerInlineQuery(id, results, options?)`, or the context shortcut `answerInlineQuery(results, options?)`. */
function resultsArgument(call: TSESTree.CallExpression): TSESTree.Node | undefined {
  const [first, second] = call.arguments;
  return second && skipTypeWrappers(second).type !== AST_NODE_TYPES.ObjectExpression ? second : first;
}

function combine(a: Verdict, b: Verdict): Verdict {
  if (a === 'keyboard' || b === 'keyboard') return 'keyboard';
  return a === 'plain' || b === 'plain' ? 'plain' : 'empty';
}

/** A list of results. */
function resultsVerdict(node: TSESTree.Node | undefined, sourceCode: SourceCode, depth: number): Verdict {
  if (!node || depth > MAX_DEPTH) return 'keyboard';
  const value = skipTypeWrappers(node);
  switch (value.type) {
    case AST_NODE_TYPES.ArrayExpression: {
      let verdict: Verdict = 'empty';
      for (const element of value.elements) {
        if (!element) continue;
        verdict = combine(verdict, element.type === AST_NODE_TYPES.SpreadElement ? resultsVerdict(element.argument, sourceCode, depth + 1) : resultVerdict(element, sourceCode, depth + 1));
      }
      return verdict;
    }
    case AST_NODE_TYPES.Identifier:
      return filledList(value, sourceCode, depth);
    case AST_NODE_TYPES.ConditionalExpression:
      return combine(resultsVerdict(value.consequent, sourceCode, depth + 1), resultsVerdict(value.alternate, sourceCode, depth + 1));
    case AST_NODE_TYPES.CallExpression:
      return mappedList(value, sourceCode, depth);
    default:
      return 'keyboard';
  }
}

/** `items.map((item) => ({ … }))`, `items.filter(…)`, `a.concat(b)`. */
function mappedList(call: TSESTree.CallExpression, sourceCode: SourceCode, depth: number): Verdict {
  const callee = skipTypeWrappers(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return 'keyboard';
  const method = getPropertyName(callee);
  if (method !== null && KEEPS_ELEMENTS.has(method)) return resultsVerdict(callee.object, sourceCode, depth + 1);
  if (method === 'concat') return [callee.object, ...call.arguments].reduce<Verdict>((verdict, part) => combine(verdict, resultsVerdict(part, sourceCode, depth + 1)), 'empty');
  if (method !== 'map' && method !== 'flatMap') return 'keyboard';
  const fn = call.arguments[0] ? functionOf(call.arguments[0], sourceCode) : null;
  const returned = fn ? returnedValues(fn) : null;
  if (!returned) return 'keyboard';
  const each = method === 'map' ? resultVerdict : resultsVerdict;
  return returned.reduce<Verdict>((verdict, result) => combine(verdict, each(result, sourceCode, depth + 1)), 'plain');
}

/**
 * `const results = [...]`, filled only by `results.push(…)`/`unshift(…)` and read by `.length` or
 * handed to an answer: anything else done with the list may add a result not seen here.
 */
function filledList(id: TSESTree.Identifier, sourceCode: SourceCode, depth: number): Verdict {
  const init = constInitializer(id, sourceCode);
  const variable = init ? resolveVariable(id, sourceCode) : null;
  if (!init || !variable) return 'keyboard';
  let verdict = resultsVerdict(init, sourceCode, depth + 1);
  for (const reference of variable.references) {
    const use = reference.identifier;
    if (use.parent.type === AST_NODE_TYPES.VariableDeclarator && use.parent.id === use) continue;
    const parent = use.parent;
    if (parent.type === AST_NODE_TYPES.CallExpression && parent.arguments.includes(use as TSESTree.Identifier)) {
      const callee = skipTypeWrappers(parent.callee);
      if (callee.type === AST_NODE_TYPES.MemberExpression && getPropertyName(callee) === ANSWER_METHOD) continue;
      return 'keyboard';
    }
    if (parent.type !== AST_NODE_TYPES.MemberExpression || parent.object !== use) return 'keyboard';
    const method = getPropertyName(parent);
    if (method === 'length') continue;
    if ((method !== 'push' && method !== 'unshift') || parent.parent.type !== AST_NODE_TYPES.CallExpression || parent.parent.callee !== parent) return 'keyboard';
    for (const argument of parent.parent.arguments) {
      verdict = combine(verdict, argument.type === AST_NODE_TYPES.SpreadElement ? resultsVerdict(argument.argument, sourceCode, depth + 1) : resultVerdict(argument, sourceCode, depth + 1));
    }
  }
  return verdict;
}

/** One result: an object literal whose every field is seen, none of them a keyboard. */
function resultVerdict(node: TSESTree.Node, sourceCode: SourceCode, depth: number): Verdict {
  const value = skipTypeWrappers(node);
  if (value.type === AST_NODE_TYPES.ConditionalExpression) return combine(resultVerdict(value.consequent, sourceCode, depth + 1), resultVerdict(value.alternate, sourceCode, depth + 1));
  if (value.type !== AST_NODE_TYPES.ObjectExpression || depth > MAX_DEPTH) return 'keyboard';
  for (const property of value.properties) {
    const key = propertyKey(property);
    if (key === null || KEYBOARD_FIELDS.has(key)) return 'keyboard';
  }
  return 'plain';
}
