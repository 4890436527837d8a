import path from 'node:path';

import { RegExpParser, type AST as RegexAST } from '@eslint-community/regexpp';
import { AST_NODE_TYPES, TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { constInitializer, containsRange, enclosingFunction, enclosingTry, fileIndex, type FunctionNode, getCalleeName, getMemberPath, getPropertyName, importedBinding, isFunction, isMutated, isNullish, isTypeWrapper, logicalOperands, memberRoot, NUMBER_PARSE_FUNCTIONS, outermostWrapper, propertyKey, resolveName, resolveVariable, skipTypeWrappers, walkSameFunction, writeReferences } from '../ast/index.js';
import { DEFAULT_LOGGERS, dealsWithFailure } from '../errors/index.js';
import { CHAT_UI_METHODS, INVOICE_METHODS, USER_REPLY_METHODS } from '../framework/index.js';
import { stateChangeOf } from '../effects/index.js';
import { resolveFile } from '../project/index.js';
import { getSqlModel, isKeyPredicate, paramArgument, projectSqlCall, subExpressions, type SqlExpr } from '../sql/index.js';
import { originOf } from '../stores/index.js';
import type { FileRef } from '../summaries/index.js';

/**
 * Value flow of numbers parsed from text: where `Number(x)`, `parseInt(x)`, `+x`… come from, and
 * whether the result is checked (`Number.isNaN`, `Number.isFinite`, a comparison, a schema) before
 * it is used in SQL, arithmetic, a call or a property write. Framework-agnostic: the caller says
 * which expressions are untrusted text.
 */

type SourceCode = Readonly<TSESLint.SourceCode>;

/** `Number.parseInt`, `Number.parseFloat`. */
const NUMBER_PARSE_METHODS = new Set(['parseInt', 'parseFloat']);
/** Checks that reject NaN (and Infinity): `Number.isNaN(x)`, `isFinite(x)`… */
const VALIDITY_CHECKS = new Set([
  'isNaN',
  'isFinite',
  'Number.isNaN',
  'Number.isFinite',
  'Number.isInteger',
  'Number.isSafeInteger',
]);
/** Schema validation calls: zod `parse`/`safeParse`, valibot `parse`/`is`, yup `validate`/`isValid`. */
const SCHEMA_METHODS = new Set([
  'parse',
  'safeParse',
  'parseAsync',
  'safeParseAsync',
  'validate',
  'validateSync',
  'isValid',
  'isValidSync',
  'is',
  'assert',
]);
/** A function whose name says it validates: `isValidAmount(x)`, `assertPositive(x)`, `validateId(x)`. */
const VALIDATOR_NAME = /^(?:is|assert|validate|check|ensure|verify|require)[A-Z_]|[vV]alid/;
/** String methods whose result is still (part of) the text they are called on. */
const TEXT_METHODS = new Set([
  'split',
  'slice',
  'substring',
  'substr',
  'trim',
  'trimStart',
  'trimEnd',
  'replace',
  'replaceAll',
  'toLowerCase',
  'toUpperCase',
  'at',
  'match',
  'padStart',
  'padEnd',
  'normalize',
  'filter',
  'concat',
]);
/** Callees whose arguments are SQL parameters. */
const SQL_CALLEES = new Set(['query', 'execute', 'queryRaw', 'executeRaw', '$queryRaw', '$executeRaw', '$queryRawUnsafe', '$executeRawUnsafe', 'raw', 'unsafe']);
const SQL_TEXT = /^\s*(?:select|insert|update|delete|with|upsert|merge|call)\b/i;
/** Calls that read a number without using it as a quantity. */
const NEUTRAL_CALLS = new Set(['String', 'Boolean', 'toString', 'toFixed', 'toLocaleString', 'toPrecision', 'format']);

export type Sink = 'SQL' | 'arithmetic' | 'a call' | 'a property' | 'a lookup' | 'an HTTP request';

/** Callees that look a record up by the number: a bad value finds nothing (`findOne`, `getUser`, `findTransaction`). */
const LOOKUP_NAME = /^(?:find|get|fetch|load|read|lookup|search|count|exists|has|select)(?:[A-Z_]|$)/;
/** HTTP clients: the number goes into a request to another service, which validates it. */
const HTTP_CLIENTS = new Set(['axios', 'fetch', 'got', 'ky', 'superagent', 'ofetch', '$fetch', 'request', 'needle', 'undici']);

/** Where the parsed number goes next. */
type Step =
  | { kind: 'validity' } // rejects NaN: `Number.isNaN(n)`, `!n`, `n || 0`
  | { kind: 'both' } // rejects NaN and bounds it: a comparison, a schema, a validator
  | { kind: 'sink'; sink: Sink; node: TSESTree.Node }
  | { kind: 'variable'; declarator: TSESTree.Node }
  | { kind: 'member'; assignment: TSESTree.AssignmentExpression; reads: TSESTree.Node[] } // `obj.n = …`: later reads of `obj.n`
  | { kind: 'range' } // a bound check NaN passes: `if (n < 10) return`
  | { kind: 'none' }
  | { kind: 'same' }; // only from classifyBinary: the value stays the same number (`n - 1`)

/** The text argument of a parse: `Number(x)`, `parseInt(x, 10)`, `Number.parseFloat(x)`, `BigInt(x)`, `+x`. */
export function getParsedText(node: TSESTree.Node, sourceCode: SourceCode): TSESTree.Expression | null {
  if (node.type === AST_NODE_TYPES.UnaryExpression) {
    return node.operator === '+' ? node.argument : null;
  }
  if (node.type !== AST_NODE_TYPES.CallExpression) return null;
  const argument = node.arguments[0];
  if (!argument || argument.type === AST_NODE_TYPES.SpreadElement) return null;
  const callee = skipTypeWrappers(node.callee);
  let global: string | null = null;
  if (callee.type === AST_NODE_TYPES.Identifier && NUMBER_PARSE_FUNCTIONS.has(callee.name)) global = callee.name;
  const path = getMemberPath(callee);
  if (path?.length === 2 && path[0] === 'Number' && NUMBER_PARSE_METHODS.has(path[1]!)) global = 'Number';
  if (global === null || !isGlobal(global, node, sourceCode)) return null;
  return argument;
}

/** Whether `name` is not shadowed by a local binding where `node` is. */
function isGlobal(name: string, node: TSESTree.Node, sourceCode: SourceCode): boolean {
  const variable = resolveName(name, node, sourceCode);
  return !variable || variable.defs.length === 0;
}

/**
 * The text array of `text.split(' ').map(Number)` (also `parseInt`, `parseFloat`, `BigInt` and
 * `(s) => Number(s)`): the result is an array of parsed numbers.
 */
export function getMappedText(node: TSESTree.CallExpression, sourceCode: SourceCode): TSESTree.Expression | null {
  const callee = skipTypeWrappers(node.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression || getPropertyName(callee) !== 'map') return null;
  const mapper = node.arguments[0] && skipTypeWrappers(node.arguments[0]);
  if (!mapper) return null;
  if (mapper.type === AST_NODE_TYPES.Identifier) {
    return NUMBER_PARSE_FUNCTIONS.has(mapper.name) && isGlobal(mapper.name, node, sourceCode) ? callee.object : null;
  }
  if (mapper.type !== AST_NODE_TYPES.ArrowFunctionExpression || mapper.body.type === AST_NODE_TYPES.BlockStatement) return null;
  const param = mapper.params[0];
  const parsed = getParsedText(mapper.body, sourceCode);
  return param?.type === AST_NODE_TYPES.Identifier && parsed?.type === AST_NODE_TYPES.Identifier && parsed.name === param.name
    ? callee.object
    : null;
}

/**
 * What a pattern that can only match a number admits: `unsigned` digits (`\\d+`, `\\d+(?:\\.\\d{2})?`:
 * never NaN, never negative) or a `signed` number (`-?\\d+`, `[+-]?\\d+`, `\\d+|-\\d+`: never NaN,
 * but `/pay -500` gets through).
 */
export type DigitsKind = 'unsigned' | 'signed';

/** The function text is parsed with, which decides what text gives NaN: `parseInt('.5')` is NaN, `parseFloat('.5')` is not. */
export type NumberParser = 'Number' | 'parseFloat' | 'parseInt' | 'BigInt';

/**
 * How a text is read into a number: by which function (null when unknown, as for
 * `text.split(' ').map(Number)`), and whether a decimal comma does no harm (see {@link readsDecimalComma}).
 */
export interface NumberRead {
  readonly parser: NumberParser | null;
  readonly decimalComma: boolean;
}

/** A read that proves nothing beyond the digits shapes every parse accepts. */
export const PLAIN_READ: NumberRead = { parser: null, decimalComma: false };

/** How `parse` (`Number(text)`, `parseFloat(text)`, `+text`…) reads `text` (see {@link NumberRead}). */
export function numberReadOf(parse: TSESTree.Node, text: TSESTree.Node): NumberRead {
  return { parser: numberParserOf(parse), decimalComma: readsDecimalComma(parse, text) };
}

/** `Number(x)` and `+x` → `Number`; `parseInt(x)`, `Number.parseInt(x)` → `parseInt`; `parseFloat`, `BigInt` alike. */
function numberParserOf(parse: TSESTree.Node): NumberParser | null {
  if (parse.type === AST_NODE_TYPES.UnaryExpression) return parse.operator === '+' ? 'Number' : null;
  if (parse.type !== AST_NODE_TYPES.CallExpression) return null;
  const path = getMemberPath(skipTypeWrappers(parse.callee));
  const name = path?.length === 1 || (path?.length === 2 && path[0] === 'Number') ? path[path.length - 1]! : null;
  return name !== null && NUMBER_PARSE_FUNCTIONS.has(name) ? (name as NumberParser) : null;
}

/**
 * Whether capture group `index` of a regular expression can only match digits (`(\\d+)`,
 * `([0-9]{1,6})`, `(-?\\d+)`), or a number that `read`'s parser reads (`([-+]?\\d*\\.?\\d+)` for
 * `parseFloat` and `Number`, see {@link numberTextKind}): a number parsed from it is never NaN; which
 * kind, or null. Group 0 is the whole match. With `read.decimalComma` the decimal part may also be
 * written with a comma (`(\\d+(?:[.,]\\d{2})?)`).
 */
export function digitsGroupKind(pattern: string, index: number, skip = 0, read: NumberRead = PLAIN_READ): DigitsKind | null {
  if (index === 0) return digitsKind(dropLiterals(pattern.replace(/^\^/, '').replace(/\$$/, ''), skip), read);
  const group = captureGroups(pattern)[index - 1];
  const body = group && groupBody(pattern, group.start);
  return body === undefined || body === null ? null : digitsKind(dropLiterals(body, skip), read);
}

/**
 * Whether a decimal comma in the text does no harm to the parse: `parseFloat` and `parseInt` stop at
 * it (`parseFloat('10,50')` is 10), and text whose comma is replaced by a point on the way to the
 * parse (`Number(m[1].replace(',', '.'))`, `replaceAll(/,/g, '.')`) has none. `Number('10,50')`
 * and `+'10,50'` are NaN.
 */
export function readsDecimalComma(parse: TSESTree.Node, text: TSESTree.Node): boolean {
  if (parse.type === AST_NODE_TYPES.CallExpression) {
    const path = getMemberPath(skipTypeWrappers(parse.callee));
    if (path && NUMBER_PARSE_METHODS.has(path[path.length - 1]!) && (path.length === 1 || path[0] === 'Number')) return true;
  }
  for (let current = skipTypeWrappers(text); current.type === AST_NODE_TYPES.CallExpression; ) {
    const callee = skipTypeWrappers(current.callee);
    const name = callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(callee) : null;
    if (callee.type !== AST_NODE_TYPES.MemberExpression || !TEXT_METHODS.has(name ?? '')) return false;
    const [from, to] = current.arguments;
    if (name!.startsWith('replace') && isComma(from) && to?.type === AST_NODE_TYPES.Literal && to.value === '.') return true;
    current = skipTypeWrappers(callee.object);
  }
  return false;
}

/** `','` or `/,/` (any flags): what a comma replacement searches for. */
function isComma(node: TSESTree.Node | undefined): boolean {
  if (node?.type !== AST_NODE_TYPES.Literal) return false;
  return 'regex' in node ? node.regex.pattern === ',' : node.value === ',';
}

/** The capture groups of a pattern in order (numbered and named): where each body starts, and its name. */
function captureGroups(pattern: string): { start: number; name: string | null }[] {
  const groups: { start: number; name: string | null }[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i];
    if (char === '\\') {
      i++;
      continue;
    }
    if (char === '[') {
      i = Math.max(pattern.indexOf(']', i + 1), i); // a class: its parentheses are characters
      continue;
    }
    if (char !== '(') continue;
    const named = pattern.startsWith('(?<', i) && !pattern.startsWith('(?<=', i) && !pattern.startsWith('(?<!', i);
    if (pattern[i + 1] === '?' && !named) continue;
    const close = named ? pattern.indexOf('>', i) : i;
    groups.push({ start: close + 1, name: named ? pattern.slice(i + 3, close) : null });
  }
  return groups;
}

/**
 * Whether a whole regular expression can only match a number: anchored at both ends (`^\\d+$`,
 * `^(\\d+)$`), not multiline, one alternative. A `hears` handler with such a trigger gets digits only.
 * `skip`: the leading characters cut off the text before the parse (`text.slice(3)` of
 * `^(GMT|UTC)([+-]\\d{1,2})$`), which must be exactly those of the first elements, each of a fixed
 * width (see {@link fixedWidth}); what follows them must be a number.
 */
