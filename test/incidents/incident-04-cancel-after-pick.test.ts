import { describe, expect, it } from 'vitest';
import { cancelRaceChecker } from '../../sim/invariants/cancel-race.ts';
import type { CheckContext, Finding } from '../../sim/invariants/types.ts';
import { cancelAsCustomer, finalStates, runIncident, scenarioFrom } from './incident-world.ts';

describe('incident 4: a cancel arrives after the store handed the order over', () => {
  it('cancel-rejects the FO, completes it and captures it; never CANCEL_REQUESTED -> PICKED_UP', async () => {
    const scenario = scenarioFrom('baseline', (s) => {
      s.workload.pickupRatio = [1, 1];
    });
    const cancelled = new Set<string>();
    const run = await runIncident(scenario, {
      seed: 4,
      orders: 150,
      kinds: ['refund.issued'],
      react: (event, world) => {
        // The customer cancels the moment they have the goods, before the orchestrator's next journal poll.
        if (event.kind !== 'pos.hold.picked_up' || event.orderId === '' || cancelled.has(event.orderId)) return;
        const orderId = event.orderId;
        cancelled.add(orderId);
        world.kernel.schedule('test.late-cancel', 0, () => void cancelAsCustomer(world, { idempotencyKey: `late:${orderId}`, orderId, reason: 'too late' }));
      },
    });
    expect(run.result.violations).toEqual([]);
    expect(run.result.converged).toBe(true);
    expect(cancelled.size).toBeGreaterThan(0);
    const rejected = run.transitions.filter((t) => t.from === 'CANCEL_REQUESTED' && t.to === 'CANCEL_REJECTED');
    expect(rejected.length).toBeGreaterThan(0);
    expect(run.transitions.filter((t) => t.from === 'CANCEL_REQUESTED' && (t.to === 'PICKED_UP' || t.to === 'SHIPPED'))).toEqual([]);
    const states = finalStates(run.transitions);
    for (const { foId } of rejected) expect(states.get(foId), foId).toBe('COMPLETED');
    expect(run.events).toEqual([]); // nothing handed over is refunded
  });

  it('the checker reports a fulfilment while a cancel request is unanswered', () => {
    const context = {} as CheckContext;
    const findings: Finding[] = [];
    const transition = (index: number, from: string, to: string) => ({ index, atMs: index, kind: 'fo.transitioned', source: 'orchestrator' as const, orderId: 'o1', ref: 'FO-1', detail: JSON.stringify({ foId: 'FO-1', from, to }) });
    cancelRaceChecker.onEvent?.(transition(1, 'READY_FOR_PICKUP', 'CANCEL_REQUESTED'), context, (f) => findings.push(f));
    cancelRaceChecker.onEvent?.(transition(2, 'CANCEL_REQUESTED', 'PICKED_UP'), context, (f) => findings.push(f));
    expect(findings.map((f) => f.firstBadEvent?.index)).toEqual([2]);
  });
});
