/**
 * The project's module graph: which files an entry point runs (package.json `main` and scripts,
 * Procfile, Dockerfile, …), and the one resolver of module paths that the function summaries use too.
 */
export { archiveCopies, settingKind, type ArchiveCopy } from './archives.js';
export { desktopApp, desktopAppOf, startsElectron, type DesktopApp } from './desktop.js';
export { createsPlaceholderBot, examplePackage, examplePackageOf, exampleWord, type ExamplePackage } from './examples.js';
export { clearPackageCache } from './packages.js';
export { BOT_LIBRARIES, libraryFile, libraryFiles } from './libraries.js';
export { isEntryModule, manifestFiles, packageEntries, scriptRoleOf, type Entries, type ScriptRole } from './entries.js';
export { bindsCloudflareSqlite, PLATFORM_CONVENTIONS, runsInNextServer, runsOnlyInWorker, serverlessPlatform, type ServerlessPlatform } from './serverless.js';
export { buildOutput, oneOffName, oneOffScript } from './one-off.js';
export { lineStats, looksBundled, looksGenerated, looksMinified, MINIFIED_LONG_LINE, packageManagerRuntime, type LineStats } from './generated.js';
export { linkedPackages, onlyReachedFromEntries, reachability, reachedFromEntry, type Reachability } from './reach.js';
export { ancestorScopes, gitignored, ignoredBy, readScope, type Scope } from './gitignore.js';
export { componentScript, isComponent } from './components.js';
export { inNextPagesFolder, isNextPage, usedOnlyInBrowser, usedOnlyInBrowserByPage } from './component-calls.js';
export { importersOf, type ImportersOptions } from './importers.js';
export { isSvelteKitModule, svelteKitRole } from './sveltekit.js';
export { packageOf, projectModuleFile, projectOf, svelteKitAliasPath } from './packages.js';
export { beginLint, projectSnapshot, snapshotText, snapshotWork, sourceFilesMatching, type ProjectSnapshot } from './snapshot.js';
export { isSource, listProjectFiles, readSmallText, resolveFile, SOURCE_EXTENSIONS } from './resolve.js';
export { uncalledFunctions, type UncalledIndex } from './uncalled.js';
export { declaredMajor, runsAtLeast } from './versions.js';
export { workspacePatternFolders, workspacePatterns } from './workspaces.js';
export { MAY_REGISTER_ROUTE, ROUTE_METHODS, shadowedRouteHandlers, type MiddlewareReader, WEB_SERVER_MODULES, webRouteHandler, webServerOf } from './routes.js';