export function digitsOnlyRegexKind(pattern: string, flags: string, skip = 0, read: NumberRead = PLAIN_READ): DigitsKind | null {
  if (flags.includes('m')) return null;
  const unicode = flags.includes('u') || flags.includes('v');
  const alternatives = parsedRegex(pattern, flags)?.alternatives;
  const elements = alternatives?.length === 1 ? alternatives[0]!.elements : [];
  const first = elements[0];
  const last = elements.at(-1);
  if (elements.length < 3 || first?.type !== 'Assertion' || first.kind !== 'start' || last?.type !== 'Assertion' || last.kind !== 'end') return null;
  let rest = elements.slice(1, -1);
  for (let left = skip; left > 0; rest = rest.slice(1)) {
    const width = rest.length > 0 ? fixedWidth(rest[0]!, unicode) : null;
    if (width === null || width > left) return null;
    left -= width;
  }
  return rest.length > 0 ? digitsKind(rest.map((element) => element.raw).join(''), read) : null;
}

/** Parsed regular expressions by flags and pattern (a pure memo); null for one the parser rejects. */
const parsedRegexes = new Map<string, RegexAST.Pattern | null>();

function parsedRegex(pattern: string, flags: string): RegexAST.Pattern | null {
  const key = `${flags}/${pattern}`;
  let parsed = parsedRegexes.get(key);
  if (parsed === undefined) {
    try {
      parsed = new RegExpParser().parsePattern(pattern, 0, pattern.length, { unicode: flags.includes('u'), unicodeSets: flags.includes('v') });
    } catch {
      parsed = null;
    }
    parsedRegexes.set(key, parsed);
  }
  return parsed;
}

/**
 * How many UTF-16 code units (what `slice` counts) an element always matches, or null when that
 * varies: 1 for a character or a class (2 for an astral character; with `u`, a class or escape
 * that may match an astral one varies), the sum for a group whose alternatives all match the same
 * width, 0 for an assertion, `n` times for `{n}`.
 */
function fixedWidth(element: RegexAST.Element, unicode: boolean): number | null {
  switch (element.type) {
    case 'Assertion':
      return 0;
    case 'Character':
      return element.value > 0xffff ? 2 : 1;
    case 'CharacterSet':
      if (element.kind === 'property' || (unicode && (element.kind === 'any' || element.negate))) return null;
      return 1;
    case 'CharacterClass':
      return !unicode || (!element.negate && element.elements.every(isNarrowClassElement)) ? 1 : null;
    case 'Group':
    case 'CapturingGroup': {
      const widths = element.alternatives.map((alternative) => sequenceWidth(alternative.elements, unicode));
      return widths.every((width) => width !== null && width === widths[0]) ? widths[0]! : null;
    }
    case 'Quantifier': {
      const inner = element.min === element.max ? fixedWidth(element.element, unicode) : null;
      return inner === null ? null : inner * element.min;
    }
    default:
      return null;
  }
}

function sequenceWidth(elements: readonly RegexAST.Element[], unicode: boolean): number | null {
  let sum = 0;
  for (const element of elements) {
    const width = fixedWidth(element, unicode);
    if (width === null) return null;
    sum += width;
  }
  return sum;
}

/** A class member that only matches characters of one code unit: `a`, `0-9`, `\\d`, `\\w`, `\\s`. */
function isNarrowClassElement(element: RegexAST.CharacterClassElement): boolean {
  if (element.type === 'Character') return element.value <= 0xffff;
  if (element.type === 'CharacterClassRange') return element.max.value <= 0xffff;
  return element.type === 'CharacterSet' && element.kind !== 'property' && !element.negate;
}

/**
 * The pattern without its first `count` characters when they are literal characters (`\\/\\d+` less
 * one is `\\d+`: what `match[2].slice(1)` leaves); `''` (no number) when they are not.
 */
