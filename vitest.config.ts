import { defineConfig } from 'vitest/config';
import { optspecTags } from './src/report/tags.ts';

/** The claims' tags for `vitest --tags-filter` (claim:<id>, paper:, family:, tier:, and the roles); test/report checks every claim is here. */
const CLAIM_TAGS = optspecTags([
  { id: 'non-capture', paper: '001', family: 'sgd', tier: 'fast' },
  { id: 'l1-non-sparsity', paper: '001', family: 'sgd', tier: 'fast' },
  { id: 'lambda-paradox', paper: '001', family: 'sgd', tier: 'fast' },
  { id: 'huber-bounded-oscillation', paper: '001', family: 'sgd', tier: 'fast' },
  { id: 'momentum-jump-off-zero', paper: '001', family: 'momentum', tier: 'fast' },
  { id: 'rmsprop-lambda-agnostic', paper: '001', family: 'rmsprop', tier: 'fast' },
  { id: 'superlinear-hessian-growth', paper: '003', family: 'curvature', tier: 'fast' },
  { id: 'relu-vs-gelu', paper: '001', tier: 'deep' },
  { id: 'l1-pruning', paper: '001', tier: 'deep' },
]);

export default defineConfig({
  // `import … from 'optspec'` in this repository resolves to src/ (package.json exports), not to a build;
  // the rest is vite's default list of server conditions.
  ssr: { resolve: { conditions: ['optspec-source', 'module', 'node', 'development|production'] } },
  test: {
    globals: false,
    setupFiles: ['./src/matchers/index.ts'],
    tags: CLAIM_TAGS,
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/**/*.test.ts', 'src/**/*.test.ts', 'examples/**/*.spec.ts'] },
      },
      {
        extends: true,
        test: { name: 'claims', include: ['specs/*.spec.ts', 'specs/fidelity/**/*.spec.ts'], testTimeout: 120_000 },
      },
      {
        // The deep claims on TensorFlow.js: a separate project so the fast tier can run without them.
        extends: true,
        test: { name: 'deep', include: ['specs/deep/**/*.spec.ts'], testTimeout: 1_800_000, hookTimeout: 1_800_000 },
      },
    ],
  },
});
