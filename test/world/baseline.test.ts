import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../sim/world/scenario-loader.node.ts';
import { simulate, type RunResult } from '../../sim/world/simulate.ts';

const { scenario } = loadScenario('baseline');

async function run(seed: number, orders?: number): Promise<RunResult> {
  return simulate({ scenario, scenarioRef: 'baseline', seed, ...(orders === undefined ? {} : { orders }) }, () => 0);
}

describe('the baseline scenario, end to end', () => {
  it('converges with every order closed and no violation', async () => {
    const result = await run(7);
    expect(result.violations).toEqual([]);
    expect(result.converged).toBe(true);
    expect(result.orders).toBeGreaterThanOrEqual(1000);
    expect(result.metrics.ordersPlaced).toBe(result.orders);
    expect(result.metrics.ordersClosed).toBe(result.orders);
    expect(result.stopReason).toBe('every order closed or on the exception queue');
    expect(result.metrics.exceptionAging.open).toBe(0);
  });

  it('ships from the DC and hands pickups over in store', async () => {
    const methods = new Map<string, number>();
    await simulate(
      {
        scenario,
        scenarioRef: 'baseline',
        seed: 3,
        orders: 400,
        onTrace: (event) => {
          if (event.kind !== 'fulfillment.assigned') return;
          const method = (JSON.parse(event.detail) as { method: string }).method;
          methods.set(method, (methods.get(method) ?? 0) + 1);
        },
      },
      () => 0,
    );
    expect(methods.get('SHIP_FROM_DC') ?? 0).toBeGreaterThan(0);
    expect(methods.get('BOPIS') ?? 0).toBeGreaterThan(0);
  });

  it('gives the same trace hash for the same seed in one process, and a different one for another seed', async () => {
    const [first, second, other] = [await run(11, 300), await run(11, 300), await run(12, 300)];
    expect(second.traceHash).toBe(first.traceHash);
    expect(second.events).toBe(first.events);
    expect(other.traceHash).not.toBe(first.traceHash);
  });
});
