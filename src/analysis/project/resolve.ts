import fs from 'node:fs';
import path from 'node:path';

/** The extensions Node and TypeScript try for a module written without one, in TypeScript's order. */
export const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.mjs', '.cjs', '.jsx'];

/** A source file the module graph reads: a known extension, not a declaration file. */
export const isSource = (file: string): boolean => SOURCE_EXTENSIONS.includes(path.extname(file)) && !/\.d\.[cm]?ts$/.test(file);

function isFile(file: string): boolean {
  // Most probes miss (each extension is tried): ask without an exception per miss.
  try {
    return fs.statSync(file, { throwIfNoEntry: false })?.isFile() ?? false;
  } catch {
    return false;
  }
}

/**
 * The source file a relative module path names from `directory`, resolved like Node and TypeScript:
 * the path itself, then with each extension, `.js` written for a `.ts` file (and `.mjs`/`.cjs`/`.jsx`
 * for `.mts`/`.cts`/`.tsx`), then `index.*` inside a folder. A path that names a folder by its
 * form (`'./'`, `'.'`, `'..'`, `'./commands/'`) is a folder only: `import Command from './'` in
 * `src/commands/` loads `src/commands/index.ts`, never a sibling `src/commands.ts`. Declaration files
 * and files that are not JavaScript or TypeScript (JSON, CSS) give null.
 */
export function resolveFile(directory: string, specifier: string): string | null {
  const base = path.resolve(directory, specifier);
  const stem = base.replace(/\.(?:js|mjs|cjs|jsx)$/, '');
  const folderOnly = /(?:^|[\\/])\.{1,2}$|[\\/]$/.test(specifier);
  const files = folderOnly ? [] : [base, ...SOURCE_EXTENSIONS.map((ext) => stem + ext)];
  const candidates = [...files, ...SOURCE_EXTENSIONS.map((ext) => path.join(base, `index${ext}`))];
  return candidates.find((candidate) => isSource(candidate) && isFile(candidate)) ?? null;
}

const MAX_LISTED = 4000;
const SKIPPED_FOLDERS = new Set(['node_modules', 'dist', 'build', 'out', 'coverage', 'vendor']);
/** Images, fonts, documents and media: never a file a caller looks for, so they do not count against the cap. */
const ASSET = /\.(?:png|jpe?g|gif|webp|avif|svg|ico|bmp|tiff?|pdf|woff2?|ttf|otf|eot|mp[34]|webm|mov|wav|ogg)$/i;

/**
 * The files below a project root that `accept` takes (given the file's name and its folders relative
 * to the root), sorted by path: dot-entries and dependency/build folders are skipped, at most
 * 4,000 entries are listed, an unreadable folder is passed over. Asset files (images, fonts, PDFs,
 * media) are neither offered nor counted: a Next.js `public/` of 4,000 thumbnails would otherwise
 * use up the cap before `lib/db/` is listed. A folder `skipFolder` takes (by its full path) is not entered.
 */
export function listProjectFiles(
  root: string,
  accept: (name: string, folders: readonly string[], full: string) => boolean,
  skipFolder: (full: string) => boolean = () => false,
): string[] {
  const files: string[] = [];
  const folders: [string, string[]][] = [[root, []]];
  let seen = 0;
  while (folders.length > 0 && seen < MAX_LISTED) {
    const [folder, relative] = folders.pop()!;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(folder, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.') || (entry.isFile() && ASSET.test(entry.name))) continue;
      if (++seen > MAX_LISTED) break;
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry.name) && !skipFolder(full)) folders.push([full, [...relative, entry.name]]);
      } else if (entry.isFile() && accept(entry.name, relative, full)) {
        files.push(full);
      }
    }
  }
  return files.sort();
}

/** A file's text, or null when it cannot be read or is larger than `maxBytes`. */
export function readSmallText(file: string, maxBytes: number): string | null {
  try {
    return fs.statSync(file).size > maxBytes ? null : fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}
