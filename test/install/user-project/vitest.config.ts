import { defineConfig } from 'vitest/config';

// The set-up the README documents for a project that installs optspec.
export default defineConfig({
  test: {
    setupFiles: ['optspec/vitest'],
    reporters: ['default', 'optspec/reporter'],
  },
});
