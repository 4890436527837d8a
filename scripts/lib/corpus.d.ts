export declare const GENERATOR_VERSION: number;
export interface Random {
  next(): number;
  int(n: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
}
export type Framework = 'grammy' | 'telegraf' | 'ntba';
export declare function createRandom(seed: number): Random;
export declare function generateFile(
  rng: Random,
  options?: { lines?: number; framework?: Framework; ts?: boolean; depth?: number; odd?: number; sql?: number },
): string;
export declare function generateDeepNesting(depth: number, seed?: number): string;
export declare function generateSqlHeavy(count: number, seed?: number): string;
export declare function generateBotProject(rng: Random, options?: { modules?: number }): Record<string, string>;
export declare function writeCorpus(
  dir: string,
  options?: { lines?: number; seed?: number; depth?: number; fileLines?: number },
): { dir: string; files: number; lines: number };
