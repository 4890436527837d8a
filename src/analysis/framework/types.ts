/** The shapes of the bot-framework model: bots, registrations, handlers, context paths. */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

import type { FunctionNode } from '../ast/index.js';
import type { FileRef } from '../summaries/index.js';
import type { Framework, FrameworkBinding } from './imports.js';
import type { Guarantees } from './narrowing.js';

/** `bot`: can be started (`Bot`, `Telegraf`, `TelegramBot`); `composer`: a middleware tree (`Composer`, scenes). */
export type BotKind = 'bot' | 'composer';

/** A bot or composer created in this file. */
export interface BotInstance {
  framework: Framework;
  kind: BotKind;
  /** The class by its export name: `Bot`, `Composer`, `Telegraf`, `BaseScene`, `WizardScene`, `TelegramBot`. */
  className: string;
  /** The `new …(…)` expression. */
  creation: TSESTree.NewExpression;
  /** The variable it is stored in (`const bot = new Bot(…)`), if any. */
  variable: TSESLint.Scope.Variable | null;
  /** The member it is stored in (`this.bot = new Bot(…)` gives `this.bot`), if any. */
  memberPath: string | null;
  /**
   * The property of the global object a hot-reload cache in front of the creation reads (`bot = global.botInstance ||
   * new Bot(…)`, `globalThis.bot ?? new Bot(…)`): the variable or member holds that cache's value or the creation.
   */
  cachedIn: string | null;
  /**
   * NTBA only: whether the bot polls — `true` for `{ polling: true | {…} }`, `false` without a
   * `polling` option or with `polling: false`, `null` when it cannot be told (spread or variable options).
   */
  polling: boolean | null;
  /**
   * NTBA only: `true` when the bot surely receives no updates (see `sendsOnlyHere`; no file of its
   * project calls `processUpdate`), so its listeners never run. Known only to a model built with the
   * file's name.
   */
  receivesNoUpdates?: boolean;
}

/**
 * A bot or composer created (`new …`) in another file of the bot project and imported here from a
 * relative module: `const { bot } = require('./bot')`, `import bot from './bot'`.
 */
export interface ImportedBot {
  framework: Framework;
  kind: BotKind;
  /** The class by its export name, as {@link BotInstance.className}. */
  className: string;
  /** The creating file (absolute path). */
  filename: string;
  /** The name that file exports it under (`default` for `module.exports = bot` and `export default bot`). */
  exported: string;
  /** NTBA only: its creation there polls and sets no built-in webhook (see `pollsOnly`). */
  pollsOnly: boolean;
}

/** An expression proven to be a bot or composer: from a creation in this file, an import of one, or by its declared type. */
export interface BotReference {
  framework: Framework;
  kind: BotKind;
  /** The creation it comes from; null when known by type only (`bot: Bot<MyContext>` parameter) or imported. */
  instance: BotInstance | null;
  /** The bot of another project file it is imported from (its creation is in that file's AST); absent otherwise. */
  imported?: ImportedBot;
  /**
   * A Telegraf scene a function is handed by its callers (`handleDeposit(bot, depositScene)`, see
   * `parameter-bots.ts`): the class every caller's creation has, and the scene id they all give
   * (null when they differ or one is not read). Absent otherwise.
   */
  passedScene?: PassedScene;
}

/** {@link BotReference.passedScene}. */
export interface PassedScene {
  className: 'BaseScene' | 'WizardScene';
  id: string | null;
}

/** A function argument of a registration call. */
export interface HandlerArgument {
  /** The argument as written. */
  node: TSESTree.Node;
  /** The function it is: inline, or a function declared in this file and passed by name; null otherwise. */
  fn: FunctionNode | null;
  /**
   * What a filter wrapped around the handler adds to the registration's guarantees
   * (`bot.action('x', Composer.privateChat(h))`: a chat); absent when the handler is passed as is.
   */
  wrapperGuarantees?: ReadonlySet<string>;
}

