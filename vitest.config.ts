import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    pool: 'forks',
    // Every temporary directory of the run in one, removed when it ends (test/support/global-temp.ts).
    globalSetup: ['test/support/global-temp.ts'],
  },
});
