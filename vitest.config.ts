import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}', 'contracts/**/*.test.ts'],
    setupFiles: ['test/fast-check-setup.ts'],
    reporters: ['default', './test/plain-summary-reporter.ts'],
    // Two cores here: the suite runs on both.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
  },
});
