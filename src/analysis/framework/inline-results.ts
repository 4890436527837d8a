/**
 * Whether the messages a bot sends in inline mode may carry callback buttons: a callback query comes
 * without `message` (and without `chat`) only from a button under such a message; links and other
 * buttons that send no callback query do not count.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { constInitializer, fileIndex, functionOf, getPropertyName, isNullish, propertyKey, resolveVariable, returnedValues, skipTypeWrappers } from '../ast/index.js';
import { calledFunction, projectFilesMatching, type FileRef } from '../summaries/index.js';

type SourceCode = Readonly<TSESLint.SourceCode>;

/** What the results of an answer hold: a button may be on one (or cannot be read), all are seen without one, or none is seen. */
type Verdict = 'keyboard' | 'plain' | 'empty';

const ANSWER_METHOD = 'answerInlineQuery';
const MENTIONS_INLINE_ANSWER = /answerInlineQuery|inline_message_id|inlineMessageId/;
/** An inline message's id is handed out only for inline messages with buttons: code that uses one edits or answers them. */
const NAMES_INLINE_MESSAGE = /inline_message_id|inlineMessageId/;
/** The result field of a game's "Play" button, which sends a callback query. */
const GAME_FIELD = 'game_short_name';
/** The result field of the message's inline keyboard: only its callback (and game) buttons send a callback query. */
const MARKUP_FIELD = 'reply_markup';
/** Fields of an inline keyboard button that make it send no callback query: a link, a switch to inline mode, a login, a web app, a payment, a copy. */
const NO_CALLBACK_FIELDS = new Set(['url', 'switch_inline_query', 'switch_inline_query_current_chat', 'switch_inline_query_chosen_chat', 'login_url', 'web_app', 'pay', 'copy_text']);
/** The same buttons added by grammY's `InlineKeyboard` builder, and its `row()`. */
const NO_CALLBACK_BUILDER_METHODS = new Set(['url', 'switchInline', 'switchInlineCurrent', 'switchInlineChosen', 'login', 'webApp', 'pay', 'copyText', 'row']);
/** A keyboard is followed through a few `const` names, conditionals and project helpers. */
const MAX_MARKUP_DEPTH = 12;
/** Array methods whose result holds (some of) the receiver's elements. */
const KEEPS_ELEMENTS = new Set(['filter', 'slice', 'reverse', 'sort']);
const MAX_DEPTH = 4;

/**
 * Whether some inline result this file or (with a filename) another file of its bot project sends
 * may carry buttons that send a callback query. Only `answerInlineQuery` calls whose every result is
 * an object literal seen without `game_short_name` and without a `reply_markup` that may hold a
 * callback button — in an array, `.map(…)` callback or a `const` only filled there — rule them out,
 * and so does an answer seen to send only empty lists (`answerInlineQuery([])`: no inline message
 * at all). No answer seen, a result built elsewhere (a spread, a builder, a parameter), the method
 * named in a string (`callApi('answerInlineQuery', …)`) or code that names an inline message id
 * keeps them possible.
 */
