import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    // Browser and prober tests start real servers; keep the 2-core machine from thrashing.
    maxWorkers: 2,
    // CLI and daemon tests spawn real processes, each compiling TypeScript at start: on a loaded
    // 2-core machine a test of several such runs needs more than 60 s without being wrong (one
    // command has taken 35 s to print its usage at a load average of 28).
    testTimeout: 120_000,
    reporters: ['default', './test/support/summary-reporter.ts'],
    // Hooks open databases: PGlite compiles PostgreSQL from WebAssembly and migrates it, which on
    // a 2-core machine busy with other test files has taken more than 30 s without being wrong.
    hookTimeout: 90_000,
    // The veille processes the tests start (bin/veille.js, `npm start`) run the TypeScript sources
    // as they are, not the build in dist/ that `npm install` compiled (bin/veille.js says how).
    env: { VEILLE_FROM_SOURCES: '1' },
  },
});
