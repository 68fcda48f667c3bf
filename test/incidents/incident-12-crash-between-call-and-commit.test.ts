import { describe, expect, it } from 'vitest';
import { holdOf, runIncident, scenarioFrom } from './incident-world.ts';

describe('incident 12: the orchestrator crashes between an external call and its local commit', () => {
  it('recovers forward from its store: every order closes, no hold, release or capture is doubled', async () => {
    const scenario = scenarioFrom('pos-timeouts', (s) => {
      s.workload.cancelRatio = [1, 10];
    });
    const live = new Map<string, number>();
    let maxLive = 0;
    const run = await runIncident(scenario, {
      seed: 12,
      orders: 250,
      crashEveryEvents: 200,
      react: (event) => {
        if (!event.kind.startsWith('pos.hold.') || event.kind === 'pos.hold.pick_requested' || event.kind === 'pos.hold.ready') return;
        const key = `${holdOf(event).storeId}|${event.ref}`;
        live.set(key, (live.get(key) ?? 0) + (event.kind === 'pos.hold.created' ? 1 : -1));
        maxLive = Math.max(maxLive, live.get(key) ?? 0);
      },
    });
    expect(run.result.faultsFired['orchestrator.crash'] ?? 0).toBeGreaterThan(5);
    expect(run.result.violations).toEqual([]);
    expect(run.result.converged).toBe(true);
    // Nothing lost: every order arrived once and closed.
    const orders = [...run.world.orchestrator.view().orders()];
    expect(orders.length).toBe(250);
    expect(orders.filter((order) => !order.closed).map((order) => order.orderId)).toEqual([]);
    // Nothing doubled: one live hold per (line, store) at every moment; each FO line released to the WMS once.
    expect(maxLive).toBe(1);
    expect(run.result.faultsFired['pos.duplicate_hold'] ?? 0).toBe(0);
    const released = run.world.wms.truth().flatMap((dc) => dc.lines.map((line) => `${line.foId}:${line.lineNo}`));
    expect(released.length).toBeGreaterThan(0);
    expect(new Set(released).size).toBe(released.length);
    // One authorisation per order at the gateway, however often the process restarted mid-call.
    const auths = new Map<string, number>();
    for (const auth of run.world.payment.truth().authorizations) auths.set(auth.reference, (auths.get(auth.reference) ?? 0) + 1);
    expect([...auths.entries()].filter(([, count]) => count > 1)).toEqual([]);
  });
});