/**
 * A call that registers handlers: `bot.on(filter, …h)`, `bot.command`, `bot.hears`,
 * `bot.callbackQuery`/`bot.action`, `bot.inlineQuery`, `bot.use`, Telegraf scenes, NTBA
 * `bot.on(event, h)`/`bot.onText(re, h)`/`bot.onReplyToMessage`.
 */
export interface Registration {
  call: TSESTree.CallExpression;
  framework: Framework;
  /** The method: `on`, `command`, `hears`, `callbackQuery`, `action`, `onText`, `use`, `wizard` (WizardScene steps)… */
  method: string;
  /**
   * The receiver, when proven; null when the call was recognised by its shape in a file that
   * imports exactly one framework (used only to narrow, never to report more).
   */
  receiver: BotReference | null;
  /** The static filter arguments (`'message:text'`, `'start'`, `/re/` as its source); null when dynamic or absent. */
  filters: readonly string[] | null;
  handlers: readonly HandlerArgument[];
  /** What every handler of this registration may take for granted (context paths); null: unknown. */
  guarantees: Guarantees;
  /**
   * grammY: what its handlers may take for granted where no channel post reaches the composer it is
   * made on (`composer.command(…)` of a composer mounted only below `bot.chatType('supergroup')`: the
   * command is a message, with a sender); see `mounts.ts`. Absent for other frameworks.
   */
  outsideChannels?: Guarantees;
}

/** A handler that runs before another in the same registration, with the model of the file it is written in. */
export interface EarlierHandler {
  fn: FunctionNode;
  model: FrameworkModel;
}

/** How a function is reached as a handler. */
export type HandlerEntry =
  /**
   * Registered by `registration`; `model` is the model of the file the registration is in, when that
   * is another file of the project (an exported handler registered where it is imported).
   */
  | {
      kind: 'registration';
      registration: Registration;
      guarantees: Guarantees;
      model?: FrameworkModel;
      /** The handlers the registration runs before this one (`adminCheck` in `bot.command('x', adminCheck, h)`); null where one cannot be resolved. */
      earlier?: readonly (EarlierHandler | null)[];
    }
  /** Its context parameter is typed with a framework context type (`Context`, `CommandContext<C>`…). */
  | {
      kind: 'typed';
      guarantees: Guarantees;
      /**
       * For a narrowed context type (`ctx: Filter<Context, ':text'>`): the calls that pass the function
       * its whole context, in its file and where it is imported (computed on first use); null when
       * there are none or a call passes something else.
       */
      callers?: () => readonly Extract<HandlerEntry, { kind: 'call' }>[] | null;
      /** The queries of a grammY `Filter<C, 'chat_member' | ':left_chat_member'>` type, as `bot.on([…])` would list them. */
      filters?: readonly string[];
      /** grammY: what the type guarantees for an update that is no channel post (`CommandContext`: a message), when that is more. */
      outsideChannels?: Guarantees;
    }
  /**
   * A Telegraf wizard or scene step stored for a later update (`ctx.wizard.state.handler = async (ctx) => …`):
   * it gets whatever update comes next in the scene (which has a sender and a chat).
   */
  | {
      kind: 'stored';
      guarantees: Guarantees;
      /**
       * The calls of the file that run it with their whole context (`await ctx.wizard.state.handler(ctx)`
       * in a later step), computed on first use; null when they are not all known (see `storedStepCallers`).
       */
      callers?: () => readonly Extract<HandlerEntry, { kind: 'call' }>[] | null;
    }
  /**
   * A context a grammY conversation waits for (`await conversation.wait()`, `waitFor(':text')`…):
   * the next update in the conversation's chat, narrowed by the wait call's filter.
   */
  | { kind: 'conversation'; guarantees: Guarantees }
  /** A parameter named `ctx` in a file that imports a framework, reached by no registration in this file. */
  | { kind: 'named'; guarantees: null }
  /** Called with a context value (`handle(ctx)`), in this file or where it is imported: safety is decided at the call. */
  | {
      kind: 'call';
      call: TSESTree.CallExpression;
      argument: ContextPath;
      parameter: TSESTree.Parameter;
      /** The model of the file the call is in, when that is another file of the project (`showProfile(ctx)` where `showProfile` is imported). */
      model?: FrameworkModel;
    };

