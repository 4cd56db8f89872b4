import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The sentence encoder and the fake Discord make some tests take seconds; none is timed.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
