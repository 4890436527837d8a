import type { ESLint, Linter } from 'eslint';

export interface PluginLike {
  meta: { namespace: string };
  rules: Record<string, { meta: { docs?: { requiresTypeChecking?: boolean } } }>;
  configs: Record<
    string,
    { name?: string; rules: Record<string, unknown>; plugins: Record<string, unknown>; languageOptions?: { parserOptions?: Record<string, unknown> } }
  >;
}
export declare const SOURCE_FILES: string[];
export declare const IGNORES: string[];
export declare function ruleIds(plugin: PluginLike): string[];
export declare function syntacticRuleIds(plugin: PluginLike): string[];
export declare function needsTypes(plugin: PluginLike, id: string): boolean;
export declare function baseConfig(parser: unknown, options?: { typed?: false | { tsconfigRootDir: string } }): Linter.Config[];
export declare function scoped(config: PluginLike['configs'][string]): Linter.Config;
export declare function ruleAlone(plugin: PluginLike, id: string): Linter.Config;
export declare function ruleTimes(results: ESLint.LintResult[]): Map<string, number>;
export declare function oxlintConfig(
  plugin: PluginLike,
  specifier: string,
): { $schema: string; jsPlugins: string[]; categories: Record<string, string>; rules: Record<string, string> };
export declare function median(values: number[]): number;
export declare function listSourceFiles(dir: string): string[];
