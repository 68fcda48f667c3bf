/**
 * A night's WMS shipment confirmation at a peak has hundreds of rows. Applied in one transaction
 * (thousands of writes), it was never written with power lost every n store writes for n below
 * its size: each restart read the file, died inside it and started over 30 s later until the
 * cuts stopped, and nothing else got through meanwhile. holiday-spike seed 4 at 800 orders,
 * `--crash-every 900 --torn`: a 384-row SHIPCONF of 1,648 writes at 38 h, 6,958 restarts in a
 * row, pickups handed over at the till from then on heard of at 96 h, 31 FOs READY_FOR_PICKUP
 * past their window. Documents are applied in bounded steps now (bounded-steps.ts).
 */
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../sim/world/scenario-loader.node.ts';
import { simulate } from '../../sim/world/simulate.ts';

describe('torn steps and a WMS document larger than the writes between two power losses', () => {
  it('holiday-spike seed 4, 130 orders, power lost every 400 writes: the confirmation gets through and every pickup is heard of', async () => {
    const { scenario } = loadScenario('holiday-spike');
    // Its confirmation on the second night is 416 writes in one transaction; before, 6,961 restarts and 6 pickups past their window.
    const result = await simulate({ scenario, scenarioRef: 'holiday-spike', seed: 4, orders: 130, tornEveryWrites: 400 }, () => 0);
    expect(result.violations).toEqual([]);
    expect(result.verdict).toBe('closed');
    // The power still went, often: each restart got on with the work instead of repeating one step.
    const torn = result.faultsFired['orchestrator.torn_step'] ?? 0;
    expect(torn).toBeGreaterThan(50);
    expect(torn).toBeLessThan(1000);
  });
});
