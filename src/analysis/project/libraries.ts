import path from 'node:path';

import { manifestFiles } from './entries.js';
import { packageOf, type PackageInfo } from './packages.js';
import { surelyReachedFrom, withoutComments } from './reach.js';
import { readSmallText } from './resolve.js';

/**
 * The bot frameworks and chat libraries, by npm name, with how a bot is made with each: a package
 * that depends on one is a bot, not a library others call (src/analysis/project/uncalled.ts); a
 * package that is one — its package.json `name` — is the library's own source, a fork of its
 * repository (see {@link libraryFile}).
 */
const BOT_LIBRARY_BOTS: Readonly<Record<string, RegExp>> = {
  grammy: /\bnew\s+Bot\s*[<(]/,
  telegraf: /\bnew\s+Telegraf\s*[<(]/,
  'node-telegram-bot-api': /\bnew\s+TelegramBot\s*[<(]/,
  'discord.js': /\bnew\s+Client\s*[<(]/,
  '@slack/bolt': /\bnew\s+App\s*[<(]/,
  botbuilder: /\bnew\s+(?:CloudAdapter|BotFrameworkAdapter)\s*[<(]/,
  '@whiskeysockets/baileys': /(?<![\w$.])makeWASocket\s*\(/,
  'whatsapp-web.js': /\bnew\s+Client\s*[<(]/,
  'vk-io': /\bnew\s+VK\s*[<(]/,
  puregram: /\bnew\s+Telegram\s*[<(]/,
  gramio: /\bnew\s+Bot\s*[<(]/,
};

/** The npm names of the bot frameworks and chat libraries the project model knows. */
export const BOT_LIBRARIES: readonly string[] = Object.keys(BOT_LIBRARY_BOTS);

/** Files larger than this are not read for a bot (the audit's own limit). */
const MAX_BYTES = 5 * 1024 * 1024;

/** Per package read: the files of the library's own source ({@link libraryFile}). */
const libraryOf = new WeakMap<PackageInfo, ReadonlySet<string>>();

/**
 * The files of a package that are a bot library's own source: the package's `name` is a known bot
 * library ({@link BOT_LIBRARIES}: `telegraf`, `grammy`, `discord.js`, …), and the files are those its
 * package.json `main`, `module`, `exports` (what `require('telegraf')` loads) and `bin` (the library's
 * own command) load, through project imports ({@link surelyReachedFrom}). A bot kept inside the fork
 * (`src/bot.ts` of a `telegraf` package, started by `"start": "node src/bot.ts"`) imports the library
 * by its package name, which loads the installed package, not these files: the bot and what it
 * imports stay production. Empty when one of the files `main`, `module` or `exports` load makes a bot
 * (`new Telegraf(…)` in code, not in a comment): a bot whose package.json was given the library's name
 * (`npm init` in a folder named `telegraf`) is no library.
 */
export function libraryFiles(pkg: PackageInfo): ReadonlySet<string> {
  let files = libraryOf.get(pkg);
  if (files === undefined) {
    files = libraryFilesOf(pkg);
    libraryOf.set(pkg, files);
  }
  return files;
}

function libraryFilesOf(pkg: PackageInfo): ReadonlySet<string> {
  const name = pkg.manifest?.name;
  const makesBot = typeof name === 'string' && Object.hasOwn(BOT_LIBRARY_BOTS, name) ? BOT_LIBRARY_BOTS[name]! : null;
  if (makesBot === null) return new Set();
  const { api, bin } = manifestFiles(pkg);
  const inPackage = (file: string): boolean => packageOf(file) === pkg;
  const exported = [...surelyReachedFrom(api)].filter(inPackage);
  if (exported.some((file) => makesBot.test(withoutComments(readSmallText(file, MAX_BYTES) ?? '')))) return new Set();
  return new Set([...exported, ...[...surelyReachedFrom(bin)].filter(inPackage)]);
}

/** Whether a file is a bot library's own source ({@link libraryFiles}): a fork of `telegraf`'s repository holds `src/telegraf.ts`. */
export function libraryFile(file: string): boolean {
  const pkg = packageOf(file);
  return pkg !== null && libraryFiles(pkg).has(path.resolve(file));
}
