import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../sim/world/scenario-loader.node.ts';
import { simulate } from '../../sim/world/simulate.ts';
import type { Scenario } from '../../sim/world/scenario-schema.ts';
import overbooked from '../variants/capacity-overbooked.ts';

/** Baseline with every node capped well below the day's demand, so capacity decides routing every day. */
function cappedScenario(): Scenario {
  const scenario = structuredClone(loadScenario('baseline').scenario);
  scenario.topology.dcs = scenario.topology.dcs.map((dc) => ({ ...dc, capacityPerDay: 40 }));
  scenario.topology.stores = scenario.topology.stores.map((store) => ({ ...store, capacityPerDay: 20 }));
  return scenario;
}

describe('routing.capacity-per-local-day (incident 23)', () => {
  it('holds for the reference on nodes capped below demand, and catches a store overbooked by 2 %', async () => {
    const scenario = cappedScenario();
    const reference = await simulate({ scenario, scenarioRef: 'capped-baseline', seed: 23, orders: 300 }, () => 0);
    expect(reference.violations.filter((violation) => violation.invariant === 'routing.capacity-per-local-day')).toEqual([]);
    const broken = await simulate({ scenario, scenarioRef: 'capped-baseline', seed: 23, orders: 300, plugin: overbooked }, () => 0);
    const caught = broken.violations.filter((violation) => violation.invariant === 'routing.capacity-per-local-day');
    expect(caught.length).toBeGreaterThan(0);
    expect(caught[0]?.detail).toMatch(/was assigned (41|21) FOs on its local day .* its capacity is (40|20) a day/);
    expect(caught[0]?.firstBadEvent?.kind).toBe('fulfillment.assigned');
  }, 600_000);
});
