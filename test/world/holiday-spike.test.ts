import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../sim/world/scenario-loader.node.ts';
import { simulate } from '../../sim/world/simulate.ts';

describe('holiday-spike: Black Friday through Cyber Monday with every fault at once', () => {
  it('converges, with the faults of every system firing', async () => {
    const { scenario } = loadScenario('holiday-spike');
    const result = await simulate({ scenario, scenarioRef: 'holiday-spike', seed: 1, orders: 3000 }, () => 0);
    expect(result.violations).toEqual([]);
    expect(result.converged).toBe(true);
    for (const family of ['pos.', 'wms.', 'payment.']) {
      expect(Object.keys(result.faultsFired).some((fault) => fault.startsWith(family)), family).toBe(true);
    }
  });
});
