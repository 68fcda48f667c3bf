import { describe, expect, it } from 'vitest';
import { payloadOf, runIncident, scenarioFrom } from './incident-world.ts';

const MAX_REROUTES = 1;

describe('incident 13: the store rejects an FO (not in stock)', () => {
  it('excludes the rejecting node for that FO, re-routes at most maxReroutes times, then raises REROUTE_LIMIT', async () => {
    // No DC stock at all; a few units per SKU in each store, which walk-in shoppers buy from under
    // the orchestrator's morning inventory: holds are refused (INSUFFICIENT_STOCK) or staff find
    // the shelf empty (NOT_ON_SHELF). Ship orders only, so every store is a candidate.
    const scenario = scenarioFrom('baseline', (s) => {
      s.catalog.skus = 4;
      s.inventory = { dcUnitsPerSkuPer1000Orders: 0, storeUnitsPerSkuPer1000Orders: 100, minimumUnitsPerSku: 0 };
      s.workload.pickupRatio = [0, 1];
      s.orchestrator.maxReroutes = MAX_REROUTES;
      // Giving up after the re-route limit is the behaviour under test: the scenario accepts it.
      s.parkingBudget = { orders: [1, 2] };
      for (const store of s.topology.stores) {
        store.safetyStock = 0;
        store.quirks = { inStoreShoppers: { salesPerOpenHour: 6, quantity: { min: 1, max: 2 } } };
      }
    });
    const run = await runIncident(scenario, { seed: 13, orders: 80, kinds: ['fo.transitioned', 'fulfillment.assigned', 'exception.opened'] });
    expect(run.result.violations).toEqual([]);
    expect(run.result.converged).toBe(true);
    expect(run.result.faultsFired['pos.in_store_sale'] ?? 0).toBeGreaterThan(0);

    const rejectedAt = new Map<string, Set<string>>();
    const reroutes = new Map<string, number>();
    const reassigned: string[] = [];
    for (const event of run.events) {
      if (event.kind === 'fo.transitioned') {
        const t = payloadOf<{ foId: string; event: string; to: string; nodeId: string }>(event);
        if (t.to === 'REJECTED') rejectedAt.set(t.foId, (rejectedAt.get(t.foId) ?? new Set()).add(t.nodeId));
        if (t.event === 'reroute') reroutes.set(t.foId, (reroutes.get(t.foId) ?? 0) + 1);
      } else if (event.kind === 'fulfillment.assigned') {
        const a = payloadOf<{ foId: string; nodeId: string }>(event);
        // A node that rejected this FO is never given it again.
        if (rejectedAt.get(a.foId)?.has(a.nodeId) === true) reassigned.push(`${a.foId} back to ${a.nodeId}`);
      }
    }
    expect(rejectedAt.size).toBeGreaterThan(0);
    expect(reassigned).toEqual([]);
    const overLimit = [...reroutes].filter(([, count]) => count > MAX_REROUTES).map(([foId, count]) => `${foId}: ${count} re-routes`);
    expect(overLimit).toEqual([]);

    const limit = run.events.filter((event) => event.kind === 'exception.opened' && payloadOf<{ category: string }>(event).category === 'REROUTE_LIMIT').map((event) => payloadOf<{ foId: string }>(event).foId);
    expect(limit.length).toBeGreaterThan(0);
    for (const foId of limit) {
      // It got there the long way: rejected once per allowed re-route plus the last time, each by another node.
      expect(reroutes.get(foId), foId).toBe(MAX_REROUTES);
      expect(rejectedAt.get(foId)?.size, foId).toBe(MAX_REROUTES + 1);
    }
    // And it waits for a person on the queue, not silently dropped.
    const queued = new Set(run.world.orchestrator.view().openExceptions().filter((item) => item.category === 'REROUTE_LIMIT').map((item) => item.foId));
    expect([...queued].sort()).toEqual([...new Set(limit)].sort());
  });
});