/** A parameter of a handler that holds a context value. */
export interface ContextParameter {
  /** The parameter node (an identifier or a destructuring pattern). */
  node: TSESTree.Parameter;
  /** The context path it stands for: `[]` for `ctx`, `['message']` for NTBA `msg`, `['match']` for NTBA onText's `match`. */
  base: readonly string[];
}

/** A function recognised as a bot handler. */
export interface Handler {
  fn: FunctionNode;
  framework: Framework;
  parameters: readonly ContextParameter[];
  entries: readonly HandlerEntry[];
}

/** An expression that reads a context value: the handler it comes from and its path in context space. */
export interface ContextPath {
  handler: Handler;
  /** E.g. `['from', 'id']`; `ctx.update.message` is normalised to `['message']`. */
  path: readonly string[];
  /** The handler's parameter the expression reads through (`text` in `text.trim()`, also through `const` copies), when it reads one. */
  parameter?: TSESTree.Parameter;
}

/** Where user-controlled text comes from. */
export type UserTextKind =
  /** `ctx.message.text`, `ctx.msg.text`, `ctx.message.caption`, NTBA `msg.text`. */
  | 'messageText'
  /** grammY/Telegraf `ctx.match` and its elements, NTBA onText `match[n]`. */
  | 'match'
  /** `ctx.callbackQuery.data`, NTBA `query.data`. */
  | 'callbackData'
  /** `ctx.inlineQuery.query`. */
  | 'inlineQuery'
  /** Telegraf command `ctx.payload`, `ctx.args`. */
  | 'commandArguments';

export interface UserTextSource {
  kind: UserTextKind;
  path: ContextPath;
}

