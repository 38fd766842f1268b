import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    globals: false,
    setupFiles: ['./src/matchers/index.ts'],
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/**/*.test.ts'] },
      },
      {
        extends: true,
        test: { name: 'claims', include: ['specs/**/*.spec.ts'], testTimeout: 120_000 },
      },
    ],
  },
});
