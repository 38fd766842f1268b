import { defineConfig } from 'vitest/config';

export default defineConfig({
  // `import … from 'optspec'` in this repository resolves to src/ (package.json exports), not to a build;
  // the rest is vite's default list of server conditions.
  ssr: { resolve: { conditions: ['optspec-source', 'module', 'node', 'development|production'] } },
  test: {
    globals: false,
    setupFiles: ['./src/matchers/index.ts'],
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/**/*.test.ts', 'src/**/*.test.ts', 'examples/**/*.spec.ts'] },
      },
      {
        extends: true,
        test: { name: 'claims', include: ['specs/*.spec.ts'], testTimeout: 120_000 },
      },
      {
        // The deep claims on TensorFlow.js: a separate project so the fast tier can run without them.
        extends: true,
        test: { name: 'deep', include: ['specs/deep/**/*.spec.ts'], testTimeout: 1_800_000, hookTimeout: 1_800_000 },
      },
    ],
  },
});
