import { accessSync, closeSync, constants, openSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const code = (error: unknown): string => (error as NodeJS.ErrnoException).code ?? (error as Error).message;

/** The temporary file a report is written to before it replaces `file`: same directory, so the rename is atomic. */
export const temporaryName = (file: string): string =>
  path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Math.random().toString(36).slice(2, 10)}.tmp`);

/**
 * The file a report is really written to: a symbolic link is followed (renaming over the link would
 * replace it with a copy), a name that does not exist yet is kept.
 */
function realTarget(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return file;
  }
}

/**
 * Whether `file` exists and is not a regular file: `/dev/null`, `/dev/stdout`, a named pipe. Renaming
 * over it would replace the device or pipe with a plain file (as root, `-o /dev/null` would break the
 * machine's `/dev/null`), so such a target is written in place.
 */
const isSpecial = (file: string): boolean => {
  const stat = statSync(file, { throwIfNoEntry: false });
  return stat !== undefined && !stat.isFile() && !stat.isDirectory();
};

/**
 * Why `file` cannot be written, or undefined when it can: checked before the run, by creating (and
 * removing) the very temporary file the report will be written to, so that a long audit does not end
 * in "cannot write".
 */
export function unwritable(file: string): string | undefined {
  const target = realTarget(file);
  try {
    if (statSync(target, { throwIfNoEntry: false })?.isDirectory()) return 'EISDIR';
    if (isSpecial(target)) {
      accessSync(target, constants.W_OK);
      return undefined;
    }
    const probe = temporaryName(target);
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
 * A device or pipe (`/dev/null`, `/dev/stdout`, a FIFO) is written in place, and a symbolic link's
 * target is the file replaced. Returns the error code, or undefined on success.
 */
export function writeAtomically(file: string, text: string): string | undefined {
  const target = realTarget(file);
  if (isSpecial(target)) {
    try {
      writeFileSync(target, text);
      return undefined;
    } catch (error) {
      return code(error);
    }
  }
  const temporary = temporaryName(target);
  try {
    writeFileSync(temporary, text, { flag: 'wx' });
    renameSync(temporary, target);
    return undefined;
  } catch (error) {
    rmSync(temporary, { force: true });
    return code(error);
  }
}
