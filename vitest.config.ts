import { configDefaults, defineConfig } from 'vitest/config';

// The clean-clone production check (test/deploy) installs and builds a copy of the repository: it runs alone,
// after the rest of the suite (a later group), so it neither slows nor is slowed by the integration tests.
const DEPLOY = 'test/deploy/**/*.test.ts';

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Integration tests open real ports and real stores; two cores is what CI has.
    pool: 'forks',
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'suite',
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, DEPLOY],
          // Builds dist/ once for the tests that run the compiled server (see the file).
          globalSetup: ['test/support/global-setup.ts'],
        },
      },
      {
        extends: true,
        test: { name: 'deploy', include: [DEPLOY], sequence: { groupOrder: 1 } },
      },
    ],
  },
});
