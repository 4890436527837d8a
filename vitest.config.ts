import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    setupFiles: ['tests/setup.ts'],
    // A hang guard, not a speed limit: no test may pass or fail by how fast the machine is (on 2
    // cores at load 30 a CLI test takes minutes). What a test proves about cost it proves with work
    // counts (tests/robustness); timing belongs to `npm run bench`.
    testTimeout: 600_000,
    hookTimeout: 600_000,
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      exclude: ['src/cli.ts'],
      reporter: ['text-summary', 'text'],
      thresholds: { lines: 90, branches: 90 },
    },
  },
});
