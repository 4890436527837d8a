/**
 * The bot-framework model: what a file knows about grammY, Telegraf and node-telegram-bot-api
 * (NTBA) bots, proven from imports and creation sites, never from method names alone.
 *
 * ```ts
 * const model = getFrameworkModel(context.sourceCode);
 * model.bots;                        // `new Bot(…)`, `new Telegraf(…)`, `new TelegramBot(token, { polling })`, `new Composer()`…
 * model.registrations;               // `bot.on('message:text', h)`, `bot.command('x', h)`, `bot.onText(/re/, h)`…
 * model.getHandler(fn);              // how a function is reached as a handler and what that guarantees
 * model.resolveContextPath(expr);    // `ctx.from`, `msg.text`, `const { from } = ctx; from` → ['from'] …
 * model.getUserTextSource(expr);     // `ctx.message.text`, `ctx.match`, NTBA `match[1]` …
 * ```
 *
 * The API is shared by several rules; changes to it are additive only.
 *
 * @module
 */
export { getFrameworkModel } from './model.js';
export { projectRunsBullmq, serialWorkerOf } from './queue-workers.js';
export type * from './types.js';
export type { Framework, FrameworkBinding } from './imports.js';
export { frameworkOfModule } from './imports.js';
export type { Guarantees } from './narrowing.js';
export { absentWhen, describePath, isMessageOnlyField, isNeverNarrowed, type ObjectKind, type PathInfo } from './fields.js';
export { isCallbackMessage, isSafe, type Requirement } from './guards.js';
export { adminTest, adminWork, isAdminExit, namesAdmin, onlyAdminRuns, selectsOperators, type AdminContext } from './admin.js';
export { allowsUndefined, isComparisonOperand, isDereferenced, isPassedOn, isReadByCallee, isStringOperand, isTruthinessTest, isWriteTarget, typeInformation, type TypeInformation } from './reads.js';
export { USER_REPLY_METHODS, BOT_API_METHODS, CHAT_UI_METHODS, INVOICE_METHODS, KEYBOARD_BUILDERS, UPDATE_KEYS, acceptsQuery, buildsKeyboard, chatRole, isChatCall, isMiddlewareShape } from './bot-api.js';
export { DISCORD_COLLECTION_PICKS, isDiscordChatCall, isDiscordFetch, isDiscordTypeGuard, isSapphireHandlerResult, waitsForDiscordAnswer } from './discord-chat.js';
export { onDiscordObject } from './discord-payloads.js';
export { MENU_METHOD } from './plugins.js';
export { sendsRetried } from './retries.js';
export { type BotCalls, type BotErrorHandling, botErrorHandling, type DroppingMiddleware, caughtInOwnFunction, droppedCatchReplies, type DroppedReply, errorContained, type ListenerRejection, servesPaymentsOnly, type UnguardedListener } from './error-handling.js';
export { type FactoryStart, unhandledFactoryStarts } from './factory-bots.js';
export { lockedCallback } from './locks.js';
export { consumesPendingState, serialisedForActingUser } from './serialised.js';
export { copiedFrom, type InaccessibleRead, type OptionalRead, type OptionalReads, optionalReads, type TopGuard } from './optional-reads.js';
export { neverRunningCode } from './never-runs.js';