export function inlineKeyboardsPossible(sourceCode: SourceCode, filename: string | null): boolean {
  const files: FileRef[] = [{ sourceCode, filename: filename ?? '' }];
  if (filename !== null) files.push(...projectFilesMatching(filename, MENTIONS_INLINE_ANSWER).filter((file) => file.filename !== filename));
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
function fileVerdict(file: FileRef): Verdict {
  let verdict = verdictByProgram.get(file.sourceCode.ast);
  if (verdict === undefined) verdictByProgram.set(file.sourceCode.ast, (verdict = readFileVerdict(file)));
  return verdict;
}

function readFileVerdict(file: FileRef): Verdict {
  if (NAMES_INLINE_MESSAGE.test(file.sourceCode.text)) return 'keyboard';
  let verdict: Verdict = 'empty';
  for (const member of fileIndex(file.sourceCode.ast).of(AST_NODE_TYPES.MemberExpression)) {
    if (getPropertyName(member) !== ANSWER_METHOD) continue;
    const call = member.parent;
    // Handed on (`.then(ctx.answerInlineQuery)`) rather than called: its results are not seen.
    if (call.type !== AST_NODE_TYPES.CallExpression || call.callee !== member) return 'keyboard';
    // An answer seen to send only empty lists puts no message in a chat: seen, without a button.
    verdict = combine(verdict, resultsVerdict(resultsArgument(call), file, 0) === 'keyboard' ? 'keyboard' : 'plain');
    if (verdict === 'keyboard') return verdict;
  }
  return namesAnswerInString(file) ? 'keyboard' : verdict;
}

/** The method named in a string other than a member's key (`callApi('answerInlineQuery', …)`): an answer whose results are not seen. */
function namesAnswerInString(file: FileRef): boolean {
  if (!file.sourceCode.text.includes(ANSWER_METHOD)) return false;
  const named = (text: unknown) => typeof text === 'string' && text.includes(ANSWER_METHOD);
  const index = fileIndex(file.sourceCode.ast);
  const asKey = (node: TSESTree.Node) => node.parent?.type === AST_NODE_TYPES.MemberExpression && node.parent.property === node;
  return index.of(AST_NODE_TYPES.Literal).some((literal) => named(literal.value) && !asKey(literal)) || index.of(AST_NODE_TYPES.TemplateElement).some((element) => named(element.value.cooked));
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
function resultsVerdict(node: TSESTree.Node | undefined, file: FileRef, depth: number): Verdict {
  if (!node || depth > MAX_DEPTH) return 'keyboard';
  const value = skipTypeWrappers(node);
  switch (value.type) {
    case AST_NODE_TYPES.ArrayExpression: {
      let verdict: Verdict = 'empty';
      for (const element of value.elements) {
        if (!element) continue;
        verdict = combine(verdict, element.type === AST_NODE_TYPES.SpreadElement ? resultsVerdict(element.argument, file, depth + 1) : resultVerdict(element, file, depth + 1));
      }
      return verdict;
    }
    case AST_NODE_TYPES.Identifier:
      return filledList(value, file, depth);
    case AST_NODE_TYPES.ConditionalExpression:
      return combine(resultsVerdict(value.consequent, file, depth + 1), resultsVerdict(value.alternate, file, depth + 1));
    case AST_NODE_TYPES.CallExpression:
      return mappedList(value, file, depth);
    case AST_NODE_TYPES.ObjectExpression:
      // One result where the list belongs (the Bot API rejects it, so nothing is sent): read as that result.
      return resultVerdict(value, file, depth + 1);
    default:
      return 'keyboard';
  }
}

/** `items.map((item) => ({ … }))`, `items.filter(…)`, `a.concat(b)`. */
function mappedList(call: TSESTree.CallExpression, file: FileRef, depth: number): Verdict {
  const callee = skipTypeWrappers(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return 'keyboard';
  const method = getPropertyName(callee);
  if (method !== null && KEEPS_ELEMENTS.has(method)) return resultsVerdict(callee.object, file, depth + 1);
  if (method === 'concat') return [callee.object, ...call.arguments].reduce<Verdict>((verdict, part) => combine(verdict, resultsVerdict(part, file, depth + 1)), 'empty');
  if (method !== 'map' && method !== 'flatMap') return 'keyboard';
  const fn = call.arguments[0] ? functionOf(call.arguments[0], file.sourceCode) : null;
  const returned = fn ? returnedValues(fn) : null;
  if (!returned) return 'keyboard';
  const each = method === 'map' ? resultVerdict : resultsVerdict;
  return returned.reduce<Verdict>((verdict, result) => combine(verdict, each(result, file, depth + 1)), 'plain');
}

/**
 * `const results = [...]`, filled only by `results.push(…)`/`unshift(…)` and read by `.length` or
 * handed to an answer: anything else done with the list may add a result not seen here.
 */
function filledList(id: TSESTree.Identifier, file: FileRef, depth: number): Verdict {
  const init = constInitializer(id, file.sourceCode);
  const variable = init ? resolveVariable(id, file.sourceCode) : null;
  if (!init || !variable) return 'keyboard';
  let verdict = resultsVerdict(init, file, depth + 1);
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
      verdict = combine(verdict, argument.type === AST_NODE_TYPES.SpreadElement ? resultsVerdict(argument.argument, file, depth + 1) : resultVerdict(argument, file, depth + 1));
    }
  }
  return verdict;
}

/** One result: an object literal whose every field is seen, none of them a keyboard. */
function resultVerdict(node: TSESTree.Node, file: FileRef, depth: number): Verdict {
  const value = skipTypeWrappers(node);
  if (value.type === AST_NODE_TYPES.ConditionalExpression) return combine(resultVerdict(value.consequent, file, depth + 1), resultVerdict(value.alternate, file, depth + 1));
  if (value.type !== AST_NODE_TYPES.ObjectExpression || depth > MAX_DEPTH) return 'keyboard';
  for (const property of value.properties) {
    const key = propertyKey(property);
    if (key === null || key === GAME_FIELD) return 'keyboard';
    if (key === MARKUP_FIELD && !withoutCallbackButtons(property, file)) return 'keyboard';
  }
  return 'plain';
}

/**
 * A result's `reply_markup` seen to hold buttons, none of which sends a callback query (or nothing at
 * all): a keyboard seen only empty may be filled elsewhere, as an answer with only empty lists.
 */
function withoutCallbackButtons(property: TSESTree.ObjectLiteralElement, file: FileRef): boolean {
  if (property.type !== AST_NODE_TYPES.Property) return false;
  return isNullish(property.value) || followed(property.value, file, 0, markupVerdict) === 'plain';
}

/** How a part of a keyboard is read once its value is in sight. */
type Reader = (value: TSESTree.Node, file: FileRef, depth: number) => Verdict;

/**
 * A part of a keyboard, followed through `null`/`undefined` (nothing: `'empty'`), conditionals,
 * `const` names never changed after they are built and the helpers of the project that build it
 * (`contentRow(item)` in another file); what is in sight then is read by `read`.
 */
function followed(node: TSESTree.Node, file: FileRef, depth: number, read: Reader): Verdict {
  if (depth > MAX_MARKUP_DEPTH) return 'keyboard';
  const value = skipTypeWrappers(node);
  if (isNullish(value)) return 'empty';
  if (value.type === AST_NODE_TYPES.ConditionalExpression) return combine(followed(value.consequent, file, depth + 1, read), followed(value.alternate, file, depth + 1, read));
  if (value.type === AST_NODE_TYPES.Identifier) {
    const init = unchangedConst(value, file);
    return init ? followed(init, file, depth + 1, read) : 'keyboard';
  }
  const called = value.type === AST_NODE_TYPES.CallExpression ? calledFunction(value, file) : null;
  if (called) {
    const returned = returnedValues(called.fn);
    return returned ? returned.reduce<Verdict>((verdict, result) => combine(verdict, followed(result, called.file, depth + 1, read)), 'empty') : 'keyboard';
  }
  return read(value, file, depth);
}

/** The initializer of a `const` whose value is only read afterwards: not passed on, called a method of or written into. */
function unchangedConst(id: TSESTree.Identifier, file: FileRef): TSESTree.Expression | null {
  const init = constInitializer(id, file.sourceCode);
  const variable = init ? resolveVariable(id, file.sourceCode) : null;
  if (!init || !variable) return null;
  for (const reference of variable.references) {
    let use: TSESTree.Node = reference.identifier;
    if (use.parent?.type === AST_NODE_TYPES.VariableDeclarator) continue;
    while (use.parent?.type === AST_NODE_TYPES.MemberExpression && use.parent.object === use) use = use.parent;
    const parent = use.parent;
    if (!parent || (parent.type === AST_NODE_TYPES.CallExpression && (parent.callee === use || parent.arguments.includes(use as TSESTree.Expression)))) return null;
    if ((parent.type === AST_NODE_TYPES.AssignmentExpression && parent.left === use) || parent.type === AST_NODE_TYPES.UpdateExpression || (parent.type === AST_NODE_TYPES.UnaryExpression && parent.operator === 'delete')) return null;
  }
  return init;
}

/** A message's markup: `{ inline_keyboard: rows }`, or grammY's `new InlineKeyboard()` given only buttons that send no callback query. */
function markupVerdict(value: TSESTree.Node, file: FileRef, depth: number): Verdict {
  if (value.type === AST_NODE_TYPES.ObjectExpression) {
    let verdict: Verdict = 'keyboard';
    for (const property of value.properties) {
      if (property.type !== AST_NODE_TYPES.Property || propertyKey(property) !== 'inline_keyboard') return 'keyboard';
      verdict = followed(property.value, file, depth + 1, (rows, rowsFile, rowsDepth) => listVerdict(rows, rowsFile, rowsDepth, rowVerdict));
    }
    return verdict;
  }
  let link: TSESTree.Node = value;
  while (link.type === AST_NODE_TYPES.CallExpression) {
    const callee = skipTypeWrappers(link.callee);
    const method = callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(callee) : null;
    if (callee.type !== AST_NODE_TYPES.MemberExpression || method === null || !NO_CALLBACK_BUILDER_METHODS.has(method)) return 'keyboard';
    link = skipTypeWrappers(callee.object);
  }
  const builtEmpty = link.type === AST_NODE_TYPES.NewExpression && link.arguments.length === 0 && link.callee.type === AST_NODE_TYPES.Identifier && link.callee.name === 'InlineKeyboard';
  return builtEmpty && link !== value ? 'plain' : 'keyboard';
}

/** An array of rows or of buttons (spreads of such arrays included), each part read by `read`. */
function listVerdict(value: TSESTree.Node, file: FileRef, depth: number, read: Reader): Verdict {
  if (value.type !== AST_NODE_TYPES.ArrayExpression) return 'keyboard';
  let verdict: Verdict = 'empty';
  for (const element of value.elements) {
    if (!element) continue;
    const part = element.type === AST_NODE_TYPES.SpreadElement ? followed(element.argument, file, depth + 1, (list, listFile, listDepth) => listVerdict(list, listFile, listDepth, read)) : followed(element, file, depth + 1, read);
    verdict = combine(verdict, part);
  }
  return verdict;
}

function rowVerdict(value: TSESTree.Node, file: FileRef, depth: number): Verdict {
  return listVerdict(value, file, depth, buttonVerdict);
}

/** One button: an object literal with a field that sends no callback query and no `callback_data`/`callback_game`. */
function buttonVerdict(value: TSESTree.Node): Verdict {
  if (value.type !== AST_NODE_TYPES.ObjectExpression) return 'keyboard';
  let verdict: Verdict = 'keyboard';
  for (const property of value.properties) {
    const key = propertyKey(property);
    if (key === null || key.startsWith('callback_')) return 'keyboard';
    if (NO_CALLBACK_FIELDS.has(key)) verdict = 'plain';
  }
  return verdict;
}
