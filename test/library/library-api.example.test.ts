/**
 * A runnable example of Converge's library API, as a team would use it in its own vitest suite:
 * `simulate()` a seeded world, assert with the matchers, and write properties over fault plans.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import '../../sim/library/vitest-setup.ts';
import { loadScenario, simulate } from '../../sim/index.ts';
import { scenarioArbitrary } from '../../sim/testing.ts';
import brokenOrchestrator from '../variants/no-lookup-after-pos-timeout.ts';

describe('library API: a team’s own tests', () => {
  it('runs a seeded world and asserts it converges, with every planned fault fired', async () => {
    const run = await simulate({ scenario: 'pos-timeouts', seed: 3 });
    expect(run).toConverge();
    expect(run).toHaveNoViolations();
    expect(run).toHaveFiredEveryPlannedFault();
  });

  it('property: the reference orchestrator converges under any plan of POS faults', async () => {
    const base = loadScenario('baseline').scenario;
    const cases = scenarioArbitrary(base, { faults: ['pos.ghostSuccess', 'pos.lostRequest', 'pos.unavailable', 'pos.offline.hang'], maxFaults: 2, orders: { min: 40, max: 120 } });
    await fc.assert(
      fc.asyncProperty(cases, async ({ scenario, seed, orders }) => {
        expect(await simulate({ scenario, seed, orders })).toConverge();
      }),
      { numRuns: 4 },
    );
  });

  it('fails a broken orchestrator with a message naming the invariant, the order, the first bad event and the replay command', async () => {
    const run = await simulate({ scenario: 'pos-timeouts', seed: 1, orders: 300, orchestrator: brokenOrchestrator });
    let message = '';
    try {
      expect(run).toConverge();
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^expected the run of scenario pos-timeouts, seed 1, orchestrator broken-no-lookup-after-pos-timeout@0\.0\.0 \(trace [0-9a-f]{16}, verdict FAILED\) to converge, but \d+ violation\(s\):\n {2}- idempotency\.one-live-hold-per-line-and-node, order \S+: /);
    expect(message).toMatch(/\n {4}first bad event #\d+ \S+ at \+\d+ ms\n {4}replay: npx converge run --scenario pos-timeouts --seed 1 --orders 300\n/);
    expect(() => expect(run).toHaveNoViolations()).toThrow(/to have no violations, but it has \d+ violation\(s\)/);
    expect(() => expect({ nope: true }).toConverge()).toThrow('toConverge expects the result of simulate(), got {"nope":true}');
  });
});
