/**
 * Example packages: a package (the nearest folder with a package.json) that says in its package.json
 * `description` that it is a demo, an example, a sample, a tutorial, a playground or a proof of
 * concept (`"Examples of interaction with the TelegrafJS framework"`), and that deploys nothing
 * itself. No folder name tells that the whole repository is an exercise; its own manifest does.
 *
 * What is not read, measured on the 309 package.json files of the round 23–25 repositories:
 * - the package `name`: every name there with one of the words (`template-worker-router`,
 *   `mezon-bot-example`, `react-example`) is a production package that kept the name of the template
 *   or example it was started from, one of them with a TRUE finding;
 * - `template`, `starter`, `boilerplate`, `skeleton`, `scaffold`: a template's description is kept by
 *   every bot built from it (bot-base/telegram-bot-template's "Telegram bot starter template", the
 *   grammY guide's "Telegram Bot Starter with TypeScript and grammY");
 * - the README: a forked template keeps its README too, and the READMEs of 16 repositories with TRUE
 *   findings use the words (`cp .env.example .env`, "Demo mode", and "This is a template project" in a
 *   bot with four TRUE findings). In round 30, 8 of the 10 DEBATABLE require-bot-error-handler rows were
 *   tutorial, course, template or example repositories; only 2 said so of themselves at the top of their
 *   README (a template, and a Spanish "Ejemplo"), and a TRUE one has "Example usage below" further down.
 *
 * A package with a deployment setting of its own (a Procfile, a Dockerfile, Wrangler or Vercel
 * settings: {@link deploymentSettingsOf}) is deployed, whatever its description says: it stays
 * production.
 *
 * Drafts, by content ({@link createsPlaceholderBot}): a file whose every bot is given a placeholder for
 * its token, a literal that is not a Bot API token, directly or through a constant of the file.
 */
import path from 'node:path';

import { escapeRegExp } from '../ast/index.js';

import { deploymentSettingsOf } from './archives.js';
import { packageOf, type PackageInfo } from './packages.js';

/** A package that declares itself an example, and the words of its description that say so. */
export interface ExamplePackage {
  /** The package folder, absolute. */
  readonly dir: string;
  /** Why: `package.json description "…"`. */
  readonly reason: string;
}

/** Words of a description that make the package an example, singular and plural. */
const EXAMPLE_WORDS = new Set(['demo', 'demos', 'example', 'examples', 'sample', 'samples', 'tutorial', 'tutorials', 'playground', 'poc']);
/** Phrases, as runs of words (`proof-of-concept` reads as the same words). */
const EXAMPLE_PHRASES: readonly (readonly string[])[] = [['proof', 'of', 'concept']];
/** The longest description quoted in a reason. */
const MAX_QUOTED = 80;

/**
 * The words of a text, lower-cased: runs of letters and digits, a dot or apostrophe inside a word
 * kept (`example.com` is a domain, not the word `example`).
 */
