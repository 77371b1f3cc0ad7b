import { defineConfig } from 'vitest/config';

// The unit tests of the pure core, alone: what `npm run mutate` runs against each mutant.
// They start no server and touch no disk, so they run fast enough to be run thousands of times.
export default defineConfig({
  test: {
    include: [
      'test/time/**/*.test.ts',
      'test/calendar/**/*.test.ts',
      'test/sla/**/*.test.ts',
      'test/incidents/deadlines*.test.ts',
      'test/outages/detector*.test.ts',
      'test/prober/detector.test.ts',
      'test/quorum/**/*.test.ts',
    ],
    maxWorkers: 1,
    // The property tests take seconds on a busy machine; Stryker sets its own timeout per mutant.
    testTimeout: 20_000,
  },
});
