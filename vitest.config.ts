import { defineConfig } from 'vitest/config';
import { defaultServerConditions } from 'vite';

export default defineConfig({
  // `import … from 'optspec'` in this repository resolves to src/ (package.json exports), not to a build.
  ssr: { resolve: { conditions: ['optspec-source', ...defaultServerConditions] } },
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
