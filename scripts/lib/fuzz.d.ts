import type { Linter } from 'eslint';

import type { PluginLike } from './lint.js';

export interface Failure {
  seed: number;
  config: string;
  filename: string;
  kind: 'crash' | 'parse' | 'fix' | 'suggestion';
  message: string;
  code: string;
  output?: string;
}
export interface FuzzConfig {
  name: string;
  rules: Linter.Config;
  typed: boolean;
}
export declare function generateProgram(seed: number): { code: string; ts: boolean };
export declare function fuzzConfigs(plugin: PluginLike): FuzzConfig[];
export declare function distinctConfigs(configs: FuzzConfig[]): FuzzConfig[];
export declare function checkProgram(input: {
  plugin: PluginLike;
  tsParser: unknown;
  seed: number;
  code: string;
  ts: boolean;
  jsx?: boolean;
  sourceType?: 'module' | 'script';
  globals?: Record<string, 'readonly' | 'writable'>;
  typedRoot?: string;
  configs?: FuzzConfig[];
}): { failures: Failure[]; findings: number; suggestions: number; parsed: number };
