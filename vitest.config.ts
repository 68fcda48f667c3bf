import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}', 'contracts/**/*.test.ts'],
    setupFiles: ['test/fast-check-setup.ts'],
    reporters: ['default', './test/plain-summary-reporter.ts'],
    // Two cores here: the suite runs on both.
    pool: 'forks',
    maxWorkers: 2,
    // Hang detectors, not speed checks: no test may fail because the machine is busy (CI runners
    // are), so the bound is far above any test's time on a loaded machine.
    testTimeout: 900_000,
    hookTimeout: 900_000,
  },
});
