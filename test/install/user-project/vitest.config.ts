import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    setupFiles: ['optspec/vitest'],
    reporters: ['default', 'optspec/reporter'],
  },
});
