import { defineConfig } from 'vitest/config';

/**
 * The tests StrykerJS runs against each mutant (`npm run mutation`): the model-based tests of the
 * state machine and the idempotency store, and simulation runs of the incident catalogue, which
 * drive the real orchestrator through the fakes. Contract, CLI and gate tests add no power over
 * these files and would only slow every mutant down.
 */
export default defineConfig({
  test: {
    include: ['test/orchestrator/**/*.test.ts', 'test/incidents/**/*.test.ts', 'test/world/baseline.test.ts', 'test/world/faults.test.ts'],
    setupFiles: ['test/fast-check-setup.ts'],
    pool: 'forks',
    testTimeout: 120_000,
  },
});
