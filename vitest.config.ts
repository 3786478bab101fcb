import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Builds dist/ once for the tests that run the compiled server (see the file).
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Integration tests open real ports and real stores; two cores is what CI has.
    pool: 'forks',
    maxWorkers: 2,
  },
});
