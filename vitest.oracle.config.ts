import { defineConfig } from 'vitest/config';

/**
 * The tests StrykerJS runs against each mutant of the mutation oracle (`npm run mutation:oracle`,
 * stryker.oracle.config.json): gate runs only (test/oracle/*.oracle.ts), no unit tests, so a
 * mutant counts as killed only when the gate would have flagged it. The default config never
 * includes *.oracle.ts, so `npm test` does not run them.
 */
export default defineConfig({
  test: {
    include: ['test/oracle/**/*.oracle.ts'],
    // One file, its runs in order: Stryker stops at the first failure, and the runs are ordered for that.
    fileParallelism: false,
    // Stryker's own timeout (stryker.oracle.config.json) decides when a mutant hangs; this only must not fire first.
    testTimeout: 600_000,
  },
});
