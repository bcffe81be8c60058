import { defineConfig } from 'vitest/config';

// One run for the whole repo: shared services start once (globalSetup), each test file
// gets its own databases from packages/testing.
export default defineConfig({
  test: {
    include: [
      '{apps,packages}/*/src/**/*.test.ts',
      'infra/**/*.test.ts',
      'bench/**/*.test.ts',
      'e2e/**/*.test.ts',
    ],
    globalSetup: ['packages/testing/src/global-setup.ts', 'e2e/support/build-web.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
