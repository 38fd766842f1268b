import { defineConfig } from 'vitest/config';

/**
 * The fast unit tests that exercise the mutated folders, for `npm run mutate`
 * (Stryker reruns them once per mutant, so the claim specs and the deep tier
 * stay out).
 */
export default defineConfig({
  test: {
    globals: false,
    // Mutants run under load; a slow mutant is a timeout (detected), not a failure of the dry run.
    testTimeout: 60_000,
    setupFiles: ['./src/matchers/index.ts'],
    include: [
      'src/**/*.test.ts',
      'test/analysis/**/*.test.ts',
      'test/analysis-*.test.ts',
      'test/optimizers/**/*.test.ts',
      'test/trace/**/*.test.ts',
      'test/protocol/jsonl.test.ts',
      'test/check/**/*.test.ts',
      'test/cli/check-command.test.ts',
    ],
  },
});