function dropLiterals(pattern: string, count: number): string {
  let rest = pattern;
  for (let i = 0; i < count; i++) {
    const literal = /^(?:\\[^\w\s]|[^\\()[\]{}|?*+.^$])(?![?*+{])/.exec(rest);
    if (!literal || pattern.includes('|')) return '';
    rest = rest.slice(literal[0].length);
  }
  return rest;
}

/**
 * `\\d+`, `(\\d+|-\\d+)`: every top-level alternative is a number and nothing else. With
 * `decimalComma`, a comma separator (`[.,]`, `[,]`, `,` before digits) counts as the point.
 */
function digitsKind(pattern: string, read: NumberRead = PLAIN_READ): DigitsKind | null {
  if (isDigitsOnlyPattern(pattern)) return 'unsigned';
  const { decimalComma } = read;
  const whole = pattern.startsWith('(') && !pattern.startsWith('(?') && groupBody(pattern, 1)?.length === pattern.length - 2;
  const alternatives = (whole ? pattern.slice(1, -1) : pattern).split('|');
  const numbers = alternatives.every((written) => {
    const alternative = decimalComma ? written.replace(COMMA_SEPARATOR, String.raw`\.`) : written;
    return DIGITS_ONLY.test(alternative) || FRACTION_ONLY.test(alternative) || isDigitsOnlyPattern(alternative);
  });
  if (!numbers) return signedDigitsKind(pattern) ?? (read.parser ? numberTextKind(pattern, read.parser) : null);
  return alternatives.some((alternative) => SIGN.test(alternative)) ? 'signed' : 'unsigned';
}

/**
 * `[+-][0-9]|[+-]1[0-2]|[+]1[2-4]`, read by the regular-expression parser: every alternative is an
 * optional sign (`-`, `+`, a class of them, `?` after one) and then digits only (see
 * {@link minDigits}) — also inside a group that is a whole alternative. `signed` when a sign may be
 * `-`; a `+` alone keeps the number unsigned (`Number('+12')` is 12). Null otherwise.
 */
function signedDigitsKind(pattern: string): DigitsKind | null {
  const parsed = parsedRegex(pattern, '');
  return parsed ? numberKindOf(parsed.alternatives) : null;
}

function numberKindOf(alternatives: readonly RegexAST.Alternative[]): DigitsKind | null {
  let signed = false;
  for (const { elements } of alternatives) {
    const only = elements.length === 1 ? elements[0]! : null;
    if (only?.type === 'Group' || only?.type === 'CapturingGroup') {
      const inner = numberKindOf(only.alternatives);
      if (inner === null) return null;
      signed ||= inner === 'signed';
      continue;
    }
    const sign = elements.length > 0 ? signOf(elements[0]!) : null;
    if (sequenceDigits(sign ? elements.slice(1) : elements) < 1) return null;
    signed ||= sign === '-';
  }
  return signed ? 'signed' : 'unsigned';
}

/** `-`, `+`, `[+-]`, `[+]`, `\\-?`: which sign a leading element may match (`-` when it may be minus), or null. */
function signOf(element: RegexAST.Element): '+' | '-' | null {
  const single = element.type === 'Quantifier' && element.max === 1 ? element.element : element;
  const isSign = (code: number): boolean => code === 0x2b || code === 0x2d;
  if (single.type === 'Character') return isSign(single.value) ? (single.value === 0x2d ? '-' : '+') : null;
  if (single.type !== 'CharacterClass' || single.negate || single.elements.length === 0) return null;
  const codes = single.elements.map((member) => (member.type === 'Character' ? member.value : -1));
  if (!codes.every(isSign)) return null;
  return codes.includes(0x2d) ? '-' : '+';
}

/**
 * What a parser makes of text the pattern matches, read by the regular-expression parser as the
 * strings it admits, over the characters of a decimal number (`-`, `+`, `.`, digits; any other
 * character, a back reference or a negated class gives null): `([-+]?\\d*\\.?\\d+)` always holds a
 * digit where a number needs one. Every string must give a number: for `Number` (and `+x`) the whole
 * string is a decimal number (`-.5`, `12.`, not `1.2.3` or `-`); `parseFloat` reads the longest
 * prefix that is one (`1.2.3` is 1.2, `.5` is 0.5; NaN without a digit after the sign and the
 * point); `parseInt` needs a digit right after the optional sign (`parseInt('.5')` is NaN);
 * `BigInt` a whole integer (`BigInt('1.5')` throws). `signed` when the pattern holds a minus,
 * `unsigned` otherwise; null when some string gives NaN.
 */
function numberTextKind(pattern: string, parser: NumberParser): DigitsKind | null {
  const parsed = parsedRegex(pattern, '');
  if (!parsed) return null;
  const walk: NumberWalk = { ...NUMBER_READERS[parser], minus: false };
  const states = alternativesStates(parsed.alternatives, 1 << NumberState.Start, walk);
  const accepted = walk.accepting | (1 << NumberState.Read);
  if (states === null || states === 0 || (states & ~accepted) !== 0) return null;
  return walk.minus ? 'signed' : 'unsigned';
}

/** Where a decimal number stands after some text (see {@link numberTextKind}); `Read`: a prefix was a number, a parser stops after it. */
const NumberState = { Start: 0, Sign: 1, Integer: 2, LeadingPoint: 3, IntegerPoint: 4, Fraction: 5, Dead: 6, Read: 7 } as const;

/** The characters of a decimal number. */
const NumberSymbol = { Minus: 0, Plus: 1, Point: 2, Digit: 3 } as const;

/** The next state for each symbol (minus, plus, point, digit), by state. */
const NUMBER_STEPS: readonly (readonly number[])[] = [
  /* Start */ [NumberState.Sign, NumberState.Sign, NumberState.LeadingPoint, NumberState.Integer],
  /* Sign */ [NumberState.Dead, NumberState.Dead, NumberState.LeadingPoint, NumberState.Integer],
  /* Integer */ [NumberState.Dead, NumberState.Dead, NumberState.IntegerPoint, NumberState.Integer],
  /* LeadingPoint */ [NumberState.Dead, NumberState.Dead, NumberState.Dead, NumberState.Fraction],
  /* IntegerPoint */ [NumberState.Dead, NumberState.Dead, NumberState.Dead, NumberState.Fraction],
  /* Fraction */ [NumberState.Dead, NumberState.Dead, NumberState.Dead, NumberState.Fraction],
  /* Dead */ [NumberState.Dead, NumberState.Dead, NumberState.Dead, NumberState.Dead],
  /* Read */ [NumberState.Read, NumberState.Read, NumberState.Read, NumberState.Read],
];

/**
 * A parser over those states (a bit each): `accepting` where the text read so far is a number;
 * `prefix` when the parser stops at the first character that does not continue one (`parseFloat`,
 * `parseInt`), so that an accepting state followed by anything is `Read`.
 */
interface NumberReader {
  readonly accepting: number;
  readonly prefix: boolean;
}

/** A reader on its way through a pattern; `minus` once a string may start with `-`. */
interface NumberWalk extends NumberReader {
  minus: boolean;
}

const stateBits = (...states: number[]): number => states.reduce((sum, state) => sum | (1 << state), 0);
const DECIMAL_STATES = stateBits(NumberState.Integer, NumberState.IntegerPoint, NumberState.Fraction);

const NUMBER_READERS: Readonly<Record<NumberParser, NumberReader>> = {
  Number: { accepting: DECIMAL_STATES, prefix: false },
  parseFloat: { accepting: DECIMAL_STATES, prefix: true },
  parseInt: { accepting: stateBits(NumberState.Integer), prefix: true },
  BigInt: { accepting: stateBits(NumberState.Integer), prefix: false },
};

/** The most repeats a quantifier's minimum is stepped through (`\\d{4}`); a larger one is not followed. */
const MAX_MIN_REPEATS = 100;

/** The states after any string of a choice of alternatives, from `states`; null when one may hold another character. */
function alternativesStates(alternatives: readonly RegexAST.Alternative[], states: number, walk: NumberWalk): number | null {
  let found = 0;
  for (const alternative of alternatives) {
    let current: number | null = states;
    for (const element of alternative.elements) {
      current = elementStates(element, current, walk);
      if (current === null) return null;
    }
    found |= current;
  }
  return found;
}

function elementStates(element: RegexAST.Element, states: number, walk: NumberWalk): number | null {
  switch (element.type) {
    case 'Assertion':
      return states;
    case 'Character':
    case 'CharacterSet':
    case 'CharacterClass': {
      const symbols = numberSymbols(element);
      return symbols === null ? null : stepStates(states, symbols, walk);
    }
    case 'Group':
    case 'CapturingGroup':
      return alternativesStates(element.alternatives, states, walk);
    case 'Quantifier': {
      if (element.min > MAX_MIN_REPEATS) return null;
      let current: number | null = states;
      for (let i = 0; i < element.min && current !== null; i++) current = elementStates(element.element, current, walk);
      if (current === null) return null;
      // More repeats, up to the maximum or until no new state turns up (each step is a union of per-state steps).
      let found = current;
      for (let i = element.min; i < element.max; i++) {
        current = elementStates(element.element, current, walk);
        if (current === null) return null;
        if ((found | current) === found) break;
        found |= current;
      }
      return found;
    }
    default:
      return null;
  }
}

/** The states after one character of `symbols` (a bit each), from `states`. */
function stepStates(states: number, symbols: number, walk: NumberWalk): number {
  let next = 0;
  for (let state = 0; state < NUMBER_STEPS.length; state++) {
    if ((states & (1 << state)) === 0) continue;
    if (walk.prefix && (walk.accepting & (1 << state)) !== 0) {
      next |= 1 << NumberState.Read;
      continue;
    }
    if (state === NumberState.Start && (symbols & (1 << NumberSymbol.Minus)) !== 0) walk.minus = true;
    for (let symbol = 0; symbol < NUMBER_STEPS[state]!.length; symbol++) {
      if ((symbols & (1 << symbol)) !== 0) next |= 1 << NUMBER_STEPS[state]![symbol]!;
    }
  }
  return next;
}

/** The number symbols a character, set or class may match (a bit each); null when it may match another character. */
function numberSymbols(element: RegexAST.Character | RegexAST.CharacterSet | RegexAST.CharacterClass): number | null {
  if (element.type === 'Character') return symbolsOfRange(element.value, element.value);
  if (element.type === 'CharacterSet') return element.kind === 'digit' && !element.negate ? 1 << NumberSymbol.Digit : null;
  if (element.negate || element.elements.length === 0) return null;
  let symbols = 0;
  for (const member of element.elements) {
    const found =
      member.type === 'Character' ? symbolsOfRange(member.value, member.value)
      : member.type === 'CharacterClassRange' ? symbolsOfRange(member.min.value, member.max.value)
      : member.type === 'CharacterSet' && member.kind === 'digit' && !member.negate ? 1 << NumberSymbol.Digit
      : null;
    if (found === null) return null;
    symbols |= found;
  }
  return symbols;
}

/** The symbols of the characters `min` to `max`, or null when one of them is none (`,` between `+` and `.`). */
function symbolsOfRange(min: number, max: number): number | null {
  let symbols = 0;
  for (let code = min; code <= max; code++) {
    const symbol = code === 0x2d ? NumberSymbol.Minus : code === 0x2b ? NumberSymbol.Plus : code === 0x2e ? NumberSymbol.Point : isDigitCode(code) ? NumberSymbol.Digit : null;
    if (symbol === null) return null;
    symbols |= 1 << symbol;
  }
  return symbols;
}

/** A leading minus sign: `-`, `\\-`, `[+-]`, `[-+]` (only {@link DIGITS_ONLY} admits one). */
const SIGN = /^(?:\\?-|\[\\?[-+]\\?[-+]\])/;

/** A decimal separator that admits a comma: `[.,]`, `[,.]`, `[\\.,]`, `[,]`, or a bare `,` before a digit (not inside `{1,2}`). */
const COMMA_SEPARATOR = /\[(?:\\?\.,|,\\?\.|,)\]|(?<![{\d]),(?=\\d|\[0-9\])/g;

/** The text of a group from `start` to its closing parenthesis, or null if unbalanced. */
function groupBody(pattern: string, start: number): string | null {
  let depth = 0;
  for (let i = start; i < pattern.length; i++) {
    const char = pattern[i];
    if (char === '\\') i++;
    else if (char === '(') depth++;
    else if (char === ')') {
      if (depth === 0) return pattern.slice(start, i);
      depth--;
    }
  }
  return null;
}

/**
 * `\\d+`, `-?[0-9]{1,6}`, `[1-5]`, `\\d+(?:\\.\\d+)?`, `\\d+(\\.\\d+)?`, `\\d+(?:\\.\\d{2})?`, `\\d+\\.?\\d*`: a (signed,
 * decimal) number and nothing else. The leading digits are always there (`{n,m}` with `n >= 1`).
 */
const DIGITS_ONLY =
  /^(?:(?:\\?-|\[\\?[-+]\\?[-+]\])\??)?(?:\\d|\[(?:\d-\d|\d)+\])(?:[+]|\{[1-9]\d*(?:,\d*)?\})?(?:\((?:\?:)?(?:\\\.|\[\.\])(?:\\d|\[0-9\])(?:[+*]|\{\d+(?:,\d*)?\})\)\?|(?:\\\.|\[\.\])\??(?:\\d|\[0-9\])(?:[+*]|\{\d+(?:,\d*)?\}))?$/;

/** Parsed patterns by their text, and whether each is digits only (a pure memo). */
const digitsOnlyPatterns = new Map<string, boolean>();

/**
 * Whether a pattern (or a piece of one: a group's body, an alternative) can only match digits, one
 * or more: every alternative, read by a regular-expression parser (`@eslint-community/regexpp`), is
 * made of digits (`\\d`, `[0-9]`, `[05]`, `7`), groups and quantifiers of them, and assertions, which
 * match no characters (`\\b`, `^`, `$`, lookarounds): `[5-9]|[1-9][0-9]{1,2}|1000`,
 * `\\b([1-9]\\d?|100)\\b`. What it matches is a non-negative integer. A pattern the parser rejects (a
 * piece cut in the middle of a group) is not.
 */
function isDigitsOnlyPattern(pattern: string): boolean {
  let known = digitsOnlyPatterns.get(pattern);
  if (known === undefined) {
    try {
      known = minDigits(new RegExpParser().parsePattern(pattern).alternatives) >= 1;
    } catch {
      known = false;
    }
    digitsOnlyPatterns.set(pattern, known);
  }
  return known;
}

/**
 * The fewest digits a choice of alternatives matches when each is made of digits and assertions
 * only; -1 when one may match another character (`.`, `\\w`, `-`, a back reference).
 */
function minDigits(alternatives: readonly RegexAST.Alternative[]): number {
  let fewest = Infinity;
  for (const alternative of alternatives) {
    const sum = sequenceDigits(alternative.elements);
    if (sum < 0) return -1;
    fewest = Math.min(fewest, sum);
  }
  return fewest;
}

/** The fewest digits a sequence of elements matches, or -1 (see {@link minDigits}). */
function sequenceDigits(elements: readonly RegexAST.Element[]): number {
  let sum = 0;
  for (const element of elements) {
    const count = elementDigits(element);
    if (count < 0) return -1;
    sum += count;
  }
  return sum;
}

/** The fewest digits one element matches, 0 for an assertion, -1 when it may match another character. */
function elementDigits(element: RegexAST.Element): number {
  switch (element.type) {
    case 'Assertion':
      return 0;
    case 'Character':
      return isDigitCode(element.value) ? 1 : -1;
    case 'CharacterSet':
      return element.kind === 'digit' && !element.negate ? 1 : -1;
    case 'CharacterClass':
      return !element.negate && element.elements.length > 0 && element.elements.every(isDigitClassElement) ? 1 : -1;
    case 'Group':
    case 'CapturingGroup':
      return minDigits(element.alternatives);
    case 'Quantifier': {
      const inner = elementDigits(element.element);
      return inner < 0 ? -1 : inner * element.min;
    }
    default:
      return -1;
  }
}

/** A member of a character class that is a digit or digits: `5`, `0-9`, `\\d`. */
function isDigitClassElement(element: RegexAST.CharacterClassElement): boolean {
  if (element.type === 'Character') return isDigitCode(element.value);
  if (element.type === 'CharacterClassRange') return isDigitCode(element.min.value) && isDigitCode(element.max.value);
  return element.type === 'CharacterSet' && element.kind === 'digit' && !element.negate;
}

function isDigitCode(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/** `\\.\\d+`, `[.][0-9]{1,2}`: a fraction without its leading zero (`parseFloat('.5')` is 0.5). */
const FRACTION_ONLY = /^(?:\\\.|\[\.\])(?:\\d|\[0-9\])(?:\+|\{[1-9]\d*(?:,\d*)?\})$/;

/** A regular expression a match result comes from. `global`: `text.match(/re/g)` lists whole matches. */
export interface MatchPattern {
  pattern: string;
  global: boolean;
}

/**
 * The regular expressions a match result was made with, when it is `text.match(/re/)`,
 * `/re/.exec(text)`, a local variable holding one, or a conditional between such calls. Null when
 * unknown.
 */
export function localMatchPatterns(match: TSESTree.Node, sourceCode: SourceCode): MatchPattern[] | null {
  const expr = skipTypeWrappers(match);
  if (expr.type !== AST_NODE_TYPES.Identifier) return patternsOf(expr, sourceCode);
  const variable = resolveVariable(expr, sourceCode);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (def?.node.type !== AST_NODE_TYPES.VariableDeclarator || def.node.id.type !== AST_NODE_TYPES.Identifier || !def.node.init) return null;
  return patternsOf(def.node.init, sourceCode);
}

function patternsOf(node: TSESTree.Node, sourceCode: SourceCode): MatchPattern[] | null {
  const init = skipTypeWrappers(node);
  if (init.type === AST_NODE_TYPES.ConditionalExpression) {
    const left = patternsOf(init.consequent, sourceCode);
    const right = patternsOf(init.alternate, sourceCode);
    return left && right ? [...left, ...right] : null;
  }
  if (init.type !== AST_NODE_TYPES.CallExpression) return null;
  const callee = skipTypeWrappers(init.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return null;
  const name = getPropertyName(callee);
  let regex: TSESTree.Node | null | undefined = name === 'match' ? init.arguments[0] : name === 'exec' ? callee.object : undefined;
  // `const dateRegex = /^(\d{4})-(\d{2})$/; input.match(dateRegex)`
  if (regex?.type === AST_NODE_TYPES.Identifier) regex = constInitializer(regex, sourceCode);
  if (regex?.type !== AST_NODE_TYPES.Literal || !('regex' in regex)) return null;
  return [{ pattern: regex.regex.pattern, global: name === 'match' && regex.regex.flags.includes('g') }];
}

/**
 * Whether element `index` of a match result can only be digits (which kind, or null): a capture
 * group, or with `/g` a whole match; `skip` leading characters cut off first (`match[2].slice(1)`).
 */
export function digitsElementKind(match: MatchPattern, index: number, skip = 0, read: NumberRead = PLAIN_READ): DigitsKind | null {
  return digitsGroupKind(match.pattern, match.global ? 0 : index, skip, read);
}

/**
 * Whether a match result parsed whole by `Number` or unary `+` (`Number(/\\d+/.exec(text))`,
 * `+text.match(/^\\d{1,6}$/)`) is a non-negative integer: without `/g` and without capture groups the
 * result is `[whole match]`, whose string is the match, and a pattern that can only match digits (see
 * {@link isDigitsOnlyPattern}) makes that a run of digits; no match gives `null`, which `Number` makes 0.
 * A capture group (`['12', '12']` reads as `'12,12'`) or `/g` (every match, joined by commas) gives NaN.
 */
export function wholeMatchIsDigits(match: MatchPattern): boolean {
  return !match.global && captureGroups(match.pattern).length === 0 && isDigitsOnlyPattern(match.pattern);
}

/** Whether named group `name` of a match result (`m.groups.id`) can only be digits (which kind, or null). `/g` results have no groups. */
export function namedDigitsElementKind(match: MatchPattern, name: string, read: NumberRead = PLAIN_READ): DigitsKind | null {
  const index = captureGroups(match.pattern).findIndex((group) => group.name === name);
  return match.global || index < 0 ? null : digitsGroupKind(match.pattern, index + 1, 0, read);
}

/**
 * Whether the text a number is parsed from was checked earlier in the same function: an earlier
 * occurrence of the same expression (by its source text) passed to `isNaN`, `Number.isFinite`…,
 * to a validator (`isNumeric(text)`), to a regular expression's `test`, matched against a regular
 * expression (`text.match(/^\d+$/)`), or parsed and then compared (`parseFloat(text) < 0`).
 */
export function isTextChecked(text: TSESTree.Node, parse: TSESTree.Node, sourceCode: SourceCode, filename = ''): boolean {
  return isDigitsGuarded(text, parse, { sourceCode, filename }) || isTextCheckedEarlier(text, parse, sourceCode);
}

/** Cuts that drop leading characters: `t.slice(1)`, `t.substring(1)`, `t.substr(1)`. */
const LEADING_CUTS = new Set(['slice', 'substring', 'substr']);

/**
 * Whether the parse only runs where an anchored digits-only test of the text (or of the text it is
 * cut from, `t.slice(1)` of `/^\+\d+$/.test(t)`) passed: inside `if (RE.test(t)) { … }` or
 * `if (t.match(RE)) { … }`, or after `if (!RE.test(t)) return …`. What the parse gets is then a
 * non-negative integer: never NaN, never negative.
 */
function isDigitsGuarded(text: TSESTree.Node, parse: TSESTree.Node, file: FileRef): boolean {
  const { sourceCode } = file;
  let base = skipTypeWrappers(text);
  let skip = 0;
  if (base.type === AST_NODE_TYPES.CallExpression && base.callee.type === AST_NODE_TYPES.MemberExpression && LEADING_CUTS.has(getPropertyName(base.callee) ?? '')) {
    const [start, ...rest] = base.arguments;
    if (rest.length > 0 || start?.type !== AST_NODE_TYPES.Literal || typeof start.value !== 'number' || !Number.isInteger(start.value) || start.value < 0) return false;
    skip = start.value;
    base = skipTypeWrappers(base.callee.object);
  }
  if (base.type !== AST_NODE_TYPES.Identifier && base.type !== AST_NODE_TYPES.MemberExpression) return false;
  const written = sourceCode.getText(base);
  const tests = (test: TSESTree.Node, passed: boolean): boolean =>
    passed
      ? logicalOperands(test, '&&').some((operand) => isDigitsTestOf(operand, written, skip, file))
      : test.type === AST_NODE_TYPES.UnaryExpression && test.operator === '!' && isDigitsTestOf(test.argument, written, skip, file);
  let child: TSESTree.Node = parse;
  for (let node = parse.parent; node && !isFunction(node); child = node, node = node.parent) {
    if (node.type === AST_NODE_TYPES.IfStatement && node.consequent === child && tests(node.test, true)) return true;
    if (node.type !== AST_NODE_TYPES.BlockStatement && node.type !== AST_NODE_TYPES.Program) continue;
    const before = (node.body as TSESTree.Node[]).slice(0, (node.body as TSESTree.Node[]).indexOf(child));
    if (before.some((statement) => statement.type === AST_NODE_TYPES.IfStatement && exitsWhenTrue(statement.test) && tests(statement.test, false))) return true;
  }
  return false;
}

/**
 * `RE.test(x)`, `RE.exec(x)` or `x.match(RE)` where `x` is written `written` and RE is a regular expression
 * literal (or a constant holding one, see `regexLiteralOf`) anchored at both ends that, less `skip`
 * leading literal characters and an optional `+`, admits only unsigned digits.
 */
function isDigitsTestOf(node: TSESTree.Node, written: string, skip: number, file: FileRef): boolean {
  const { sourceCode } = file;
  let call = skipTypeWrappers(node);
  // `const valid = text.match(RE); if (valid) …`: the stored result of the test.
  if (call.type === AST_NODE_TYPES.Identifier) call = skipTypeWrappers(constInitializer(call, sourceCode) ?? call);
  if (call.type !== AST_NODE_TYPES.CallExpression || call.callee.type !== AST_NODE_TYPES.MemberExpression) return false;
  const name = getPropertyName(call.callee);
  // `[price, quota, text].every((v) => RE.test(v))`: every value listed passes the test, this one too.
  if (name === 'every') return skip === 0 && everyListedPasses(call, written, file);
  const [regexSide, textSide] = name === 'test' || name === 'exec' ? [call.callee.object, call.arguments[0]] : name === 'match' ? [call.arguments[0], call.callee.object] : [];
  if (!textSide || textSide.type === AST_NODE_TYPES.SpreadElement || sourceCode.getText(skipTypeWrappers(textSide)) !== written) return false;
  const regex = regexSide && regexLiteralOf(regexSide, file);
  if (regex?.type !== AST_NODE_TYPES.Literal || !('regex' in regex)) return false;
  const { pattern, flags } = regex.regex;
  if (flags.includes('m') || !pattern.startsWith('^') || !pattern.endsWith('$') || pattern.endsWith('\\$') || pattern.includes('|')) return false;
  const rest = dropLiterals(pattern.slice(1, -1), skip).replace(/^\\\+\??/, '');
  // No sign (`-?\\d+`) and no fraction (`\\d+(\\.\\d+)?`): an unsigned integer.
  return rest !== '' && !/\\\.|\[\.\]/.test(rest) && digitsKind(rest) === 'unsigned';
}

/** `[a, b, text].every((v) => RE.test(v))` (or `function (v) { return RE.test(v); }`) with `text` written `written` in the list: see {@link isDigitsTestOf}. */
function everyListedPasses(call: TSESTree.CallExpression, written: string, file: FileRef): boolean {
  const list = skipTypeWrappers((call.callee as TSESTree.MemberExpression).object);
  const [callback] = call.arguments;
  if (list.type !== AST_NODE_TYPES.ArrayExpression || call.arguments.length !== 1 || !callback) return false;
  if (!list.elements.some((element) => element !== null && element.type !== AST_NODE_TYPES.SpreadElement && file.sourceCode.getText(skipTypeWrappers(element)) === written)) return false;
  if (callback.type !== AST_NODE_TYPES.ArrowFunctionExpression && callback.type !== AST_NODE_TYPES.FunctionExpression) return false;
  const [param] = callback.params;
  if (callback.params.length !== 1 || param?.type !== AST_NODE_TYPES.Identifier) return false;
  const body = callback.body;
  const only = body.type === AST_NODE_TYPES.BlockStatement ? (body.body.length === 1 && body.body[0]!.type === AST_NODE_TYPES.ReturnStatement ? body.body[0].argument : null) : body;
  return only !== null && isDigitsTestOf(only, param.name, 0, file);
}

/** How many objects `objectOf` looks through for a pattern (constants that name each other end there). */
const MAX_PATTERN_LINKS = 6;

/**
 * The expression a regular expression is written as: itself, the value of a constant holding it —
 * in this file or exported by a project module it imports (`import { DAYS } from './limits'`, found
 * by the stores' `originOf`) — or the value of a field of a constant object literal
 * (`RULES.days` of `const RULES = { days: /^[1-4]$/ }`), also one picked by a member of an enum or
 * constant object (`LIMITS[Step.Days].pattern` of `{ [Step.Days]: { pattern: /^[1-9]\d{0,2}$/ } }`,
 * see `fieldOf`). Null when unknown.
 */
function regexLiteralOf(node: TSESTree.Node, file: FileRef, depth = 0): TSESTree.Node | null {
  const regex = skipTypeWrappers(node);
  if (regex.type === AST_NODE_TYPES.Identifier) {
    const origin = originOf(regex, file);
    return origin?.kind === 'expression' ? regexLiteralOf(origin.node, origin.file, depth + 1) : null;
  }
  if (regex.type !== AST_NODE_TYPES.MemberExpression) return regex;
  const field = fieldOf(regex, file, depth);
  return field && regexLiteralOf(field.node, field.file, depth + 1);
}

/**
 * The value a member read takes from a constant object literal (see `objectOf`), with the file it
 * is written in. A field named in the source (`RULES.days`) needs an object without spreads or
 * computed keys, either of which may hold another value under the name; a field picked by a member
 * path (`RULES[Kind.Days]`) needs an object whose every key is a member of the same enum or constant
 * object (`[Kind.Days]`, `[Kind.Note]`: see `enumMemberKey`), so that no other key can equal it.
 */
function fieldOf(member: TSESTree.MemberExpression, file: FileRef, depth: number): { node: TSESTree.Node; file: FileRef } | null {
  const object = objectOf(member.object, file, depth + 1);
  const properties = object?.node.properties.filter((property) => property.type === AST_NODE_TYPES.Property) ?? [];
  if (!object || properties.length < object.node.properties.length) return null;
  const name = getPropertyName(member);
  let field: TSESTree.Property | undefined;
  if (name !== null) {
    if (properties.some((property) => property.computed)) return null;
    field = properties.findLast((property) => propertyKey(property) === name);
  } else {
    const wanted = enumMemberKey(member.property, file);
    const keys = properties.map((property) => (property.computed ? enumMemberKey(property.key, object.file) : null));
    if (!wanted || !keys.every((key) => key?.owner === wanted.owner)) return null;
    field = properties[keys.findLastIndex((key) => key!.member === wanted.member)];
  }
  return field ? { node: field.value, file: object.file } : null;
}

/**
 * The object literal an expression holds, with its file: written inline, held by a constant of this
 * file or of a project module it imports (`originOf`; not one whose fields are assigned in the file
 * that names it or that declares it), or a field of such an object (`LIMITS[Step.Days]`). Null when unknown.
 */
function objectOf(node: TSESTree.Node, file: FileRef, depth: number): { node: TSESTree.ObjectExpression; file: FileRef } | null {
  const value = skipTypeWrappers(node);
  if (depth > MAX_PATTERN_LINKS) return null;
  if (value.type === AST_NODE_TYPES.ObjectExpression) return { node: value, file };
  if (value.type === AST_NODE_TYPES.MemberExpression) {
    const field = fieldOf(value, file, depth);
    return field && objectOf(field.node, field.file, depth + 1);
  }
  if (value.type !== AST_NODE_TYPES.Identifier || isMutated(value, file.sourceCode)) return null;
  const origin = originOf(value, file);
  if (origin?.kind !== 'expression') return null;
  const declarator = origin.node.parent;
  // `LIMITS.days = /.*/` in the module that declares it.
  if (declarator?.type === AST_NODE_TYPES.VariableDeclarator && declarator.id.type === AST_NODE_TYPES.Identifier && isMutated(declarator.id, origin.file.sourceCode)) return null;
  return objectOf(origin.node, origin.file, depth + 1);
}

/**
 * A key written as a member of a named enum or constant object (`Kind.Days`, `Scene.Area` imported
 * from './models'): `owner` names the enum by where it is declared — the resolved project file (or
 * package) and export for an import, this file and name for a top-level declaration — so the same
 * enum read in two modules gives the same owner; `member` is the member read. Null otherwise.
 */
function enumMemberKey(node: TSESTree.Node, file: FileRef): { owner: string; member: string } | null {
  const key = skipTypeWrappers(node);
  const names = getMemberPath(key);
  if (!names || names.length < 2 || key.type !== AST_NODE_TYPES.MemberExpression) return null;
  const variable = resolveName(names[0]!, key, file.sourceCode);
  const def = variable?.defs.length === 1 ? variable.defs[0]! : null;
  if (!variable || !def) return null;
  const binding = importedBinding(def);
  let where: string | null;
  let chain = names;
  if (binding) {
    where = binding.module.startsWith('.') ? resolveFile(path.dirname(file.filename), binding.module) : binding.module;
    chain = binding.imported === '*' ? names.slice(1) : [binding.imported, ...names.slice(1)];
  } else {
    const topLevel = variable.scope.type === TSESLint.Scope.ScopeType.module || variable.scope.type === TSESLint.Scope.ScopeType.global;
    const constant = def.type === TSESLint.Scope.DefinitionType.TSEnumName || (def.type === TSESLint.Scope.DefinitionType.Variable && def.parent.kind === 'const');
    where = topLevel && constant ? file.filename : null;
  }
  return where === null || chain.length < 2 ? null : { owner: `${where}#${chain.slice(0, -1).join('.')}`, member: chain.at(-1)! };
}

function isTextCheckedEarlier(text: TSESTree.Node, parse: TSESTree.Node, sourceCode: SourceCode): boolean {
  const wanted = new Set([sourceCode.getText(skipTypeWrappers(text)), sourceCode.getText(uneditedText(text))]);
  const functions = sourceCode.getAncestors(parse).reverse().filter(isFunction);
  if (functions.length === 0) return checkedBefore(sourceCode.ast, parse, text, wanted, sourceCode);
  // The text of a variable the enclosing function declares (`ctx` of a handler, read in its
  // `.then((rate) => …)` callback): a check there before the callback is written checks it too.
  const root = memberRoot(uneditedText(text));
  const variable = root.type === AST_NODE_TYPES.Identifier ? resolveVariable(root, sourceCode) : null;
  let bound: TSESTree.Node = parse;
  for (const fn of functions) {
    if (checkedBefore(fn.body, bound, text, wanted, sourceCode)) return true;
    if (!variable || !isWrittenInPlace(fn) || containsRange(fn, variable.scope.block)) return false;
    bound = fn;
  }
  return false;
}

/** A function expression or arrow, not a method: it exists from where it is written on (a declaration is hoisted). */
function isWrittenInPlace(fn: FunctionNode): boolean {
  if (fn.type === AST_NODE_TYPES.ArrowFunctionExpression) return true;
  return fn.type === AST_NODE_TYPES.FunctionExpression && fn.parent.type !== AST_NODE_TYPES.MethodDefinition && !(fn.parent.type === AST_NODE_TYPES.Property && (fn.parent.method || fn.parent.kind !== 'init'));
}

/**
 * Whether an occurrence of the text (written as one of `wanted`) in a function body (or the
 * program), before `bound`, checks it (see `isCheckOfText`).
 */
function checkedBefore(body: TSESTree.Node, bound: TSESTree.Node, text: TSESTree.Node, wanted: ReadonlySet<string>, sourceCode: SourceCode): boolean {
  // The first parse of a function walks its code up to the parse; a function that parses text again
  // is indexed once, and later parses read the index.
  if (!bodiesAsked.has(body)) {
    bodiesAsked.add(body);
    return walkForCheck(body, text, bound, wanted, sourceCode);
  }
  const byLength = nodesByLength(body);
  // The earlier nodes written as the text, in walk order; one inside another such node is part of it.
  const candidates = [...new Set([...wanted].map((written) => written.length))]
    .flatMap((length) => byLength.get(length) ?? [])
    .filter(({ node }) => node.range[0] < bound.range[0] && node !== text && wanted.has(sourceCode.getText(node)))
    .sort((a, b) => a.order - b.order);
  const seen: TSESTree.Node[] = [];
  for (const { node } of candidates) {
    if (seen.some((outer) => containsRange(outer, node))) continue;
    if (isCheckOfText(node, sourceCode)) return true;
    seen.push(node);
  }
  return false;
}

function walkForCheck(body: TSESTree.Node, text: TSESTree.Node, bound: TSESTree.Node, wanted: ReadonlySet<string>, sourceCode: SourceCode): boolean {
  numberFlowWork.bodiesWalked++;
  let checked = false;
  walkSameFunction(body, (node) => {
    if (checked || node.range[0] >= bound.range[0]) return false;
    if (node === text || !wanted.has(sourceCode.getText(node))) return undefined;
    checked = isCheckOfText(node, sourceCode);
    return false;
  });
  return checked;
}

/** How many function bodies {@link isTextChecked} walked or indexed (not answered from the index): tests read it. */
export const numberFlowWork = { bodiesWalked: 0 };

const bodiesAsked = new WeakSet<TSESTree.Node>();

interface Ordered {
  node: TSESTree.Node;
  /** Position in the walk of the body (parents before their children). */
  order: number;
}

const lengthIndexes = new WeakMap<TSESTree.Node, ReadonlyMap<number, readonly Ordered[]>>();

/**
 * The nodes of one function's own code (nested functions skipped) by the length of their source
 * text, in walk order: built once per function, so each parsed text looks up the few earlier
 * nodes of its length instead of walking the function again.
 */
function nodesByLength(body: TSESTree.Node): ReadonlyMap<number, readonly Ordered[]> {
  let index = lengthIndexes.get(body);
  if (index) return index;
  numberFlowWork.bodiesWalked++;
  const built = new Map<number, Ordered[]>();
  let order = 0;
  walkSameFunction(body, (node) => {
    const length = node.range[1] - node.range[0];
    const entry = { node, order: order++ };
    const list = built.get(length);
    if (list) list.push(entry);
    else built.set(length, [entry]);
  });
  index = built;
  lengthIndexes.set(body, index);
  return index;
}

/** Edits that keep a numeric string numeric: `trim()`, and removing characters (`replace('-', '')`). */
const NUMBER_KEEPING_EDITS = new Set(['trim', 'trimStart', 'trimEnd', 'replace', 'replaceAll']);

/**
 * The text before edits that keep a numeric string numeric: `text` of `text.replace('-', '').trim()`.
 * A check of `text` (`isNumber(text)`) covers what these edits make of it.
 */
function uneditedText(node: TSESTree.Node): TSESTree.Node {
  let current = skipTypeWrappers(node);
  for (;;) {
    if (current.type !== AST_NODE_TYPES.CallExpression) return current;
    const callee = skipTypeWrappers(current.callee);
    const name = callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(callee) : null;
    if (callee.type !== AST_NODE_TYPES.MemberExpression || !NUMBER_KEEPING_EDITS.has(name ?? '')) return current;
    const replacement = current.arguments[1];
    if (name!.startsWith('replace') && !(replacement?.type === AST_NODE_TYPES.Literal && replacement.value === '')) return current;
    current = skipTypeWrappers(callee.object);
  }
}

function isCheckOfText(node: TSESTree.Node, sourceCode: SourceCode): boolean {
  const parent = node.parent!;
  // `isNumber(+msg)`: the text parsed and the number validated.
  if (parent.type === AST_NODE_TYPES.UnaryExpression && getParsedText(parent, sourceCode) === node) {
    const step = classify(parent, sourceCode).kind;
    return step === 'validity' || step === 'both';
  }
  if (parent.type === AST_NODE_TYPES.MemberExpression && parent.object === node) {
    const call = parent.parent;
    return getPropertyName(parent) === 'match' && call.type === AST_NODE_TYPES.CallExpression && isRegexLiteral(call.arguments[0]);
  }
  if (parent.type !== AST_NODE_TYPES.CallExpression || parent.callee === node) return false;
  if (getParsedText(parent, sourceCode) === node) {
    const step = classify(parent, sourceCode).kind;
    return step === 'validity' || step === 'both';
  }
  const path = getMemberPath(parent.callee);
  if (path && VALIDITY_CHECKS.has(path.join('.'))) return true;
  const name = getCalleeName(parent);
  if (name !== null && VALIDATOR_NAME.test(name)) return true;
  const callee = skipTypeWrappers(parent.callee);
  return name === 'test' && callee.type === AST_NODE_TYPES.MemberExpression;
}

function isRegexLiteral(node: TSESTree.Node | undefined): boolean {
  return node?.type === AST_NODE_TYPES.Literal && 'regex' in node;
}

/**
 * Whether an expression carries (part of) text for which `isSource` says `source`: the source itself,
 * parts cut from it (`split`, `slice`, `trim`, `match`, `[i]`), templates around it, and local
 * variables or destructured bindings initialised with such a value. Where `isSource` says
 * `trusted` (a digits-only capture group, say), the search stops. Cycle-safe.
 */
export function derivesFromText(
  node: TSESTree.Node,
  isSource: (node: TSESTree.Node) => 'source' | 'trusted' | null,
  sourceCode: SourceCode,
  seen: Set<TSESLint.Scope.Variable> = new Set(),
): boolean {
  const expr = skipTypeWrappers(node);
  const verdict = isSource(expr);
  if (verdict !== null) return verdict === 'source';
  switch (expr.type) {
    case AST_NODE_TYPES.MemberExpression:
      return getPropertyName(expr) !== 'length' && derivesFromText(expr.object, isSource, sourceCode, seen);
    case AST_NODE_TYPES.CallExpression: {
      const callee = skipTypeWrappers(expr.callee);
      const first = expr.arguments[0];
      if (callee.type !== AST_NODE_TYPES.MemberExpression) {
        // `String(text)`
        return callee.type === AST_NODE_TYPES.Identifier && callee.name === 'String' && first !== undefined && derivesFromText(first, isSource, sourceCode, seen);
      }
      const name = getPropertyName(callee) ?? '';
      if (TEXT_METHODS.has(name)) return derivesFromText(callee.object, isSource, sourceCode, seen);
      return name === 'exec' && first !== undefined && derivesFromText(first, isSource, sourceCode, seen);
    }
    case AST_NODE_TYPES.TemplateLiteral:
      return expr.expressions.some((e) => derivesFromText(e, isSource, sourceCode, seen));
    case AST_NODE_TYPES.LogicalExpression:
      return derivesFromText(expr.left, isSource, sourceCode, seen) || derivesFromText(expr.right, isSource, sourceCode, seen);
    case AST_NODE_TYPES.ConditionalExpression:
      return (
        derivesFromText(expr.consequent, isSource, sourceCode, seen) ||
        derivesFromText(expr.alternate, isSource, sourceCode, seen)
      );
    case AST_NODE_TYPES.Identifier: {
      const variable = resolveVariable(expr, sourceCode);
      if (!variable || seen.has(variable)) return false;
      seen.add(variable);
      // Its writes, listed once per variable: a variable read by every parse of a file is not rescanned per parse.
      return writeReferences(variable).some(
        (ref) => ref.writeExpr != null && ref.writeExpr !== expr && derivesFromText(ref.writeExpr, isSource, sourceCode, seen),
      );
    }
    default:
      return false;
  }
}

export interface UncheckedUse {
  /** The first use that needs the check. */
  use: TSESTree.Node;
  sink: Sink;
  /** `nan`: nothing rejects NaN before the use; `range`: NaN is rejected but no bound is checked. */
  missing: 'nan' | 'range';
  /** The variable the number was stored in, if any. */
  variable: TSESLint.Scope.Variable | null;
}

/**
 * Follows a parsed number (`parse` is the `Number(x)` call or `+x`) to its first use in SQL,
 * arithmetic, a call or a property write, and says whether a validity check (and, with
 * `requireRange`, a bound check) comes before it in source order. Null when the number is checked,
 * or never used where it matters (logged, shown, returned to a caller this analysis cannot see).
 * `notNaN`: the number cannot be NaN (a signed digits capture), only its bound is asked for.
 */
export function findUncheckedUse(
  parse: TSESTree.Node,
  sourceCode: SourceCode,
  requireRange: boolean,
  ignoredSinks: ReadonlySet<Sink> = new Set(),
  resolveCallee?: CalleeResolver,
  everyUse = true,
  keyLookups = false,
  notNaN = false,
): UncheckedUse | null {
  const state = { validity: notNaN, range: false };
  return follow(parse, null, state, sourceCode, { requireRange, ignoredSinks, resolveCallee, origin: parse, everyUse, keyLookups, depth: 0 });
}

/** The function a call runs and the source code it lives in (the function summaries resolve it), or null. */
export type CalleeResolver = (call: TSESTree.CallExpression) => { fn: FunctionNode; sourceCode: SourceCode } | null;

interface FollowOptions {
  readonly requireRange: boolean;
  /** Uses that are not counted: the walk goes on to the next use. */
  readonly ignoredSinks: ReadonlySet<Sink>;
  /** Resolves callees, so that a number passed to a function that checks its parameter first is not a use. */
  readonly resolveCallee?: CalleeResolver | undefined;
  /** Where the value being followed starts (the parse, the declarator, the property write): comparisons before it test another value. */
  readonly origin?: TSESTree.Node | undefined;
  /**
   * Every use counts (a call, arithmetic); false: only a use that does harm (see {@link harms}) —
   * the others are passed over as ignored sinks are. Absent: every use.
   */
  readonly everyUse?: boolean | undefined;
  /** How many calls deep the walk followed the number into called functions (see {@link harms}). */
  readonly depth: number;
  /**
   * SQL that uses the number only as a row key (`WHERE id = $1` of a SELECT or UPDATE, see
   * {@link onlyRowKey}) is a lookup, not SQL: for a value the bot wrote itself, where a forged NaN
   * only matches no row.
   */
  readonly keyLookups?: boolean | undefined;
}

/** `x = x - n`, `x = (a * n) + b`: the assignment an arithmetic result is stored by (through more arithmetic), or null. */
function assignedResult(node: TSESTree.Node): TSESTree.AssignmentExpression | null {
  let child = outermostWrapper(node);
  while (child.parent?.type === AST_NODE_TYPES.BinaryExpression && ARITHMETIC.has(child.parent.operator)) child = outermostWrapper(child.parent);
  const parent = child.parent;
  return parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.right === child && parent.operator === '=' ? parent : null;
}

/** Allocations sized by a number: `new Array(n)`, `Buffer.alloc(n)`, `'x'.repeat(n)` (a negative or NaN size throws, a huge one exhausts memory). */
const ALLOCATIONS = new Set(['Array', 'Array.from', 'Buffer.alloc', 'Buffer.allocUnsafe']);
const SIZED_METHODS = new Set(['repeat', 'padStart', 'padEnd']);

/**
 * Whether a use of an unchecked number does harm the user or the operator cannot see: it reaches
 * SQL, a stored property, a write or a balance change (`Order.create({ qty })`, `addLimitOrder(p)`,
 * `deductCredit(id, n)`: see `stateChangeOf`), an allocation, a state field changed by it
 * (`user.balance -= n`), or a called function that does one of these with it. Not a use whose bad
 * value is only shown, answered, or rejected by the API it goes to (a reply, an invoice, an unknown
 * call). Lookups and HTTP requests count when their own options did not ignore them.
 */
function harms(step: { sink: Sink; node: TSESTree.Node }, from: TSESTree.Node, sourceCode: SourceCode, options: FollowOptions): boolean {
  const { depth } = options;
  const harmOnly: FollowOptions = { ...options, everyUse: false, depth: depth + 1 };
  if (step.sink !== 'a call' && step.sink !== 'arithmetic') return true;
  const node = step.node;
  if (step.sink === 'arithmetic') {
    // `user.balance -= n`: a state field changed; `total += n`, `total = total - n`: the variable decides.
    const assignment = node.type === AST_NODE_TYPES.AssignmentExpression ? node : assignedResult(node);
    if (assignment) {
      if (assignment.left.type !== AST_NODE_TYPES.Identifier) return true;
      const variable = resolveVariable(assignment.left, sourceCode);
      // A variable of no function (a module's `balance`), or of an outer one, outlives the update.
      if (variable === null || variable.scope.variableScope !== sourceCode.getScope(assignment).variableScope) return true;
      return depth < 4 && followVariable(variable, assignment, { validity: false, range: false }, sourceCode, { ...harmOnly, origin: assignment }) !== null;
    }
    return depth < 4 && follow(node, null, { validity: false, range: false }, sourceCode, { ...harmOnly, origin: node }) !== null;
  }
  const change = stateChangeOf(node, sourceCode);
  if (change === 'write' || change === 'money') return true;
  const call = node as TSESTree.CallExpression | TSESTree.NewExpression;
  const dotted = getMemberPath(call.callee)?.join('.');
  if ((dotted !== undefined && ALLOCATIONS.has(dotted)) || (call.callee.type === AST_NODE_TYPES.MemberExpression && SIZED_METHODS.has(getPropertyName(call.callee) ?? ''))) return true;
  // A project function: what it does with its parameter decides (one more level at most).
  const index = (call.arguments as TSESTree.Node[]).indexOf(outermostWrapper(from));
  const target = index >= 0 && depth < 2 && options.resolveCallee && call.type === AST_NODE_TYPES.CallExpression ? options.resolveCallee(call) : null;
  const param = target?.fn.params[index];
  if (!target || param?.type !== AST_NODE_TYPES.Identifier) return false;
  const variable = target.sourceCode.getDeclaredVariables(target.fn).find((declared) => declared.identifiers.includes(param));
  return variable !== undefined && followVariable(variable, param, { validity: false, range: false }, target.sourceCode, { ...harmOnly, origin: param }) !== null;
}

/**
 * Whether a number passed straight as argument `node` of `call` is checked by the called function
 * before any other use of its parameter (`if (isNaN(amount) || amount < min) return …`): the call
 * hands the check on. Only one level deep: the callee's own calls are uses.
 */
function checkedByCallee(call: TSESTree.Node, node: TSESTree.Node, options: FollowOptions): boolean {
  if (!options.resolveCallee || call.type !== AST_NODE_TYPES.CallExpression) return false;
  const index = (call.arguments as TSESTree.Node[]).indexOf(outermostWrapper(node));
  const target = index < 0 ? null : options.resolveCallee(call);
  const param = target?.fn.params[index];
  if (!target || param?.type !== AST_NODE_TYPES.Identifier) return false;
  const variable = target.sourceCode.getDeclaredVariables(target.fn).find((declared) => declared.identifiers.includes(param));
  if (!variable) return false;
  const state = { validity: false, range: false };
  const found = followVariable(variable, param, state, target.sourceCode, { requireRange: options.requireRange, ignoredSinks: new Set(), depth: 0 });
  return found === null && state.validity && (!options.requireRange || state.range);
}

/**
 * `try { await ctx.replyWithInvoice(…, [{ label, amount }]) } catch { await ctx.reply('Send a valid amount') }`:
 * an invoice call (see `INVOICE_METHODS`) awaited inside a `try` whose `catch` deals with the failure
 * (`dealsWithFailure`). Telegram rejects a NaN, negative or fractional price, into that `catch`; the
 * user pays only a total Telegram accepted.
 */
function rejectedIntoHandler(call: TSESTree.Node, sourceCode: SourceCode): boolean {
  if (call.type !== AST_NODE_TYPES.CallExpression || skipTypeWrappers(call.callee).type !== AST_NODE_TYPES.MemberExpression || !INVOICE_METHODS.has(getCalleeName(call) ?? '')) return false;
  const awaited = outermostWrapper(call).parent;
  const tryStatement = awaited?.type === AST_NODE_TYPES.AwaitExpression ? enclosingTry(awaited) : null;
  return tryStatement !== null && dealsWithFailure(tryStatement.handler, sourceCode);
}

function follow(
  node: TSESTree.Node,
  variable: TSESLint.Scope.Variable | null,
  state: { validity: boolean; range: boolean },
  sourceCode: SourceCode,
  options: FollowOptions,
): UncheckedUse | null {
  const { requireRange } = options;
  const step = classify(node, sourceCode);
  switch (step.kind) {
    case 'validity':
      state.validity = true;
      return null;
    case 'both':
      state.validity = true;
      state.range = true;
      return null;
    case 'range':
      state.range = true;
      return null;
    case 'none':
    case 'same':
      return null;
    case 'member': {
      // `obj.n = Number(text)`: the later reads of `obj.n` decide; the write itself is the use when none does.
      let used = false;
      for (const read of step.reads) {
        const next = classify(read, sourceCode);
        if (next.kind === 'sink' && (options.ignoredSinks.has(next.sink) || comparedAround(read, variable, step.assignment) || (options.everyUse === false && !harms(next, read, sourceCode, options)))) {
          used = true; // went where a bad value does no harm, or where it is not NaN: not a use that needs the check
          continue;
        }
        const found = follow(read, variable, state, sourceCode, { ...options, origin: step.assignment });
        if (found || state.validity) return found;
      }
      return used || state.validity || options.ignoredSinks.has('a property') || checkedWhereRead(step.assignment, step.reads, sourceCode, options)
        ? null
        : { use: step.assignment, sink: 'a property', missing: 'nan', variable };
    }
    case 'sink': {
      // A row key of SQL, for a value the bot wrote: judged as a lookup.
      const rowKey = step.sink === 'SQL' && onlyRowKey(step.node, node, sourceCode);
      // `const r = await db.query('SELECT … WHERE id = $1', [n]); if (r.rows.length === 0) throw …`:
      // only a key that matched a row goes on, as after a tested lookup.
      if (rowKey && rowsMissTested(step.node)) {
        state.validity = true;
        return null;
      }
      const sink: Sink = rowKey && options.keyLookups === true ? 'a lookup' : step.sink;
      if (options.ignoredSinks.has(sink)) return null;
      if (options.everyUse === false && !harms({ sink, node: step.node }, node, sourceCode, options)) return null;
      // A calculator answer: a NaN result is only shown to the user; nothing is stored or charged.
      if (sink === 'arithmetic' && !requireRange && onlyShown(step.node, sourceCode)) return null;
      if (sink === 'a call' && checkedByCallee(step.node, node, options)) return null;
      if (sink === 'a call' && rejectedIntoHandler(step.node, sourceCode)) return null;
      if (!state.validity && !comparedAround(node, variable, options.origin)) return { use: step.node, sink, missing: 'nan', variable };
      if (requireRange && !state.range && (sink === 'SQL' || sink === 'arithmetic')) {
        return { use: step.node, sink, missing: 'range', variable };
      }
      return null;
    }
    case 'variable': {
      // Aliases are declared after what they copy: the walk only moves forward and ends.
      for (const next of sourceCode.getDeclaredVariables(step.declarator)) {
        const found = followVariable(next, step.declarator, state, sourceCode, options);
        if (found) return found;
      }
      return null;
    }
  }
}

/**
 * Whether the place `assignment` stores a number in is checked wherever else the file reads it:
 * every other function that reads it (and its own function, before the write) rejects NaN — and,
 * with `requireRange`, bounds it — before any use. A handler that stores the amount a user typed
 * and another that spends it after `if (!amount) return …`. The place must be the same in each
 * function: a property of a module-level variable, or of a handler context's session
 * (`ctx.session.amount`, also destructured: `const { amount } = ctx.session`). False when nothing
 * else reads it.
 */
function checkedWhereRead(assignment: TSESTree.AssignmentExpression, later: readonly TSESTree.Node[], sourceCode: SourceCode, options: FollowOptions): boolean {
  // A read of the place can be another write's value (`ctx.session.data = { ...ctx.session.data, n }` in
  // each step), whose walk asks this again: one nested question at most, so that the walk ends and
  // stays linear in the writes. Not proven checked past that.
  if (whereReadDepth >= MAX_WHERE_READ_DEPTH) return false;
  whereReadDepth++;
  try {
    return checkedWhereReadOnce(assignment, later, sourceCode, options);
  } finally {
    whereReadDepth--;
  }
}

/** How many `checkedWhereRead` questions are open on the stack, and how many may be. */
let whereReadDepth = 0;
const MAX_WHERE_READ_DEPTH = 2;

function checkedWhereReadOnce(assignment: TSESTree.AssignmentExpression, later: readonly TSESTree.Node[], sourceCode: SourceCode, options: FollowOptions): boolean {
  const left = assignment.left as TSESTree.MemberExpression;
  const placeOf = sharedPlace(left, sourceCode);
  if (!placeOf) return false;
  // `store[key()].n`: a place that cannot be told.
  const key = placeOf(left);
  if (key === null) return false;
  const holderKey = placeOf(left.object);
  const index = fileIndex(sourceCode.ast);
  // The reads by function, in source order: `obj.n` itself, or a binding destructured from `obj`.
  const byFunction = new Map<TSESTree.Node, { read: TSESTree.Node; variable: TSESLint.Scope.Variable | null }[]>();
  const add = (fn: TSESTree.Node, read: TSESTree.Node, variable: TSESLint.Scope.Variable | null) => {
    const reads = byFunction.get(fn);
    if (reads) reads.push({ read, variable });
    else byFunction.set(fn, [{ read, variable }]);
  };
  const name = getPropertyName(left);
  for (const member of index.of(AST_NODE_TYPES.MemberExpression)) {
    if (member === left || placeOf(member) !== key) continue;
    const parent = member.parent;
    if (parent.type === AST_NODE_TYPES.AssignmentExpression && parent.left === member) continue; // another write
    const read = parent.type === AST_NODE_TYPES.ChainExpression ? parent : member;
    if (!later.includes(read)) add(enclosingFunction(member) ?? sourceCode.ast, read, null);
  }
  for (const declarator of index.of(AST_NODE_TYPES.VariableDeclarator)) {
    if (declarator.id.type !== AST_NODE_TYPES.ObjectPattern || !declarator.init || placeOf(declarator.init) !== holderKey) continue;
    for (const property of declarator.id.properties) {
      if (property.type !== AST_NODE_TYPES.Property || property.computed || propertyKey(property) !== name || property.value.type !== AST_NODE_TYPES.Identifier) continue;
      const variable = sourceCode.getDeclaredVariables(declarator).find((declared) => declared.identifiers.includes(property.value as TSESTree.Identifier));
      if (variable) add(enclosingFunction(declarator) ?? sourceCode.ast, declarator, variable);
    }
  }
  if (byFunction.size === 0) return false;
  const strict: FollowOptions = { requireRange: options.requireRange, ignoredSinks: new Set(), depth: 0 };
  return [...byFunction.values()].every((reads) => {
    const state = { validity: false, range: false };
    for (const { read, variable } of reads.sort((a, b) => a.read.range[0] - b.read.range[0])) {
      const found = variable ? followVariable(variable, read, state, sourceCode, strict) : follow(read, null, state, sourceCode, { ...strict, origin: read });
      if (found) return false;
      if (state.validity) return !options.requireRange || state.range;
    }
    return false;
  });
}

/**
 * For a stored place `obj.n`, what names the same place elsewhere: a key for an expression (equal
 * keys, the same place; null, another place). A module-level `obj` is one variable; the session of
 * a handler's context parameter (`ctx.session`, and a scene's state kept in it: `ctx.wizard.state`,
 * `ctx.scene.state`) is the chat's in every handler, whatever the parameter is called, also read
 * through a `const` alias of it (`const st = ctx.wizard.state as any; st.amount`). Null for anything
 * else (a local object, an outer function's variable, `ctx.state`).
 */
function sharedPlace(left: TSESTree.MemberExpression, sourceCode: SourceCode): ((node: TSESTree.Node) => string | null) | null {
  const variable = rootVariable(left, sourceCode);
  if (variable && SHARED_SCOPES.has(variable.scope.type)) return (node) => (rootVariable(node, sourceCode) === variable ? memberKey(node) : null);
  const placeOf = (node: TSESTree.Node): string | null => contextPlace(node, sourceCode);
  const key = placeOf(left);
  return key !== null && SESSION_PLACES.some((holder) => key.startsWith(holder)) ? placeOf : null;
}

/** The context's places that live in the chat's session: the session itself and a scene's state. */
const SESSION_PLACES = ['.session.', '.wizard.state.', '.scene.state.'];

/**
 * `ctx.session.amount`, `c.session.amount`: the place less the name of the context parameter it is
 * read from (`.session.amount`), also through a `const` alias of a part of it
 * (`const st = ctx.wizard.state; st.goals` → `.wizard.state.goals`). Null for anything else.
 */
function contextPlace(node: TSESTree.Node, sourceCode: SourceCode, depth = 0): string | null {
  const root = rootVariable(node, sourceCode);
  const key = memberKey(node);
  const def = root?.defs[0];
  if (!root || key === null || !def) return null;
  if (def.type === TSESLint.Scope.DefinitionType.Parameter) return key.slice(root.name.length);
  if (depth > 0 || def.type !== TSESLint.Scope.DefinitionType.Variable || def.parent?.type !== AST_NODE_TYPES.VariableDeclaration || def.parent.kind !== 'const') return null;
  const declarator = def.node;
  if (declarator.id.type !== AST_NODE_TYPES.Identifier || !declarator.init) return null;
  const holder = contextPlace(declarator.init, sourceCode, depth + 1);
  return holder === null ? null : holder + key.slice(root.name.length);
}

/** Scopes whose variables are one place for every function of the file. */
const SHARED_SCOPES = new Set<string>([TSESLint.Scope.ScopeType.module, TSESLint.Scope.ScopeType.global]);

/** The variable at the root of `a.b.c` (through `?.`), or null. */
function rootVariable(node: TSESTree.Node, sourceCode: SourceCode): TSESLint.Scope.Variable | null {
  let root = skipTypeWrappers(node);
  while (root.type === AST_NODE_TYPES.MemberExpression || root.type === AST_NODE_TYPES.ChainExpression) root = skipTypeWrappers(root.type === AST_NODE_TYPES.ChainExpression ? root.expression : root.object);
  return root.type === AST_NODE_TYPES.Identifier ? resolveVariable(root, sourceCode) : null;
}

/** Reads of a variable after its initialisation, in source order, until it is written again. */
function followVariable(
  variable: TSESLint.Scope.Variable,
  from: TSESTree.Node,
  state: { validity: boolean; range: boolean },
  sourceCode: SourceCode,
  options: FollowOptions,
): UncheckedUse | null {
  const references = variable.references
    .filter((ref) => ref.identifier.range[0] >= from.range[1])
    .sort((a, b) => a.identifier.range[0] - b.identifier.range[0]);
  for (const reference of references) {
    if (reference.isWrite()) return null; // reassigned: what follows is another value
    const found = follow(reference.identifier, variable, state, sourceCode, { ...options, origin: from });
    if (found) return found;
  }
  return null;
}

/** `<`, `<=`, `>`, `>=`: false when either side is NaN. */
const RELATIONAL = new Set(['<', '<=', '>', '>=']);

/**
 * Whether the read `node` lies in the consequent of an `if` (or `?:`) whose test, alone or as one
 * operand of an `&&` chain, compares the same value relationally after `origin`:
 * `if (balance <= n) { use(n) }`, `if (n < 100) return ctx.reply(`${100 - n} short`)`. A comparison
 * with NaN is false, so the value there is not NaN. Not through `||` or `!`, not `==`/`!=`.
 */
function comparedAround(node: TSESTree.Node, variable: TSESLint.Scope.Variable | null, origin: TSESTree.Node | undefined): boolean {
  const key = memberKey(node);
  if (key === null || !origin) return false;
  const sameValue = (operand: TSESTree.Node): boolean => {
    const expr = skipTypeWrappers(operand);
    if (expr.range[0] < origin.range[1] || memberKey(expr) !== key) return false;
    return expr.type !== AST_NODE_TYPES.Identifier || variable?.references.some((ref) => ref.identifier === expr) === true;
  };
  let child: TSESTree.Node = node;
  for (let parent = node.parent; parent && !isFunction(parent); child = parent, parent = parent.parent) {
    if ((parent.type !== AST_NODE_TYPES.IfStatement && parent.type !== AST_NODE_TYPES.ConditionalExpression) || parent.consequent !== child) continue;
    if (logicalOperands(parent.test, '&&').some((test) => test.type === AST_NODE_TYPES.BinaryExpression && RELATIONAL.has(test.operator) && (sameValue(test.left) || sameValue(test.right)))) return true;
  }
  return false;
}

/** Operators that keep a number a number (or make it text with `+`). */
const ARITHMETIC = new Set(['+', '-', '*', '/', '%', '**']);
/** Number methods that turn it into text for display. */
const DISPLAY_METHODS = new Set(['toFixed', 'toString', 'toLocaleString', 'toPrecision']);
/** Calls whose result is the same value as a number or text: `parseFloat(x)`, `Math.round(x)`, `String(x)`. */
const VALUE_CALLS = new Set(['Number', 'parseFloat', 'parseInt', 'String']);

/**
 * Whether the value of an expression is only shown: through arithmetic, `Math.*`, `parseFloat`,
 * `.toFixed()` and templates into a reply (`bot.sendMessage(chatId, result)`, `ctx.reply(…)`) or a
 * log, directly or through local variables whose every read is so. Not when it is stored, returned,
 * compared or passed to anything else.
 */
function onlyShown(start: TSESTree.Node, sourceCode: SourceCode, depth = 0): boolean {
  let child: TSESTree.Node = start;
  for (;;) {
    const parent: TSESTree.Node | undefined = child.parent;
    if (!parent) return false;
    if (isTypeWrapper(parent) || parent.type === AST_NODE_TYPES.TemplateLiteral) {
      child = parent;
      continue;
    }
    switch (parent.type) {
      case AST_NODE_TYPES.BinaryExpression:
        if (!ARITHMETIC.has(parent.operator)) return false;
        break;
      case AST_NODE_TYPES.UnaryExpression:
        if (parent.operator !== '-' && parent.operator !== '+') return false;
        break;
      case AST_NODE_TYPES.MemberExpression: {
        const call = parent.parent;
        if (parent.object !== child || !DISPLAY_METHODS.has(getPropertyName(parent) ?? '') || call.type !== AST_NODE_TYPES.CallExpression || call.callee !== parent) return false;
        child = call;
        continue;
      }
      case AST_NODE_TYPES.CallExpression: {
        if (parent.callee === child) return false;
        const path = getMemberPath(parent.callee);
        if (path?.[0] === 'Math' || (path?.length === 1 && VALUE_CALLS.has(path[0]!))) break;
        const name = getCalleeName(parent);
        return (name !== null && USER_REPLY_METHODS.has(name)) || DEFAULT_LOGGERS.isLoggingCall(parent);
      }
      case AST_NODE_TYPES.VariableDeclarator: {
        if (parent.init !== child || parent.id.type !== AST_NODE_TYPES.Identifier || depth > 3) return false;
        const variable = sourceCode.getDeclaredVariables(parent)[0];
        return variable !== undefined && variable.references.every((ref) => ref.init === true || (ref.isReadOnly() && onlyShown(ref.identifier, sourceCode, depth + 1)));
      }
      default:
        return false;
    }
    child = parent;
  }
}

/** Climbs from a number-valued node to the expression that decides its fate. */
function classify(start: TSESTree.Node, sourceCode: SourceCode): Step {
  let child: TSESTree.Node = start;
  let parent = child.parent;
  while (parent) {
    if (isTypeWrapper(parent) && parent.type !== AST_NODE_TYPES.ChainExpression) {
      child = parent;
      parent = parent.parent;
      continue;
    }
    switch (parent.type) {
      case AST_NODE_TYPES.ArrayExpression:
      case AST_NODE_TYPES.ObjectExpression:
      case AST_NODE_TYPES.SpreadElement:
        break;
      case AST_NODE_TYPES.Property:
        if (parent.value !== child) return { kind: 'none' };
        break;
      case AST_NODE_TYPES.MemberExpression: {
        if (parent.property === child) return tableLookup(parent, sourceCode);
        // `numbers[0]` of `text.split(' ').map(Number)`; `n.foo` is not a number any more.
        if (!parent.computed) return { kind: 'none' };
        break;
      }
      case AST_NODE_TYPES.CallExpression:
      case AST_NODE_TYPES.NewExpression: {
        if (parent.callee === child) return { kind: 'none' }; // `amount()`
        const call = classifyCall(parent, sourceCode);
        if (call) return call;
        break; // `Math.floor(n)`: still the same number
      }
      case AST_NODE_TYPES.TemplateLiteral:
        return parent.parent.type === AST_NODE_TYPES.TaggedTemplateExpression && isSqlTemplate(parent)
          ? { kind: 'sink', sink: 'SQL', node: child }
          : { kind: 'none' };
      case AST_NODE_TYPES.BinaryExpression: {
        const step = classifyBinary(parent, child);
        if (step.kind !== 'same') return step;
        break; // `n - 1`, `n + 1`: still NaN when `n` is
      }
      case AST_NODE_TYPES.UnaryExpression:
        if (parent.operator === '!') return { kind: 'validity' };
        if (parent.operator === '~') return { kind: 'validity' };
        if (parent.operator !== '-' && parent.operator !== '+') return { kind: 'none' };
        break;
      case AST_NODE_TYPES.LogicalExpression:
        if (parent.left === child && parent.operator !== '??') return { kind: 'validity' }; // `n || 0`, `n && use(n)`
        break;
      case AST_NODE_TYPES.ConditionalExpression:
        if (parent.test === child) return { kind: 'validity' };
        break;
      case AST_NODE_TYPES.IfStatement:
      case AST_NODE_TYPES.WhileStatement:
      case AST_NODE_TYPES.DoWhileStatement:
        return { kind: 'validity' }; // truthiness: NaN and 0 are falsy
      case AST_NODE_TYPES.VariableDeclarator:
        // `const n = …` and `const [a, b] = text.split(' ').map(Number)`.
        return parent.init === child && parent.id.type !== AST_NODE_TYPES.ObjectPattern
          ? { kind: 'variable', declarator: parent }
          : { kind: 'none' };
      case AST_NODE_TYPES.AssignmentExpression:
        return classifyAssignment(parent);
      default:
        return { kind: 'none' };
    }
    child = parent;
    parent = parent.parent;
  }
  /* c8 ignore next */
  return { kind: 'none' };
}

function classifyCall(call: TSESTree.CallExpression | TSESTree.NewExpression, sourceCode: SourceCode): Step | null {
  const path = getMemberPath(call.callee);
  const dotted = path?.join('.');
  if (dotted !== undefined && VALIDITY_CHECKS.has(dotted)) return { kind: 'validity' };
  if (path?.[0] === 'Math') return null;
  const name = getCalleeName(call);
  if (isAllowListTest(call, sourceCode)) return { kind: 'both' };
  if (name !== null) {
    if (SCHEMA_METHODS.has(name) && skipTypeWrappers(call.callee).type === AST_NODE_TYPES.MemberExpression) {
      return { kind: 'both' };
    }
    if (VALIDATOR_NAME.test(name)) return { kind: 'both' };
    if (NEUTRAL_CALLS.has(name)) return { kind: 'none' };
  }
  if (call.type === AST_NODE_TYPES.CallExpression && DEFAULT_LOGGERS.isLoggingCall(call)) return { kind: 'none' };
  if (isSqlCall(call, name)) return { kind: 'sink', sink: 'SQL', node: call };
  if (path?.[0] !== undefined && HTTP_CLIENTS.has(path[0])) return { kind: 'sink', sink: 'an HTTP request', node: call };
  // `bot.telegram.sendMessage(+ctx.match[1], text)`: a bad chat or message id is an API error, the same as any unknown id.
  if (name !== null && CHAT_UI_METHODS.has(name) && skipTypeWrappers(call.callee).type === AST_NODE_TYPES.MemberExpression) {
    return { kind: 'sink', sink: 'a lookup', node: call };
  }
  if (name !== null && LOOKUP_NAME.test(name)) {
    // `const receiver = await findUserById(id); if (!receiver) return …`: only a key that exists goes on;
    // of a constant `Map` (`PLANS.get(n)`), only one of its keys.
    if (!testedResult(call)) return { kind: 'sink', sink: 'a lookup', node: call };
    const callee = skipTypeWrappers(call.callee);
    return name === 'get' && callee.type === AST_NODE_TYPES.MemberExpression && isConstantTable(callee.object, sourceCode) ? { kind: 'both' } : { kind: 'validity' };
  }
  return { kind: 'sink', sink: 'a call', node: call };
}

/**
 * `if (![5, 10, 15].includes(n)) return …`, `if (SIZES.has(n)) …`: the number tested against a list of
 * number literals (written in place, or a constant table: {@link isConstantTable}) by `includes` or
 * `has`, the result deciding a branch. Only the listed numbers pass — never NaN, never one out of range.
 */
function isAllowListTest(call: TSESTree.CallExpression | TSESTree.NewExpression, sourceCode: SourceCode): boolean {
  const callee = skipTypeWrappers(call.callee);
  if (call.type !== AST_NODE_TYPES.CallExpression || call.arguments.length !== 1 || callee.type !== AST_NODE_TYPES.MemberExpression) return false;
  if (!['includes', 'has'].includes(getPropertyName(callee) ?? '')) return false;
  let list = skipTypeWrappers(callee.object);
  if (list.type === AST_NODE_TYPES.Identifier) {
    const init = isConstantTable(list, sourceCode) ? constInitializer(list, sourceCode) : null;
    if (!init) return false;
    list = skipTypeWrappers(init);
  }
  // `new Set([5, 10, 15])`: its one argument is the list.
  if (list.type === AST_NODE_TYPES.NewExpression && getMemberPath(list.callee)?.join('.') === 'Set' && list.arguments.length === 1) list = skipTypeWrappers(list.arguments[0]!);
  if (list.type !== AST_NODE_TYPES.ArrayExpression || list.elements.length === 0 || !list.elements.every((element) => element !== null && isNumberLiteral(element))) return false;
  // The result decides a branch: the test of an `if`, a loop or `?:`, through `!` and `&&` / `||`.
  let value: TSESTree.Node = outermostWrapper(call);
  while (value.parent?.type === AST_NODE_TYPES.UnaryExpression && value.parent.operator === '!') value = value.parent;
  while (value.parent?.type === AST_NODE_TYPES.LogicalExpression && value.parent.operator !== '??') value = value.parent;
  const parent = value.parent;
  return (
    (parent?.type === AST_NODE_TYPES.IfStatement || parent?.type === AST_NODE_TYPES.WhileStatement || parent?.type === AST_NODE_TYPES.ConditionalExpression) &&
    parent.test === value
  );
}

/**
 * `if (!PACKS[n]) return …`, `const rate = RATES[n]; if (!rate) return …` (see {@link testedResult}):
 * a lookup whose miss leaves passes on only keys the table has — NaN is never one, and the keys of
 * a constant literal table (see {@link isConstantTable}) bound the number too. A lookup tested
 * another way (`!PACKS[n]`, `PACKS[n] || 0`) rejects NaN; an untested one decides nothing.
 */
function tableLookup(lookup: TSESTree.MemberExpression, sourceCode: SourceCode): Step {
  const value = outermostWrapper(lookup);
  const missLeaves = testedResult(lookup) || (value.parent?.type === AST_NODE_TYPES.UnaryExpression && value.parent.operator === '!' && exitsWhenTrue(value.parent));
  if (missLeaves) return isConstantTable(lookup.object, sourceCode) ? { kind: 'both' } : { kind: 'validity' };
  const step = classify(lookup, sourceCode).kind;
  return step === 'validity' || step === 'both' ? { kind: 'validity' } : { kind: 'none' };
}

/**
 * A `const` of this file holding an object or array literal without spreads, or a `new Map([…])`
 * of entries written out, that nothing changes afterwards (no `T[k] = …`, no `T.set(…)`): its keys
 * are the ones written.
 */
function isConstantTable(node: TSESTree.Node, sourceCode: SourceCode): boolean {
  const id = skipTypeWrappers(node);
  if (id.type !== AST_NODE_TYPES.Identifier) return false;
  const init = constInitializer(id, sourceCode);
  const table = init && skipTypeWrappers(init);
  if (!table) return false;
  if (table.type === AST_NODE_TYPES.ObjectExpression || table.type === AST_NODE_TYPES.ArrayExpression) {
    const entries: readonly (TSESTree.Node | null)[] = table.type === AST_NODE_TYPES.ObjectExpression ? table.properties : table.elements;
    return !entries.some((entry) => entry?.type === AST_NODE_TYPES.SpreadElement) && !isMutated(id, sourceCode);
  }
  const entries = table.type === AST_NODE_TYPES.NewExpression && getMemberPath(table.callee)?.join('.') === 'Map' && table.arguments.length === 1 ? skipTypeWrappers(table.arguments[0]!) : null;
  if (entries?.type !== AST_NODE_TYPES.ArrayExpression || !entries.elements.every((entry) => entry?.type === AST_NODE_TYPES.ArrayExpression)) return false;
  const written = (reference: TSESLint.Scope.Reference): boolean => {
    const member = reference.identifier.parent;
    return member.type === AST_NODE_TYPES.MemberExpression && member.object === reference.identifier && ['set', 'clear', 'delete'].includes(getPropertyName(member) ?? '');
  };
  return !(resolveVariable(id, sourceCode)?.references.some(written) ?? true);
}

function classifyBinary(binary: TSESTree.BinaryExpression, child: TSESTree.Node): Step {
  switch (binary.operator) {
    case '<':
    case '<=':
    case '>':
    case '>=':
      // `if (n < 10) return`: NaN makes the comparison false, so NaN goes on past the exit.
      return exitsWhenTrue(binary) ? { kind: 'range' } : { kind: 'both' };
    case '|':
    case '>>':
    case '>>>':
    case '<<':
    case '&':
    case '^':
      return { kind: 'validity' }; // `n | 0` turns NaN into 0
    case '+': {
      const other = binary.left === child ? binary.right : binary.left;
      if (isNumberLiteral(other)) return { kind: 'same' };
      return isText(other) ? { kind: 'none' } : { kind: 'sink', sink: 'arithmetic', node: binary };
    }
    case '-':
      // `parseInt(t, 10) - 1`: a constant offset keeps NaN NaN; the check may follow on the result.
      return binary.left === child && isNumberLiteral(binary.right) ? { kind: 'same' } : { kind: 'sink', sink: 'arithmetic', node: binary };
    case '*':
    case '/':
      // `parseInt(t, 10) * 1000`: scaling by a constant keeps NaN NaN; the check may follow on the result.
      return isNumberLiteral(binary.left === child ? binary.right : binary.left) ? { kind: 'same' } : { kind: 'sink', sink: 'arithmetic', node: binary };
    case '%':
    case '**':
      return { kind: 'sink', sink: 'arithmetic', node: binary };
    default: {
      // `n === n` rejects NaN; other equality tests, `in`, `instanceof` decide nothing.
      if (binary.left.type === binary.right.type && sameName(binary.left, binary.right)) return { kind: 'validity' };
      // `list.find((s) => s.id === n)` whose miss exits: what goes on equals a key the list holds.
      const find = (binary.operator === '===' || binary.operator === '==') && findCallOf(binary);
      return find && testedResult(find) ? { kind: 'validity' } : { kind: 'none' };
    }
  }
}

/** `child` is the right side: a write to the variable itself ended the walk before. */
function classifyAssignment(assignment: TSESTree.AssignmentExpression): Step {
  const left = assignment.left;
  if (assignment.operator !== '=') return { kind: 'sink', sink: 'arithmetic', node: assignment };
  if (left.type === AST_NODE_TYPES.Identifier) return { kind: 'none' };
  if (left.type === AST_NODE_TYPES.MemberExpression) return { kind: 'member', assignment, reads: laterReads(assignment, left) };
  return { kind: 'none' };
}

/**
 * The reads of `obj.n` after `obj.n = …` in the same function, in source order, up to the next write
 * of it: `message.text = Math.floor(Number(message.text)); if (!message.text) return …`.
 */
function laterReads(assignment: TSESTree.AssignmentExpression, left: TSESTree.MemberExpression): TSESTree.Node[] {
  const path = memberKey(left);
  if (path === null) return [];
  let fn: TSESTree.Node | undefined = assignment.parent;
  while (fn && !isFunction(fn) && fn.type !== AST_NODE_TYPES.Program) fn = fn.parent;
  const root = fn && isFunction(fn) ? fn.body : fn;
  const reads: TSESTree.Node[] = [];
  let ended = false;
  walkSameFunction(root ?? assignment, (node) => {
    if (ended) return false;
    if (node.range[1] <= assignment.range[1]) return undefined;
    if (node.type !== AST_NODE_TYPES.MemberExpression || node.range[0] < assignment.range[1] || memberKey(node) !== path) return undefined;
    const parent = node.parent;
    if (parent.type === AST_NODE_TYPES.AssignmentExpression && parent.left === node) ended = true;
    else reads.push(parent.type === AST_NODE_TYPES.ChainExpression ? parent : node); // `state?.amount`: the value is the chain's
    return false;
  });
  return reads;
}

/** Calls that hand on a query's result: `find(q).toArray()`, `findOne(q).lean()`, `.exec()`. */
const RESULT_LINKS = new Set(['toArray', 'lean', 'exec']);

/**
 * `const x = await lookup(n); if (!x) return …` (or `const x = TABLE[n]`): the next statement exits unless the lookup found
 * something. Or it reads through the result at once, which throws on a miss: `x.balance` (`null.balance`),
 * `rows[0].balance` of `find(q).toArray()` (`[][0].balance`).
 */
function testedResult(call: TSESTree.CallExpression | TSESTree.NewExpression | TSESTree.MemberExpression): boolean {
  let value: TSESTree.Node = call;
  let list = false;
  for (;;) {
    const member: TSESTree.Node | undefined = value.parent;
    if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== value || !RESULT_LINKS.has(getPropertyName(member) ?? '')) break;
    if (member.parent.type !== AST_NODE_TYPES.CallExpression || member.parent.callee !== member) break;
    list ||= getPropertyName(member) === 'toArray';
    value = member.parent;
  }
  if (value.parent?.type === AST_NODE_TYPES.AwaitExpression) value = value.parent;
  const declarator = value.parent;
  if (declarator?.type !== AST_NODE_TYPES.VariableDeclarator || declarator.init !== value || declarator.id.type !== AST_NODE_TYPES.Identifier) return false;
  const declaration = declarator.parent;
  const block = declaration.parent;
  if (block.type !== AST_NODE_TYPES.BlockStatement && block.type !== AST_NODE_TYPES.Program) return false;
  const index = block.body.indexOf(declaration);
  const next = block.body[index + 1];
  const name = declarator.id.name;
  if (next?.type === AST_NODE_TYPES.VariableDeclaration && next.declarations[0]?.init && readsThrough(next.declarations[0].init, name, list ? 2 : 1)) return true;
  // `const a = await getA(n); const b = await getB(n); if (a === undefined || !b) return …`: lookups tested together.
  const names = [name];
  let after = index + 1;
  for (let other = lookupResultName(block.body[after]); other !== null; other = lookupResultName(block.body[after])) {
    names.push(other);
    after++;
  }
  const test = block.body[after]?.type === AST_NODE_TYPES.IfStatement ? (block.body[after] as TSESTree.IfStatement).test : null;
  if (!test || !exitsWhenTrue(test)) return false;
  const missed = new Set<string>();
  for (const operand of logicalOperands(test, '||')) {
    const tested = missTested(operand);
    if (tested === null) return false;
    missed.add(tested);
  }
  return names.every((tested) => missed.has(tested));
}

/**
 * `const r = await client.query(sql, [n]); if (r.rows.length === 0) throw …`: the statement after the
 * query's result is stored exits when it holds no row — one operand of its `||` test is `!x` or
 * `x === 0` / `x < 1` for the result, its `rows`, `rows.length`, `rowCount`, `length` or first row
 * (also destructured: `const { rows } = …`, `const [rows] = …`).
 */
function rowsMissTested(call: TSESTree.Node): boolean {
  let value = outermostWrapper(call);
  if (value.parent?.type === AST_NODE_TYPES.AwaitExpression) value = outermostWrapper(value.parent);
  const declarator = value.parent;
  if (declarator?.type !== AST_NODE_TYPES.VariableDeclarator || declarator.init !== value) return false;
  const empty = new Set<string>();
  const addRows = (name: string) => ['', '.length', '[0]'].forEach((tail) => empty.add(name + tail));
  const id = declarator.id;
  if (id.type === AST_NODE_TYPES.Identifier) {
    empty.add(id.name);
    addRows(`${id.name}.rows`);
    empty.add(`${id.name}.rowCount`);
    empty.add(`${id.name}.length`);
    empty.add(`${id.name}[0]`);
  } else if (id.type === AST_NODE_TYPES.ObjectPattern) {
    for (const property of id.properties) {
      if (property.type === AST_NODE_TYPES.Property && !property.computed && property.value.type === AST_NODE_TYPES.Identifier && propertyKey(property) === 'rows') addRows(property.value.name);
    }
  } else if (id.type === AST_NODE_TYPES.ArrayPattern && id.elements[0]?.type === AST_NODE_TYPES.Identifier) {
    addRows(id.elements[0].name);
  }
  const declaration = declarator.parent;
  const block = declaration.parent;
  if (declaration.type !== AST_NODE_TYPES.VariableDeclaration || (block.type !== AST_NODE_TYPES.BlockStatement && block.type !== AST_NODE_TYPES.Program)) return false;
  const next = block.body[block.body.indexOf(declaration) + 1];
  if (next?.type !== AST_NODE_TYPES.IfStatement || !exitsWhenTrue(next.test)) return false;
  const isEmpty = (node: TSESTree.Node) => empty.has(memberKey(node) ?? '');
  const isZero = (node: TSESTree.Node) => node.type === AST_NODE_TYPES.Literal && node.value === 0;
  const isOne = (node: TSESTree.Node) => node.type === AST_NODE_TYPES.Literal && node.value === 1;
  return logicalOperands(next.test, '||').some((test) => {
    if (test.type === AST_NODE_TYPES.UnaryExpression && test.operator === '!') return isEmpty(test.argument);
    if (test.type !== AST_NODE_TYPES.BinaryExpression) return false;
    if (test.operator === '===' || test.operator === '==') return (isEmpty(test.left) && isZero(test.right)) || (isZero(test.left) && isEmpty(test.right));
    return (test.operator === '<' && isEmpty(test.left) && isOne(test.right)) || (test.operator === '>' && isOne(test.left) && isEmpty(test.right));
  });
}

/** `const x = await lookup(…)` (a lookup by its name: `getUser`, `findById`): `x`, or null for any other statement. */
function lookupResultName(statement: TSESTree.Node | undefined): string | null {
  if (statement?.type !== AST_NODE_TYPES.VariableDeclaration || statement.declarations.length !== 1) return null;
  const [declarator] = statement.declarations;
  let init = declarator.init && skipTypeWrappers(declarator.init);
  if (init?.type === AST_NODE_TYPES.AwaitExpression) init = skipTypeWrappers(init.argument);
  if (init?.type !== AST_NODE_TYPES.CallExpression || declarator.id.type !== AST_NODE_TYPES.Identifier) return null;
  const callee = getCalleeName(init);
  return callee !== null && LOOKUP_NAME.test(callee) ? declarator.id.name : null;
}

/** `!x`, `x === undefined`, `x == null`, `null === x`: the name a test of a miss tests, or null. */
function missTested(test: TSESTree.Node): string | null {
  if (test.type === AST_NODE_TYPES.UnaryExpression && test.operator === '!') return test.argument.type === AST_NODE_TYPES.Identifier ? test.argument.name : null;
  if (test.type !== AST_NODE_TYPES.BinaryExpression || (test.operator !== '===' && test.operator !== '==')) return null;
  const [other, miss] = isNullish(test.right) ? [test.left, test.right] : [test.right, test.left];
  return isNullish(miss) && other.type === AST_NODE_TYPES.Identifier ? other.name : null;
}

/**
 * The `list.find(callback)` call whose callback's answer is `test` (its expression body or its only
 * `return`, alone or in an `&&` chain): `list.find((s) => s.id === n && s.active)`. Null otherwise.
 */
function findCallOf(test: TSESTree.Node): TSESTree.CallExpression | null {
  let answer: TSESTree.Node = test;
  while (answer.parent?.type === AST_NODE_TYPES.LogicalExpression && answer.parent.operator === '&&') answer = answer.parent;
  let fn: TSESTree.Node | undefined = answer.parent;
  if (fn?.type === AST_NODE_TYPES.ReturnStatement) {
    const body = fn.parent;
    fn = body.type === AST_NODE_TYPES.BlockStatement && body.body.length === 1 ? body.parent : undefined;
  } else if (fn?.type !== AST_NODE_TYPES.ArrowFunctionExpression || fn.body !== answer) {
    return null;
  }
  const call = fn && isFunction(fn) ? fn.parent : undefined;
  return call?.type === AST_NODE_TYPES.CallExpression && call.arguments[0] === fn && getMemberPath(call.callee)?.at(-1) === 'find' ? call : null;
}

/** `x.a`, `x[0].a * 1`: the expression first reads `depth` levels into `name` without `?.` (throws when a level is missing). */
function readsThrough(expression: TSESTree.Node, name: string, depth: number): boolean {
  let node = skipTypeWrappers(expression);
  while (node.type === AST_NODE_TYPES.BinaryExpression || node.type === AST_NODE_TYPES.AwaitExpression) node = skipTypeWrappers(node.type === AST_NODE_TYPES.BinaryExpression ? node.left : node.argument);
  const levels: TSESTree.MemberExpression[] = [];
  while (node.type === AST_NODE_TYPES.MemberExpression) {
    levels.unshift(node);
    node = skipTypeWrappers(node.object);
  }
  return node.type === AST_NODE_TYPES.Identifier && node.name === name && levels.length >= depth && levels.slice(0, depth).every((level) => !level.optional);
}

/** `state.amount`, `userStates[chatId].price`, `state?.amount`: the same key for the same place, or null. */
function memberKey(node: TSESTree.Node): string | null {
  const expr = skipTypeWrappers(node);
  switch (expr.type) {
    case AST_NODE_TYPES.Identifier:
      return expr.name;
    case AST_NODE_TYPES.ThisExpression:
      return 'this';
    case AST_NODE_TYPES.ChainExpression:
      return memberKey(expr.expression);
    case AST_NODE_TYPES.MemberExpression: {
      const object = memberKey(expr.object);
      if (object === null) return null;
      if (!expr.computed) return expr.property.type === AST_NODE_TYPES.Identifier ? `${object}.${expr.property.name}` : null;
      const property = skipTypeWrappers(expr.property);
      if (property.type === AST_NODE_TYPES.Literal) return `${object}[${String(property.value)}]`;
      const key = memberKey(property);
      return key === null ? null : `${object}[${key}]`;
    }
    default:
      return null;
  }
}

/** The whole test of an `if` whose consequent only exits (`return`, `throw`), with no `else`. */
function exitsWhenTrue(test: TSESTree.Node): boolean {
  const statement = test.parent;
  if (statement?.type !== AST_NODE_TYPES.IfStatement || statement.test !== test || statement.alternate) return false;
  const consequent = statement.consequent;
  const last = consequent.type === AST_NODE_TYPES.BlockStatement ? consequent.body[consequent.body.length - 1] : consequent;
  return last?.type === AST_NODE_TYPES.ReturnStatement || last?.type === AST_NODE_TYPES.ThrowStatement;
}

function isNumberLiteral(node: TSESTree.Node): boolean {
  return node.type === AST_NODE_TYPES.Literal && typeof node.value === 'number';
}

function sameName(a: TSESTree.Node, b: TSESTree.Node): boolean {
  return a.type === AST_NODE_TYPES.Identifier && b.type === AST_NODE_TYPES.Identifier && a.name === b.name;
}

function isText(node: TSESTree.Node): boolean {
  return (
    (node.type === AST_NODE_TYPES.Literal && typeof node.value === 'string') ||
    node.type === AST_NODE_TYPES.TemplateLiteral
  );
}

function isSqlCall(call: TSESTree.CallExpression | TSESTree.NewExpression, name: string | null): boolean {
  if (name !== null && SQL_CALLEES.has(name)) return true;
  return call.arguments.some(
    (argument) =>
      (argument.type === AST_NODE_TYPES.Literal && typeof argument.value === 'string' && SQL_TEXT.test(argument.value)) ||
      (argument.type === AST_NODE_TYPES.TemplateLiteral && isSqlTemplate(argument)),
  );
}

/**
 * Whether the SQL call `use` sends `value` only as a row key: every statement of the call is a parsed
 * SELECT or UPDATE without CTEs, and each parameter bound to `value` stands only in a key predicate
 * of its WHERE (`id = $1`, `user_id = ?`), never in a SET, a VALUES row or another condition.
 */
function onlyRowKey(use: TSESTree.Node, value: TSESTree.Node, sourceCode: SourceCode): boolean {
  const call =
    getSqlModel(sourceCode).calls.find((candidate) => containsRange(candidate.node, use) && containsRange(candidate.node, value)) ??
    (use.type === AST_NODE_TYPES.CallExpression && containsRange(use, value) ? projectSqlCall(use, sourceCode) : null);
  if (!call || call.statements.length === 0) return false;
  let keyed = false;
  for (const statement of call.statements) {
    if ((statement.kind !== 'select' && statement.kind !== 'update') || !statement.parsed || statement.ctes.length > 0) return false;
    const keys = statement.where.filter((expr) => isKeyPredicate(expr));
    const others = [...statement.where.filter((expr) => !keys.includes(expr)), ...statement.assignments.map((assignment) => assignment.value)];
    // A parameter whose value cannot be told may be this one: outside a key it spoils the proof, in a key it gives none.
    const bound = (unknown: boolean) => (expr: SqlExpr) => {
      const argument = expr.type === 'param' ? paramArgument(call, expr.index) : undefined;
      return argument === null ? unknown : argument !== undefined && containsRange(argument, value);
    };
    if (others.some((expr) => subExpressions(expr, true).some(bound(true)))) return false;
    if (keys.some((expr) => subExpressions(expr).some(bound(false)))) keyed = true;
  }
  return keyed;
}

function isSqlTemplate(template: TSESTree.TemplateLiteral): boolean {
  return SQL_TEXT.test(template.quasis[0]!.value.raw);
}
