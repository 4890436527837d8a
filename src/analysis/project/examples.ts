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
 *   bot with four TRUE findings).
 *
 * A package with a deployment setting of its own (a Procfile, a Dockerfile, Wrangler or Vercel
 * settings: {@link deploymentSettingsOf}) is deployed, whatever its description says: it stays
 * production.
 */
import path from 'node:path';

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
