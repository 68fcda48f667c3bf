import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../sim/world/scenario-loader.node.ts';
import { simulate } from '../../sim/world/simulate.ts';

/** Seeds of the named scenarios that once broke an invariant, kept so the fix stays in. */
async function run(name: string, seed: number): ReturnType<typeof simulate> {
  return simulate({ scenario: loadScenario(name).scenario, scenarioRef: name, seed }, () => 0);
}

describe('named-scenario seeds that once failed', () => {
  it('wms-late-and-duplicate-files seed 5: an ack arriving after its shipment confirmation ships the FO instead of leaving it ACKNOWLEDGED for ever', async () => {
    const result = await run('wms-late-and-duplicate-files', 5);
    expect(result.violations).toEqual([]);
    expect(result.converged).toBe(true);
    expect(result.faultsFired['wms.late']).toBeGreaterThan(0);
  });

  it('holiday-spike seed 15: holds of an FO parked (store unreachable) on a shelf walk-ins emptied are the exception queue’s, not an oversell nobody owns', async () => {
    const result = await run('holiday-spike', 15);
    expect(result.violations).toEqual([]);
    expect(result.converged).toBe(true);
    expect(result.metrics.exceptionAging.bySlaTier.P2?.opened ?? 0).toBeGreaterThan(0);
  });

  it('two DCs across the EU DST change, seed 4: a re-sent release refused as a duplicate escalates LOST_ACK at once instead of waiting out more re-sends past the bound', async () => {
    const result = await run('test/world/fixtures/partial-failures-two-dcs-eu-dst.json', 4);
    expect(result.violations).toEqual([]);
    expect(result.converged).toBe(true);
  });
});
