import { closeSync, openSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const code = (error: unknown): string => (error as NodeJS.ErrnoException).code ?? (error as Error).message;

/** The temporary file a report is written to before it replaces `file`: same directory, so the rename is atomic. */
export const temporaryName = (file: string): string =>
  path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Math.random().toString(36).slice(2, 10)}.tmp`);

/**
 * Why `file` cannot be written, or undefined when it can: checked before the run, by creating (and
 * removing) the very temporary file the report will be written to, so that a long audit does not end
 * in "cannot write".
 */
export function unwritable(file: string): string | undefined {
  try {
    if (statSync(file, { throwIfNoEntry: false })?.isDirectory()) return 'EISDIR';
    const probe = temporaryName(file);
    closeSync(openSync(probe, 'wx'));
    rmSync(probe, { force: true });
    return undefined;
  } catch (error) {
    return code(error);
  }
}

/**
 * Writes `text` to `file` atomically: to a temporary file in the same directory, then renamed over
 * `file`. A run killed or a disk filled on the way leaves the old report whole, never a cut one.
 * Returns the error code, or undefined on success.
 */
export function writeAtomically(file: string, text: string): string | undefined {
  const temporary = temporaryName(file);
  try {
    writeFileSync(temporary, text, { flag: 'wx' });
    renameSync(temporary, file);
    return undefined;
  } catch (error) {
    rmSync(temporary, { force: true });
    return code(error);
  }
}
