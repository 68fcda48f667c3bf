import { describe, expect, it } from 'vitest';
import { offlineMsWithin } from '../../legacy-fakes/offline-windows.ts';
import { pickupExpiryChecker, PICKUP_EXPIRY_GRACE_MS } from '../../sim/invariants/pickup-expiry.ts';
import type { CheckContext, Finding } from '../../sim/invariants/types.ts';
import { finalStates, HOUR_MS, runIncident, scenarioFrom } from './incident-world.ts';

const WINDOW_MS = 24 * HOUR_MS;

describe('incident 15: a customer never collects', () => {
  it('expires every pickup after its window: hold released, stock back, authorisation voided', async () => {
    const scenario = scenarioFrom('baseline', (s) => {
      s.workload.pickupRatio = [1, 1];
      s.workload.pickupNoShowRatio = [1, 1];
      s.orchestrator.pickupWindowMs = WINDOW_MS;
    });
    const run = await runIncident(scenario, { seed: 15, orders: 80 });
    expect(run.result.violations).toEqual([]);
    expect(run.result.converged).toBe(true);
    const readyAt = new Map(run.transitions.filter((t) => t.to === 'READY_FOR_PICKUP').map((t) => [t.foId, t.atMs]));
    const expired = run.transitions.filter((t) => t.to === 'PICKUP_EXPIRED');
    expect(readyAt.size).toBeGreaterThan(0);
    expect(expired.map((t) => t.foId).sort()).toEqual([...readyAt.keys()].sort());
    const states = finalStates(run.transitions);
    for (const { foId, atMs } of expired) {
      expect(states.get(foId), foId).toBe('CANCELLED');
      expect(atMs - (readyAt.get(foId) ?? 0), foId).toBeLessThanOrEqual(WINDOW_MS + 2 * HOUR_MS);
      for (const { hold } of run.world.pos.truth().flatMap((store) => store.holds.map((h) => ({ hold: h }))).filter(({ hold }) => hold.externalRef.startsWith(`${foId}:`))) {
        expect(hold.status, hold.externalRef).toBe('RELEASED');
      }
    }
    const open = run.world.payment.truth().authorizations.filter((auth) => auth.status === 'AUTHORIZED');
    expect(open).toEqual([]);
  });

  /** A context whose store S1 is offline in the given windows (ms from the start). */
  const contextWith = (outages: readonly { fromMs: number; toMs: number }[]): CheckContext => {
    const offlineMsBetween = (_nodeId: string, fromMs: number, toMs: number): number => offlineMsWithin(outages, fromMs, toMs);
    // The window is the scenario's (the checker never takes the orchestrator's word for it).
    return { world: { timing: { pickupWindowMs: WINDOW_MS }, startEpochMs: 0, offlineMsBetween } } as unknown as CheckContext;
  };
  const ready = { index: 1, atMs: 0, kind: 'pickup.ready', source: 'orchestrator' as const, orderId: 'o1', ref: 'FO-1', detail: JSON.stringify({ foId: 'FO-1', storeId: 'S1', pickupWindowMs: WINDOW_MS }) };
  const tick = (index: number, atMs: number) => ({ ...ready, index, atMs, kind: 'world.tick', detail: '' });

  it('the checker reports a pickup still at the desk past its window plus grace', () => {
    const context = contextWith([]);
    const findings: Finding[] = [];
    pickupExpiryChecker.onEvent?.(ready, context, (f) => findings.push(f));
    pickupExpiryChecker.onEvent?.(tick(2, WINDOW_MS + PICKUP_EXPIRY_GRACE_MS), context, (f) => findings.push(f));
    expect(findings).toEqual([]);
    pickupExpiryChecker.onEvent?.(tick(3, WINDOW_MS + PICKUP_EXPIRY_GRACE_MS + 1), context, (f) => findings.push(f));
    expect(findings.map((f) => f.orderId)).toEqual(['o1']);
  });

  it('moves the deadline by every hour the store was offline, outages inside the moved part included', () => {
    // 30 h down inside the window, then 10 h down inside the 30 h it moved: 40 h later in all.
    const due = WINDOW_MS + PICKUP_EXPIRY_GRACE_MS;
    const context = contextWith([
      { fromMs: 2 * HOUR_MS, toMs: 32 * HOUR_MS },
      { fromMs: due + 5 * HOUR_MS, toMs: due + 15 * HOUR_MS },
    ]);
    const findings: Finding[] = [];
    pickupExpiryChecker.onEvent?.(ready, context, (f) => findings.push(f));
    pickupExpiryChecker.onEvent?.(tick(2, due + 1), context, (f) => findings.push(f));
    pickupExpiryChecker.onEvent?.(tick(3, due + 40 * HOUR_MS), context, (f) => findings.push(f));
    expect(findings).toEqual([]);
    pickupExpiryChecker.onEvent?.(tick(4, due + 40 * HOUR_MS + 1), context, (f) => findings.push(f));
    expect(findings.map((f) => f.detail)).toEqual([expect.stringContaining('and the 40 h S1 was offline')]);
  });
});
