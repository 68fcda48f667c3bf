import { describe, expect, it } from 'vitest';
import { finalStates, HOUR_MS, runIncident, scenarioFrom } from './incident-world.ts';

const WINDOW_MS = 24 * HOUR_MS;

describe('incident 16: handed over at the till, not yet synced when the pickup window ends', () => {
  it('asks the POS before expiring: a collected pickup completes and is captured, never expired or refunded', async () => {
    const scenario = scenarioFrom('baseline', (s) => {
      s.workload.pickupRatio = [1, 1];
      s.workload.pickupNoShowRatio = [1, 1]; // only the test's customers come, just before the window ends
      s.orchestrator.pickupWindowMs = WINDOW_MS;
      s.orchestrator.storePollIntervalMs = 7 * HOUR_MS; // the journal lags far behind the till
    });
    const handedOver = new Map<string, number>();
    const run = await runIncident(scenario, {
      seed: 16,
      orders: 80,
      kinds: ['refund.issued'],
      react: (event, world) => {
        if (event.kind !== 'fo.transitioned') return;
        const detail = JSON.parse(event.detail) as { foId: string; to: string; nodeId: string };
        if (detail.to !== 'READY_FOR_PICKUP' || handedOver.has(detail.foId)) return;
        world.kernel.schedule('test.till', WINDOW_MS - 10 * 60_000, () => {
          if (world.pos.tillPickup(detail.nodeId, `${detail.foId}:`) > 0) handedOver.set(detail.foId, event.atMs);
        });
      },
    });
    expect(run.result.violations).toEqual([]);
    expect(run.result.converged).toBe(true);
    expect(handedOver.size).toBeGreaterThan(0);
    const states = finalStates(run.transitions);
    const expired = new Set(run.transitions.filter((t) => t.to === 'PICKUP_EXPIRED').map((t) => t.foId));
    for (const foId of handedOver.keys()) {
      expect(expired.has(foId), foId).toBe(false);
      expect(states.get(foId), foId).toBe('COMPLETED');
    }
    // Some were only learnt of by the expiry's look-up: picked up after the window had ended.
    const lateSync = run.transitions.filter((t) => t.to === 'PICKED_UP' && t.atMs >= (handedOver.get(t.foId) ?? Number.POSITIVE_INFINITY) + WINDOW_MS);
    expect(lateSync.length).toBeGreaterThan(0);
    expect(run.events).toEqual([]);
  });
});