/** Everything the model knows about one file. Obtain it with {@link getFrameworkModel}. */
export interface FrameworkModel {
  /** Frameworks this file imports, and those of the bots it imports from other project files ({@link importedBots}). */
  readonly frameworks: ReadonlySet<Framework>;
  /** Local names bound to framework exports. */
  readonly bindings: ReadonlyMap<string, FrameworkBinding>;
  /** Bots and composers created in this file, in source order. */
  readonly bots: readonly BotInstance[];
  /**
   * Bots created in another file of the bot project that this file imports, by local name (when the
   * model was built with a filename; see `imported-bots.ts` for what is followed).
   */
  readonly importedBots: ReadonlyMap<string, ImportedBot>;
  /** Registration calls in this file, in source order. */
  readonly registrations: readonly Registration[];
  /** The registrations a call makes (none when it registers nothing), in source order: an index of {@link registrations}. */
  registrationsAt(call: TSESTree.CallExpression): readonly Registration[];
  /** The registrations a value is passed to as a handler (`bot.on('message', onMessage)`: `onMessage`), in source order: an index of {@link registrations}. */
  registrationsWithHandler(node: TSESTree.Node): readonly Registration[];
  /** The framework export an expression names (`Bot`, `g.Bot`, `Scenes.WizardScene`), or null. */
  resolveFrameworkName(node: TSESTree.Node): { framework: Framework; name: string } | null;
  /** Whether an expression is a proven bot or composer. */
  resolveBot(node: TSESTree.Node): BotReference | null;
  /** Method calls on references to a bot created in this file: `bot.catch(…)`, `bot.start()`, `bot.on(…)`. */
  callsOn(bot: BotInstance): readonly TSESTree.CallExpression[];
  /** How a function is a handler, or null when it is not one. */
  getHandler(fn: FunctionNode): Handler | null;
  /** The context path an expression reads (looking through aliases and destructuring), or null. */
  resolveContextPath(node: TSESTree.Node): ContextPath | null;
  /**
   * grammY: whether channel posts come through the composer an expression is (`bot` yes;
   * `bot.chatType('supergroup')` or a `const` holding it, no; see `excludesChannelPosts`).
   */
  channelPostsThrough(node: TSESTree.Node): boolean;
  /** Whether an expression is user-controlled text from the update. */
  getUserTextSource(node: TSESTree.Node): UserTextSource | null;
  /** The scope a node is in (the file's scope manager). */
  scopeOf(node: TSESTree.Node): TSESLint.Scope.Scope;
  /** The file's source text. */
  readonly sourceText: string;
  /** The file itself, to follow its functions into other project files; null when the model was asked without a filename. */
  file(): FileRef | null;
  /**
   * The updates the bot can receive, from the `allowed_updates` lists in this file and (when the
   * model was asked with a filename) the other files of its bot project; null when unknown.
   */
  allowedUpdates(): ReadonlySet<string> | null;
  /**
   * The updates the bot can receive: {@link allowedUpdates} when known, else Telegram's default set
   * without the kinds no file of its bot project gives a sign of (inline mode, polls, invoices, paid
   * media, business connections, guest mode); null outside a bot project.
   */
  receivableUpdates(): ReadonlySet<string> | null;
  /**
   * Whether a bot created in this file or (when the model was asked with a filename) in another file
   * of its bot project gets an error handler (`bot.catch(…)`, grammY `bot.errorBoundary(…)`): a
   * handler's error is then logged, not fatal.
   */
  botErrorsCaught(): boolean;
  /**
   * Whether this file or (when the model was asked with a filename) another file of its bot project
   * registers an inline-query handler (`inline_query`, `chosen_inline_result`), and its inline
   * results may carry buttons (not every answer is seen to send results without `reply_markup`): a
   * sign that buttons may sit under inline messages, whose callback queries have no `message`.
   */
  usesInlineMode(): boolean;
  /**
   * Whether this file or (when the model was asked with a filename) another file of its bot project
   * mentions games (`sendGame`, `replyWithGame`, `callback_game`, `game_short_name`, `gameQuery`,
   * `GameScore`): a sign that callback queries may come from a game's "Play" button, without `data`.
   */
  sendsGames(): boolean;
  /**
   * Whether another file of its bot project imports this file (when the model was asked with a
   * filename): its exported functions may then be handlers registered or called there.
   */
  importedByProjectFiles(): boolean;
  /**
   * For a file that imports no framework (when the model was asked with a filename): the one
   * context framework (grammY or Telegraf) its bot project depends on, whose middleware its
   * `(ctx, next)` functions are (see `projectMiddlewareFramework`); null otherwise.
   */
  middlewareFramework(): Framework | null;
  /**
   * The calls that may enter the Telegraf scene `id` with the update their handler got
   * (`ctx.scene.enter('id')`, and calls whose id is not read here), in this file and (when the
   * model was asked with a filename) the other files of its bot project; null when one of them
   * cannot be read, when a stage has a default scene, or when none is found in a file whose bot
   * project is unknown. Empty: the scene is entered nowhere in its bot project, so it never runs.
   * With `id` null (a scene whose id is not read), every call that may enter a scene.
   */
  sceneEnterSites(id: string | null): readonly SceneEnterSite[] | null;
}

/** A call that enters a scene with the update its handler got: `ctx.scene.enter('id')`. */
export interface SceneEnterSite {
  model: FrameworkModel;
  call: TSESTree.CallExpression;
  /** The handler the call is in; null for a middleware registered as a handler itself (`bot.action('x', Stage.enter('id'))`). */
  handler: Handler | null;
  /** For such a middleware: the registration it is a handler of. */
  registration?: Registration;
}
