// Mutation testing of the judging code: `npm run mutate` (not in CI: it takes a while).
// One folder at a time: MUTATE=src/analysis npm run mutate (its report goes to reports/mutation/analysis/)
// (a --mutate on the command line replaces the whole list below, exclusions included).
// An entry ending in .ts is one file: MUTATE=src/check/claims.ts,src/check/relations.ts npm run mutate.
const FOLDERS = ['src/analysis', 'src/matchers', 'src/optimizers', 'src/check', 'src/trace'];
const folders = process.env.MUTATE ? process.env.MUTATE.split(',') : FOLDERS;
// A partial run reports beside the full one: reports/mutation/<folders>/.
const reportDir = process.env.MUTATE ? `reports/mutation/${folders.map((f) => f.replace(/^src\//, '').replace(/\//g, '-')).join('+')}` : 'reports/mutation';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { configFile: 'vitest.mutate.config.ts', related: false },
  coverageAnalysis: 'perTest',
  // The machine is shared: one test process.
  concurrency: 1,
  mutate: [
    ...folders.map((f) => (f.endsWith('.ts') ? f : `${f}/**/*.ts`)),
    '!src/**/*.test.ts',
    // Re-export lists and the matcher registration: nothing to mutate but names.
    '!src/analysis/index.ts',
    '!src/trace/index.ts',
    '!src/matchers/index.ts',
    // The gate's test data: deliberately broken and correct optimizers; a mutant of one is just another entry.
    '!catalogue/**',
  ],
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: `${reportDir}/index.html` },
  jsonReporter: { fileName: `${reportDir}/mutation.json` },
  thresholds: { high: 90, low: 85, break: null },
  tempDirName: '.stryker-tmp',
  timeoutMS: 20000,
};
