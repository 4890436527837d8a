/** Context parameters known by their type annotation: `(ctx: CommandContext<MyContext>)`, `Filter<C, 'message:text'>`, local aliases of framework contexts. */
import { ASTUtils, AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';

import type { Framework } from './imports.js';
import { chatTypeGuarantees, withMatch } from './methods.js';
import { grammyFilterGuarantees, type Guarantees } from './narrowing.js';
import { resolveFrameworkName, resolveTypeName, type ModelState } from './state.js';

/**
 * A grammY context type narrowed like the registration method it is named after (`CommandContext`:
 * `bot.command`, whose filter is `:entities:bot_command`): what it guarantees with or without channel posts.
 */
type Narrowed = (channelPosts: boolean) => Guarantees;

const narrowedBy =
  (queries: readonly string[], match = true): Narrowed =>
  (channelPosts) => {
    const guarantees = grammyFilterGuarantees(queries, channelPosts);
    return match ? withMatch(guarantees) : guarantees;
  };

/** Framework types that mark a parameter as a context, and what they narrow. */
const CONTEXT_TYPES: Readonly<Record<Framework, Readonly<Record<string, Guarantees | Narrowed | 'filter' | 'chatType'>>>> = {
  grammy: {
    // A plain context type says nothing about the registration (often in another file): unknown.
    Context: null,
    CommandContext: narrowedBy([':entities:bot_command']),
    HearsContext: narrowedBy([':text', ':caption']),
    CallbackQueryContext: narrowedBy(['callback_query:data']),
    GameQueryContext: narrowedBy(['callback_query:game_short_name']),
    InlineQueryContext: narrowedBy(['inline_query']),
    ChosenInlineResultContext: narrowedBy(['chosen_inline_result']),
    PreCheckoutQueryContext: narrowedBy(['pre_checkout_query']),
    ShippingQueryContext: narrowedBy(['shipping_query']),
    ReactionContext: narrowedBy(['message_reaction'], false),
    ChatTypeContext: 'chatType',
    Filter: 'filter',
  },
  telegraf: { Context: null, NarrowedContext: null },
  ntba: {},
};

/**
 * What a parameter's framework context type guarantees (`null`: a context, nothing narrowed);
 * `undefined` when it has no framework context type. `channelPosts` false: what it guarantees for an
 * update that is no channel post (`CommandContext`: a message).
 */
export function contextTypeOf(state: ModelState, param: TSESTree.Parameter, channelPosts = true): Guarantees | undefined {
  const id = param.type === AST_NODE_TYPES.AssignmentPattern ? param.left : param;
  const annotation = 'typeAnnotation' in id ? id.typeAnnotation : undefined;
  if (!annotation) return undefined;
  return contextTypeGuarantees(state, annotation.typeAnnotation, 0, channelPosts);
}

/** `channelPosts` false: the type is narrowed to chats that are no channel (see `chatTypeContextGuarantees`). */
function contextTypeGuarantees(state: ModelState, type: TSESTree.TypeNode, depth: number, channelPosts = true): Guarantees | undefined {
  if (depth > 3) return undefined;
  if (type.type === AST_NODE_TYPES.TSIntersectionType || type.type === AST_NODE_TYPES.TSUnionType) {
    for (const part of type.types) {
      const found = contextTypeGuarantees(state, part, depth + 1, channelPosts);
      if (found !== undefined) return type.type === AST_NODE_TYPES.TSUnionType ? null : found;
    }
    return undefined;
  }
  if (type.type !== AST_NODE_TYPES.TSTypeReference) return undefined;
  const name = resolveTypeName(state, type.typeName);
  if (name) {
    const known = Object.hasOwn(CONTEXT_TYPES[name.framework], name.name) ? CONTEXT_TYPES[name.framework][name.name] : undefined;
    if (known === 'filter') {
      const queries = filterQueries(type);
      return queries ? grammyFilterGuarantees(queries, channelPosts) : null;
    }
    if (known === 'chatType') return chatTypeContextGuarantees(state, type, depth, channelPosts);
    return typeof known === 'function' ? known(channelPosts) : known;
  }
  // A local alias or interface built on a framework context type: `type MyContext = Context & Flavor`.
  if (type.typeName.type !== AST_NODE_TYPES.Identifier) return undefined;
  const variable = ASTUtils.findVariable(state.sourceCode.getScope(type), type.typeName.name);
  const def = variable?.defs[0]?.node;
  if (def?.type === AST_NODE_TYPES.TSTypeAliasDeclaration) return contextTypeGuarantees(state, def.typeAnnotation, depth + 1, channelPosts);
  if (def?.type === AST_NODE_TYPES.TSInterfaceDeclaration) {
    for (const heritage of def.extends) {
      if (heritage.expression.type !== AST_NODE_TYPES.Identifier && heritage.expression.type !== AST_NODE_TYPES.MemberExpression) continue;
      const resolved = resolveFrameworkName(state, heritage.expression);
      if (resolved && Object.hasOwn(CONTEXT_TYPES[resolved.framework], resolved.name)) return null;
    }
  }
  return undefined;
}

/** The queries of `Filter<C, Q>`: `Q` a string literal or a union of them (what `bot.on([…])` lists); null otherwise. */
function filterQueries(type: TSESTree.TSTypeReference): string[] | null {
  const query = type.typeArguments?.params[1];
  const parts = query?.type === AST_NODE_TYPES.TSUnionType ? query.types : query ? [query] : [];
  const literals = parts.map((part) => (part.type === AST_NODE_TYPES.TSLiteralType && part.literal.type === AST_NODE_TYPES.Literal && typeof part.literal.value === 'string' ? part.literal.value : null));
  return literals.length > 0 && literals.every((literal) => literal !== null) ? literals : null;
}

/**
 * The queries of a parameter typed `Filter<C, Q>` itself (grammY's type, written at the parameter):
 * the alternatives a test in the function can rule out, as for a registration's filters.
 */
export function contextTypeFilters(state: ModelState, param: TSESTree.Parameter): string[] | null {
  const id = param.type === AST_NODE_TYPES.AssignmentPattern ? param.left : param;
  const type = 'typeAnnotation' in id ? id.typeAnnotation?.typeAnnotation : undefined;
  if (type?.type !== AST_NODE_TYPES.TSTypeReference) return null;
  const name = resolveTypeName(state, type.typeName);
  return name?.framework === 'grammy' && name.name === 'Filter' ? filterQueries(type) : null;
}

/**
 * grammY `ChatTypeContext<C, T>`: what `chatType(T)` guarantees (see `chatTypeGuarantees`: a chat;
 * a sender when `T` is only `'private'`, as grammY's `ChatFrom` types it; a title for groups), plus
 * what `C` narrows when it is a narrowing context type (`CommandContext<…>`). Without `'channel'`
 * in `T` no channel post is left, so `Filter<C, ':text'>` there is a message, with a sender.
 */
function chatTypeContextGuarantees(state: ModelState, type: TSESTree.TSTypeReference, depth: number, outerChannelPosts: boolean): Guarantees {
  const [inner, chatType] = type.typeArguments?.params ?? [];
  const literals = chatType?.type === AST_NODE_TYPES.TSUnionType ? chatType.types : chatType ? [chatType] : [];
  const literal = (part: TSESTree.TypeNode): string | null => (part.type === AST_NODE_TYPES.TSLiteralType && part.literal.type === AST_NODE_TYPES.Literal && typeof part.literal.value === 'string' ? part.literal.value : null);
  const types = literals.map(literal);
  const guarantees = chatTypeGuarantees(types);
  const channelPosts = outerChannelPosts && (types.length === 0 || types.some((chat) => chat === null || chat === 'channel'));
  const narrowed = inner ? contextTypeGuarantees(state, inner, depth + 1, channelPosts) : undefined;
  for (const path of narrowed ?? []) guarantees.add(path);
  return guarantees;
}

/**
 * With type information, a parameter whose type has the shape of a grammY or Telegraf context
 * (`update`, `reply`, and `api` or `telegram`) is a context, whatever its name or type alias.
 */
export function hasContextType(state: ModelState, param: TSESTree.Identifier): boolean {
  const services = state.sourceCode.parserServices;
  if (!services?.program || !services.esTreeNodeToTSNodeMap) return false;
  const checker = services.program.getTypeChecker();
  const type = checker.getTypeAtLocation(services.esTreeNodeToTSNodeMap.get(param));
  const has = (name: string): boolean => type.getProperty(name) !== undefined;
  return has('update') && has('reply') && (has('api') || has('telegram'));
}
