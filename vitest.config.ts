import { defineConfig } from 'vitest/config';

// Tests are split by what they need (STYLE.md habit 10). `unit` and `parity`
// need only Node (parity skips itself without the pip references); `native`
// needs the built addon; `gpu` a CUDA device; `e2e` the built CLI and fixtures.
export default defineConfig({
  test: {
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      {
        extends: true,
        test: { name: 'parity', include: ['test/parity/**/*.test.ts'], testTimeout: 120_000 },
      },
      {
        extends: true,
        test: {
          name: 'native',
          include: ['test/native/**/*.test.ts'],
          pool: 'forks',
          testTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'gpu',
          include: ['test/gpu/**/*.test.ts'],
          pool: 'forks',
          maxWorkers: 1,
          fileParallelism: false,
          testTimeout: 300_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 120_000,
          // Several files run a whole CLI command in beforeAll (minutes on a loaded machine).
          hookTimeout: 300_000,
        },
      },
      // TypeScript fuzzing: runs only with TRTMAP_FUZZ_SECONDS or TRTMAP_FUZZ_RUNS (test/fuzz/fuzz.test.ts).
      { extends: true, test: { name: 'fuzz', include: ['test/fuzz/**/*.test.ts'] } },
    ],
  },
});
