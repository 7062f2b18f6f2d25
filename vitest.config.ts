import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Each file builds its own world (database, servers); files run in parallel forks.
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