const wordsOf = (text: string): string[] => text.toLowerCase().match(/[\p{L}\p{N}]+(?:[.'’][\p{L}\p{N}]+)*/gu) ?? [];

/**
 * The word or phrase by which a package.json `description` declares the package an example (`examples`
 * in "Examples of interaction with the TelegrafJS framework"), or null. Whole words only
 * (`demonstrates`, `examplesite` are no match); "for example" is a figure of speech.
 */
export function exampleWord(description: unknown): string | null {
  if (typeof description !== 'string') return null;
  const words = wordsOf(description);
  for (const [index, word] of words.entries()) {
    if (EXAMPLE_WORDS.has(word) && !(word === 'example' && words[index - 1] === 'for')) return word;
    const phrase = EXAMPLE_PHRASES.find((candidate) => candidate.every((part, offset) => words[index + offset] === part));
    if (phrase) return phrase.join(' ');
  }
  return null;
}

const memo = new WeakMap<PackageInfo, ExamplePackage | null>();

/** Whether the package declares itself an example in its description and deploys nothing itself (see the file's comment). */
export function examplePackage(pkg: PackageInfo): ExamplePackage | null {
  let found = memo.get(pkg);
  if (found === undefined) {
    const description = pkg.manifest?.description;
    const word = exampleWord(description);
    found =
      word === null || typeof description !== 'string' || deploymentSettingsOf(pkg.dir).length > 0
        ? null
        : { dir: pkg.dir, reason: `package.json description "${quoted(description)}"` };
    memo.set(pkg, found);
  }
  return found;
}

/** The example package a file belongs to (its nearest package.json), or null. */
export function examplePackageOf(file: string): ExamplePackage | null {
  const pkg = packageOf(path.resolve(file));
  return pkg === null ? null : examplePackage(pkg);
}

function quoted(description: string): string {
  const line = description.replace(/\s+/g, ' ').trim();
  return line.length > MAX_QUOTED ? `${line.slice(0, MAX_QUOTED - 1)}…` : line;
}

/**
 * A bot created, with its first argument: `new Telegraf(…)`, grammY's `new Bot<MyContext>(…)`,
 * `new TelegramBot(…)`. Group 1 is the argument when it is a string literal alone (its quote in group 2, its
 * text in group 3), a bare name (group 4) that ends the argument, or no argument (group 5).
 */
const BOT_CREATION = /\bnew\s+(?:Telegraf|Bot|TelegramBot)\s*(?:<[^()]*>\s*)?\(\s*(?:((['"`])([^'"`\n]*)\2)(?=\s*[,)])|([A-Za-z_$][\w$]*)\s*(?=[,)])|(\)))?/g;
/** The shape of a Bot API token: the bot's numeric id, a colon, a 35-character secret. */
const BOT_TOKEN = /^\d{5,}:[\w-]{30,}$/;

/**
 * The string literal a name is bound to in the file, when its only declaration there gives it that
 * literal alone (`const token = 'COLOQUE O SEU TOKEN AQUI';`, `const TOKEN: string = "…"`) and nothing writes it
 * again; otherwise null (an import, `process.env.TOKEN || '…'`, `'…' + suffix`, `let` written later).
 */
function literalBoundTo(text: string, name: string): string | null {
  const escaped = escapeRegExp(name);
  const declarations = [...text.matchAll(new RegExp(`\\b(?:const|let|var)\\s+${escaped}\\s*(?::\\s*string\\s*)?=\\s*(['"\`])([^'"\`\\n]*)\\1\\s*(?:[;,]|\\r?\\n|$)`, 'g'))];
  const [declaration] = declarations;
  // One declaration of the name in the file: another (`const token = process.env.TOKEN` in another scope) may be the one given.
  const named = text.match(new RegExp(`\\b(?:const|let|var)\\s+${escaped}(?![\\w$])`, 'g')) ?? [];
  if (declarations.length !== 1 || named.length !== 1 || declaration === undefined) return null;
  const [whole, quote, literal] = declaration as unknown as [string, string, string];
  if (quote === '`' && literal.includes('${')) return null;
  // Any other write of the name (`token = …`, `token ??= …`; not `==`, `=>`) makes it computed.
  const rest = text.slice(0, declaration.index) + text.slice(declaration.index + whole.length);
  return new RegExp(`(?<![\\w$.])${escaped}\\s*(?:[-+*/%&|^]|\\?\\?|\\|\\||&&)?=(?![=>])`).test(rest) ? null : literal;
}

/**
 * Whether a file is a draft that cannot run as written: every bot it creates is given a literal that is
 * not a token (`new Telegraf('BOT TOKEN')`, `new Bot('YOUR_BOT_TOKEN_HERE')`, `new TelegramBot('')`), or
 * a name the file binds to such a literal alone (`const token = 'COLOQUE O SEU TOKEN AQUI'; new
 * TelegramBot(token, …)`), and none is given anything else (`process.env.BOT_TOKEN`, an imported or
 * computed value, a template with `${…}`). The Bot API authenticates only a token of its shape, so any
 * other literal — one with a space, in whatever language it asks to be replaced, is never one — is a
 * placeholder: such a file is an example to copy and fill in, not the bot that runs. A real token
 * committed in the file (`123456:AA…`), directly or through a constant, runs, so it stays.
 */
export function createsPlaceholderBot(text: string): boolean {
  let placeholder = false;
  for (const match of text.matchAll(BOT_CREATION)) {
    const [, literal, quote, inQuotes, name, none] = match;
    // `new Bot()` gives no token: it says nothing either way.
    if (none !== undefined) continue;
    let given: string | null = null;
    if (literal !== undefined && !(quote === '`' && inQuotes!.includes('${'))) given = inQuotes!;
    else if (name !== undefined) given = literalBoundTo(text, name);
    if (given === null || BOT_TOKEN.test(given.trim())) return false;
    placeholder = true;
  }
  return placeholder;
}
