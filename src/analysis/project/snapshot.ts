import fs from 'node:fs';

import { isComponent } from './components.js';
import { isSource, listProjectFiles } from './resolve.js';

/**
 * What the project-wide questions read of the other files below a project root (which files there
 * are, their text, which of them a pattern matches), kept per root while the files stay as they
 * were: each file by its size and modification time. A whole-project run reads each file once,
 * however many linted files ask about it, and an editor sees an edit, a new file or a deleted one.
 *
 * The files are looked at again (listed, and each one's size and modification time compared) at
 * most once per linted file: when ESLint starts a file that asks a project-wide question after the
 * last look (`beginLint`, from every rule's `create`). Between two linted files nothing changes that
 * the lint itself could see. Files over {@link MAX_BYTES} have no text here.
 */
const MAX_BYTES = 512 * 1024;

interface Entry {
  readonly mtimeMs: number;
  readonly size: number;
  /** The text once read (undefined: not yet; null: over the size limit or unreadable). */
  text?: string | null;
}

export interface ProjectSnapshot {
  readonly root: string;
  /** The source files and components below the root, sorted (see `listProjectFiles`). */
  readonly files: readonly string[];
  /** Bumped whenever a file is added, removed or changed: what is derived from the files is rebuilt when it moves. */
  readonly version: number;
}

interface State extends ProjectSnapshot {
  files: string[];
  version: number;
  generation: number;
  entries: Map<string, Entry>;
  /** The files matching each pattern (by source and flags), for this version. */
  matches: Map<string, string[]>;
}

/** Work counts for tests: folders looked at again, files read. */
export const snapshotWork = { sweeps: 0, reads: 0 };

let generation = 0;
const begun = new WeakSet<object>();
const byRoot = new Map<string, State>();

/**
 * ESLint starts linting a file (its `Program`): project files are looked at again before the next
 * project-wide question. Each rule calls it; the first for a `Program` counts.
 */
export function beginLint(program: object): void {
  if (begun.has(program)) return;
  begun.add(program);
  generation++;
}

function stat(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(file, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

/** The files below `root` as they are now (see the module comment). */
export function projectSnapshot(root: string): ProjectSnapshot {
  const known = byRoot.get(root);
  if (known?.generation === generation) return known;
  snapshotWork.sweeps++;
  const files = listProjectFiles(root, (name) => isSource(name) || isComponent(name));
  const entries = new Map<string, Entry>();
  let changed = !known || known.files.length !== files.length;
  for (const file of files) {
    const now = stat(file);
    if (!now) continue;
    const before = known?.entries.get(file);
    if (before && before.mtimeMs === now.mtimeMs && before.size === now.size) {
      entries.set(file, before);
    } else {
      changed = true;
      entries.set(file, { mtimeMs: now.mtimeMs, size: now.size });
    }
  }
  const listed = files.filter((file) => entries.has(file));
  if (known && !changed && listed.every((file, i) => known.files[i] === file)) {
    known.generation = generation;
    return known;
  }
  const state: State = { root, files: listed, version: (known?.version ?? 0) + 1, generation, entries, matches: new Map() };
  byRoot.set(root, state);
  return state;
}

/** The text of a file of the snapshot, read once per version; null when too large or unreadable. */
export function snapshotText(snapshot: ProjectSnapshot, file: string): string | null {
  const entry = (snapshot as State).entries.get(file);
  if (!entry) return null;
  if (entry.text === undefined) {
    snapshotWork.reads++;
    try {
      entry.text = entry.size > MAX_BYTES ? null : fs.readFileSync(file, 'utf8');
    } catch {
      entry.text = null;
    }
  }
  return entry.text;
}

/** The source files (no components) of the project at `root` whose text matches `pattern`. */
export function sourceFilesMatching(root: string, pattern: RegExp): readonly string[] {
  const snapshot = projectSnapshot(root) as State;
  const key = `${pattern.flags}/${pattern.source}`;
  let files = snapshot.matches.get(key);
  if (!files) {
    files = snapshot.files.filter((file) => {
      if (!isSource(file)) return false;
      const text = snapshotText(snapshot, file);
      pattern.lastIndex = 0;
      return text !== null && pattern.test(text);
    });
    snapshot.matches.set(key, files);
  }
  return files;
}
