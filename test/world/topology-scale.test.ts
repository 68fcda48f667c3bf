import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadScenario, validateScenario } from '../../sim/world/scenario-loader.node.ts';
import { buildTopology, topologyScale } from '../../sim/world/topology.ts';

const { scenario: spike } = loadScenario('holiday-spike');

describe('a scenario sized for its own order count, run bigger', () => {
  it('keeps holiday-spike exactly as written up to its own order count', () => {
    expect(spike.topology.scaleWithOrders).toBe(true);
    for (const orders of [1, 12, spike.workload.orders]) {
      const topology = buildTopology(spike, orders);
      expect(topology.posStores.every((store) => store.registers === undefined)).toBe(true);
      expect(topology.orchestratorConfig.nodes.filter((node) => node.kind === 'STORE').map((node) => node.capacityPerDay)).toEqual([600, 600, 600, 600]);
    }
  });

  it('multiplies every capacity and every store register by the same whole factor beyond it', () => {
    fc.assert(
      fc.property(fc.integer({ min: spike.workload.orders + 1, max: 2_000_000 }), (orders) => {
        const scale = topologyScale(spike, orders);
        expect(scale).toBe(Math.ceil(orders / spike.workload.orders));
        const topology = buildTopology(spike, orders);
        expect(topology.posStores.map((store) => store.registers)).toEqual(spike.topology.stores.map(() => scale));
        const capacities = topology.orchestratorConfig.nodes.map((node) => node.capacityPerDay);
        const written = [...spike.topology.dcs, ...spike.topology.stores].map((node) => (node.capacityPerDay === undefined ? undefined : node.capacityPerDay * scale));
        expect(capacities).toEqual(written);
      }),
      { numRuns: 50 },
    );
  });

  it('leaves a scenario that does not ask for it alone, however many orders', () => {
    const { scenario: baseline } = loadScenario('baseline');
    expect(topologyScale(baseline, 1_000_000)).toBe(1);
    const raw = JSON.parse(JSON.stringify(spike)) as { topology: Record<string, unknown> };
    raw.topology['scaleWithOrders'] = 'yes';
    expect(() => validateScenario(raw, 'spike.json')).toThrow(/scaleWithOrders/);
  });
});
