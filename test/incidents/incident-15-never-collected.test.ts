import { describe, expect, it } from 'vitest';
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

  it('the checker reports a pickup still at the desk past its window plus grace', () => {
    // The window is the scenario's (the checker never takes the orchestrator's word for it).
    const context = { world: { timing: { pickupWindowMs: WINDOW_MS } } } as unknown as CheckContext;
    const findings: Finding[] = [];
    const ready = { index: 1, atMs: 0, kind: 'pickup.ready', source: 'orchestrator' as const, orderId: 'o1', ref: 'FO-1', detail: JSON.stringify({ foId: 'FO-1', pickupWindowMs: WINDOW_MS }) };
    pickupExpiryChecker.onEvent?.(ready, context, (f) => findings.push(f));
    pickupExpiryChecker.onEvent?.({ ...ready, index: 2, atMs: WINDOW_MS + PICKUP_EXPIRY_GRACE_MS, kind: 'world.tick', detail: '' }, context, (f) => findings.push(f));
    expect(findings).toEqual([]);
    pickupExpiryChecker.onEvent?.({ ...ready, index: 3, atMs: WINDOW_MS + PICKUP_EXPIRY_GRACE_MS + 1, kind: 'world.tick', detail: '' }, context, (f) => findings.push(f));
    expect(findings.map((f) => f.orderId)).toEqual(['o1']);
  });
});
