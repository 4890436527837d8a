/**
 * Whether a file's text is generated code — minified, or a bundle — by its lines alone: the command
 * refuses or leaves such files out (src/cli/discover.ts), and the project models never parse them
 * (a parse of an 800 KB bundle costs seconds and hundreds of megabytes, and finds nothing of the
 * project's own code).
 */

/**
 * Minified (bundled) code: bigger than this, with long lines on average AND a good share of its lines
 * long. A hand-written file with one long line (a base64 blob, a long comment) has a long mean line
 * but few long lines, so it is audited (unless the line is longer than BUNDLE_LINE).
 */
const MINIFIED_MIN_BYTES = 2048;
const MINIFIED_MEAN_LINE = 300;
export const MINIFIED_LONG_LINE = 300;
const MINIFIED_LONG_SHARE = 0.3;
/**
 * A vendored bundle that the share test misses (one multi-kilobyte line of code followed by a banner
 * of short license lines, as in Prisma's generated `runtime/library.js`) is generated code: a line
 * longer than BUNDLE_LINE that is code (at least one `(` or `;` per BUNDLE_CODE_SPACING bytes; a
 * hand-written base64 logo or JSON data line has almost none), or esbuild's
 * `/*! Bundled license information:` banner, or the banner esm.sh opens each module it builds with
 * (`/* esm.sh - regenerator-runtime@0.13.11 *\/`, `/* esm.sh 2024 - … *\/`: a CDN build vendored into
 * the project, as Deno and Supabase Edge Functions do). A file named on the command line is audited
 * regardless.
 */
const BUNDLE_LINE = 5000;
const BUNDLE_CODE_SPACING = 100;
const BUNDLE_BANNER = '/*! Bundled license information';
/** esm.sh's banner, on the first line of the file only: a comment that mentions esm.sh elsewhere is hand-written. */
const ESM_SH_BANNER = /^\/\* esm\.sh(?: \d{4})? - [^\n]*\*\//;

export interface LineStats {
  lines: number;
  /** Non-empty lines, and those longer than MINIFIED_LONG_LINE bytes. */
  nonEmpty: number;
  long: number;
  /** The longest line: its length in bytes and where it starts. */
  longest: number;
  longestStart: number;
}

/**
 * How many lines a file's bytes have, how many are empty or long, and where its longest line lies. Lines
 * end as JavaScript's do (and ESLint's line numbers): at LF, CR, CR LF, U+2028 or U+2029 — a file saved
 * with classic Mac line ends (CR alone) has many lines, not one long one.
 */
export function lineStats(buffer: Buffer): LineStats {
  const stats: LineStats = { lines: 0, nonEmpty: 0, long: 0, longest: 0, longestStart: 0 };
  let start = 0;
  const endLine = (end: number, next: number): void => {
    stats.lines++;
    if (end > start) stats.nonEmpty++;
    if (end - start > MINIFIED_LONG_LINE) stats.long++;
    if (end - start > stats.longest) {
      stats.longest = end - start;
      stats.longestStart = start;
    }
    start = next;
  };
  for (let index = 0; index < buffer.length; index++) {
    const byte = buffer[index];
    if (byte === 0x0a) endLine(index, index + 1);
    else if (byte === 0x0d) {
      const next = buffer[index + 1] === 0x0a ? index + 2 : index + 1;
      endLine(index, next);
      index = next - 1;
    } else if (byte === 0xe2 && buffer[index + 1] === 0x80 && (buffer[index + 2] === 0xa8 || buffer[index + 2] === 0xa9)) {
      endLine(index, index + 3);
      index += 2;
    }
  }
  if (start < buffer.length) endLine(buffer.length, buffer.length);
  return stats;
}

/** Whether a file looks minified: long lines on average, and a good share of its lines long. */
export function looksMinified(size: number, stats: LineStats): boolean {
  return (
    size > MINIFIED_MIN_BYTES &&
    size / Math.max(stats.lines, 1) > MINIFIED_MEAN_LINE &&
    stats.long / Math.max(stats.nonEmpty, 1) >= MINIFIED_LONG_SHARE
  );
}

/** Whether a file is a bundle (generated code) by its content: a very long line of code, or a bundler's license or build banner. */
export function looksBundled(buffer: Buffer, stats: LineStats): boolean {
  if (buffer.includes(BUNDLE_BANNER) || ESM_SH_BANNER.test(buffer.subarray(0, 200).toString('utf8'))) return true;
  if (stats.longest <= BUNDLE_LINE) return false;
  let code = 0;
  for (let index = stats.longestStart; index < stats.longestStart + stats.longest; index++) {
    const byte = buffer[index];
    if (byte === 0x28 || byte === 0x3b) code++;
  }
  return code * BUNDLE_CODE_SPACING >= stats.longest;
}

/** Whether a file's text looks minified or bundled (see {@link looksMinified}, {@link looksBundled}). */
export function looksGenerated(buffer: Buffer): boolean {
  const stats = lineStats(buffer);
  return looksMinified(buffer.length, stats) || looksBundled(buffer, stats);
}

/**
 * Yarn's Plug'n'Play runtime (`.pnp.cjs`, `.pnp.js`, `.pnp.loader.mjs`), which `yarn install` writes
 * beside package.json: the package manager's own code, as node_modules is, never the project's. Its
 * computed calls and loads (`this[kRef](…)`, `require(request)`) act on its own file-system objects and
 * the packages the project asks for.
 */
export const packageManagerRuntime = (file: string): boolean => /(?:^|[\\/])\.pnp\.(?:c?js|loader\.mjs)$/.test(file);
