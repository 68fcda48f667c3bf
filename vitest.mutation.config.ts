import { defineConfig } from 'vitest/config';

/**
 * The tests StrykerJS runs against each mutant (`npm run mutation`): the model-based tests of the
 * FO state machine and the idempotency store, and the simulation runs of the incidents those
 * files exist for (ghost successes, outbox relay crash, key reuse, concurrent retries, crash
 * between call and commit, unroutable ageing on the exception queue, the channel sending twice),
 * which drive the real orchestrator through the fakes. Every mutant runs the tests that cover it;
 * the whole suite would add minutes per mutant and no power over these files.
 */
export default defineConfig({
  test: {
    include: [
      'test/orchestrator/**/*.test.ts',
      'test/incidents/incident-01-*.test.ts',
      'test/incidents/incident-09-*.test.ts',
      'test/incidents/incident-10-*.test.ts',
      'test/incidents/incident-11-*.test.ts',
      'test/incidents/incident-12-*.test.ts',
      'test/incidents/incident-20-*.test.ts',
      'test/incidents/incident-22-*.test.ts',
    ],
    setupFiles: ['test/fast-check-setup.ts'],
    pool: 'forks',
    testTimeout: 120_000,
  },
});
