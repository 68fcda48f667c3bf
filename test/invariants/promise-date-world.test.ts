import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../sim/world/scenario-loader.node.ts';
import { simulate } from '../../sim/world/simulate.ts';
import type { Scenario } from '../../sim/world/scenario-schema.ts';
import inUtc from '../variants/promise-date-in-utc.ts';

const CHECKER = 'routing.promise-date-per-node-day';

/**
 * crash-restart with promised dates on: it crosses the US fall-back (2026-11-01), and its crashes
 * make the outbox relay decisions after a restart, so a promise must be judged at the instant it
 * was decided. DC1 promises 3 days, S1 1, S2 0; S3 and S4 keep the documented defaults.
 */
function withPromises(): Scenario {
  const scenario = structuredClone(loadScenario('crash-restart').scenario);
  const days: Readonly<Record<string, number>> = { DC1: 3, S1: 1, S2: 0 };
  scenario.topology.dcs = scenario.topology.dcs.map((dc) => (days[dc.id] === undefined ? dc : { ...dc, promiseDays: days[dc.id] }));
  scenario.topology.stores = scenario.topology.stores.map((store) => (days[store.id] === undefined ? store : { ...store, promiseDays: days[store.id] }));
  return scenario;
}

describe('routing.promise-date-per-node-day in a world', () => {
  it('holds for the reference across a DST change and restarts, and catches promises counted in UTC', async () => {
    const scenario = withPromises();
    let promises = 0;
    const reference = await simulate({ scenario, scenarioRef: 'crash-restart-with-promises', seed: 3, orders: 300, onTrace: (event) => void (event.kind === 'routing.decided' && event.detail.includes('promisedByMs') && promises++) }, () => 0);
    expect(promises).toBeGreaterThan(250);
    expect(reference.violations.filter((violation) => violation.invariant === CHECKER)).toEqual([]);
    const broken = await simulate({ scenario, scenarioRef: 'crash-restart-with-promises', seed: 3, orders: 300, plugin: inUtc }, () => 0);
    const caught = broken.violations.filter((violation) => violation.invariant === CHECKER);
    expect(caught.length).toBeGreaterThan(0);
    expect(caught[0]?.detail).toMatch(/h too (early|late)/);
    expect(caught[0]?.firstBadEvent?.kind).toBe('routing.decided');
  }, 600_000);
});
