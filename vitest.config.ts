import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'e2e/**/*.test.ts'],
    // Database tests on PostgreSQL and the browser journey share one machine of 2 cores.
    fileParallelism: true,
    maxWorkers: 2,
    testTimeout: 20_000,
    hookTimeout: 120_000,
    env: { TZ: 'Asia/Tokyo' },
  },
});
