/**
 * Desktop apps beside a bot: a package (the nearest folder with a package.json) that is an Electron
 * application — its package.json depends on `electron` and its `start` script runs it
 * (`"start": "electron ."`, `electron main.js`, `electron-forge start`) — and that is not the bot
 * itself. Electron runs such a package on the desktop of whoever opens it (the operator's control
 * panel, `desktop-gui/`), in its own process: the host that runs the bot starts the bot's package,
 * never a window. What its main process waits for holds that window's own call (an `ipcMain.handle`
 * answer), no handler of the bot, so its files are out of the bot's production scope like browser
 * assets.
 *
 * Not a desktop app, so production:
 * - a package that lists a bot framework or chat library itself ({@link BOT_LIBRARIES}): a bot whose
 *   runtime is an Electron app (a desktop bot runner) runs its handlers in that main process;
 * - a package with a deployment setting of its own (a Procfile, a Dockerfile, …: {@link deploymentSettingsOf});
 * - a package whose start does not run Electron (`"start": "node bot.js"` beside an `electron`
 *   dependency), or with no `start` script.
 * The files of such a package that production code outside it imports stay production: the caller
 * (`discover.ts`) checks the importers.
 */
import path from 'node:path';

import { deploymentSettingsOf } from './archives.js';
import { WRAPPERS } from './entries.js';
import { BOT_LIBRARIES } from './libraries.js';
import { dependsOn, packageOf, type PackageInfo } from './packages.js';

/** A desktop app package: its folder, and why. */
export interface DesktopApp {
  /** The package folder, absolute. */
  readonly dir: string;
  /** Why: `package.json start "electron ."`. */
  readonly reason: string;
}

/** Whether a shell command starts Electron: a segment whose command, after wrappers (`cross-env`, `npx`, …) and `NAME=value`s, is `electron` or `electron-forge start`. */
export function startsElectron(command: string): boolean {
  return command.split(/&&|\|\||[;|&\n]/).some((segment) => {
    const tokens = segment.trim().split(/\s+/).filter((token) => token !== '');
    while (tokens.length > 0 && (/^[A-Za-z_]\w*=/.test(tokens[0]!) || WRAPPERS.has(tokens[0]!) || (tokens[0]!.startsWith('-') && tokens.length > 1))) tokens.shift();
    const name = tokens[0]?.split('/').pop();
    return name === 'electron' || (name === 'electron-forge' && tokens[1] === 'start');
  });
}

const memo = new WeakMap<PackageInfo, DesktopApp | null>();

/** Whether the package is a desktop app (see the file's comment). */
export function desktopApp(pkg: PackageInfo): DesktopApp | null {
  let found = memo.get(pkg);
  if (found === undefined) {
    const scripts = pkg.manifest?.scripts;
    const start = typeof scripts === 'object' && scripts !== null && !Array.isArray(scripts) ? (scripts as Record<string, unknown>).start : undefined;
    const desktop =
      typeof start === 'string' &&
      startsElectron(start) &&
      dependsOn(pkg, 'electron') &&
      !BOT_LIBRARIES.some((name) => dependsOn(pkg, name)) &&
      deploymentSettingsOf(pkg.dir).length === 0;
    found = desktop ? { dir: pkg.dir, reason: `package.json start "${start}"` } : null;
    memo.set(pkg, found);
  }
  return found;
}

/** The desktop app package a file belongs to (its nearest package.json), or null. */
export function desktopAppOf(file: string): DesktopApp | null {
  const pkg = packageOf(path.resolve(file));
  return pkg === null ? null : desktopApp(pkg);
}
