import { defineConfig } from 'vitest/config';
import { optspecTags } from 'optspec/reporter';

export default defineConfig({
  test: {
    setupFiles: ['optspec/vitest'],
    reporters: ['default', 'optspec/reporter'], // or ['optspec/reporter', { outDir: 'reports' }]
    // Optional: tag definitions, so `vitest --tags-filter` can select claims.
    tags: optspecTags([{ id: 'my-sgd-non-sparse', paper: 'design note 12', family: 'sgd' }]),
  },
});
