import { configDefaults, defineConfig } from 'vitest/config';

/**
 * The fast unit tests that exercise the mutated folders, for `npm run mutate`
 * (Stryker reruns them once per mutant, so the claim specs and the deep tier
 * stay out).
 *
 * With MUTATE=<folders> only those folders' own tests run: most mutants of
 * src/optimizers, src/trace and src/check are "static" (run while test files
 * load, where every factory and the gate's family tables are built), and
 * Stryker reruns every included test for a static mutant, so the whole set
 * would make a one-folder run take hours on two cores.
 */
const TESTS: Readonly<Record<string, readonly string[]>> = {
  'src/analysis': ['test/analysis/**/*.test.ts', 'test/analysis-*.test.ts', 'test/fidelity/**/*.test.ts', 'src/matchers/*.test.ts'],
  'src/matchers': ['src/matchers/**/*.test.ts'],
  'src/optimizers': ['test/optimizers/**/*.test.ts'],
  'src/trace': ['test/trace/**/*.test.ts', 'test/protocol/jsonl.test.ts'],
  // Not the catalogue test (excluded below): it judges every catalogued optimizer (seconds),
  // and it covers nearly every line of the gate, so it would rerun for almost every mutant.
  'src/check': ['test/check/*.test.ts', 'test/cli/check-command.test.ts'],
};
const folders = process.env.MUTATE ? process.env.MUTATE.split(',') : Object.keys(TESTS);
// A file (src/check/claims.ts) takes its folder's tests; MUTATE_TESTS=<globs> names the tests instead.
const testsOf = (f: string) => TESTS[f.replace(/\/$/, '').replace(/\/[^/]+\.ts$/, '')] ?? Object.values(TESTS).flat();
const include = process.env.MUTATE_TESTS ? process.env.MUTATE_TESTS.split(',') : [...new Set(folders.flatMap(testsOf))];

export default defineConfig({
  test: {
    globals: false,
    // Mutants run under load; a slow mutant is a timeout (detected), not a failure of the dry run.
    testTimeout: 60_000,
    setupFiles: ['./src/matchers/index.ts'],
    include,
    exclude: [...configDefaults.exclude, 'test/check/catalogue.test.ts'],
  },
});
