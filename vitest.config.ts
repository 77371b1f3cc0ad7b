import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    // Browser and prober tests start real servers; keep the 2-core machine from thrashing.
    maxWorkers: 2,
    testTimeout: 20_000,
    reporters: ['default', './test/support/summary-reporter.ts'],
    hookTimeout: 30_000,
  },
});
