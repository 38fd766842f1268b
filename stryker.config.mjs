// Mutation testing of the judging code (`npm run mutate`; not in CI: it takes a while).
// One folder at a time: npm run mutate -- --mutate 'src/analysis/**/*.ts'
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { configFile: 'vitest.mutate.config.ts', related: false },
  coverageAnalysis: 'perTest',
  // The machine is shared: one test process.
  concurrency: 1,
  mutate: [
    'src/analysis/**/*.ts',
    'src/matchers/**/*.ts',
    'src/optimizers/**/*.ts',
    'src/check/**/*.ts',
    'src/trace/**/*.ts',
    '!src/**/*.test.ts',
    // Re-export lists and the matcher registration: nothing to mutate but names.
    '!src/*/index.ts',
  ],
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 90, low: 85, break: null },
  tempDirName: '.stryker-tmp',
  timeoutMS: 20000,
};
