import { describe, expect, it } from 'vitest';
import type { OrchestratorView } from '../../orchestrator/plugin.ts';
import type { WmsFake } from '../../legacy-fakes/wms/wms-fake.ts';
import { runEndOfRunChecks } from '../../sim/invariants/end-of-run.ts';
import { cancelledNotShippedChecker } from '../../sim/invariants/cancelled-not-shipped.ts';
import type { CheckContext, Finding } from '../../sim/invariants/types.ts';
import { cancelAsCustomer, finalStates, runIncident, scenarioFrom } from './incident-world.ts';

describe('incident 5: a cancel reaches the DC after the release file was written', () => {
  it('cancel-rejects released FOs (the WMS has no cancel message), ships and captures them; cancels before release are cancelled and never shipped', async () => {
    const scenario = scenarioFrom('baseline', (s) => {
      s.workload.pickupRatio = [0, 1];
    });
    let n = 0;
    const run = await runIncident(scenario, {
      seed: 5,
      orders: 150,
      react: (event, world) => {
        if (event.kind !== 'fo.transitioned' && event.kind !== 'fulfillment.assigned') return;
        const detail = JSON.parse(event.detail) as { to?: string; nodeId?: string };
        // Every third DC FO is cancelled just after its release, every third just after allocation (still queued).
        const released = event.kind === 'fo.transitioned' && detail.to === 'RELEASED' && detail.nodeId === 'DC1' && n++ % 3 === 0;
        const queued = event.kind === 'fulfillment.assigned' && detail.nodeId === 'DC1' && n++ % 3 === 0;
        if (!released && !queued) return;
        const orderId = event.orderId;
        world.kernel.schedule('test.cancel', 0, () => void cancelAsCustomer(world, { idempotencyKey: `cancel:${orderId}`, orderId, reason: 'changed mind' }));
      },
    });
    expect(run.result.violations).toEqual([]);
    expect(run.result.converged).toBe(true);
    const states = finalStates(run.transitions);
    const rejected = new Set(run.transitions.filter((t) => t.to === 'CANCEL_REJECTED').map((t) => t.foId));
    const cancelled = new Set(run.transitions.filter((t) => t.from === 'CANCEL_REQUESTED' && t.to === 'CANCELLED').map((t) => t.foId));
    expect(rejected.size).toBeGreaterThan(0);
    expect(cancelled.size).toBeGreaterThan(0);
    for (const foId of rejected) expect(states.get(foId), foId).toBe('COMPLETED');
    const shippedByFo = new Map<string, number>();
    for (const dc of run.world.wms.truth()) for (const line of dc.lines) shippedByFo.set(line.foId, (shippedByFo.get(line.foId) ?? 0) + line.shippedQuantity);
    for (const foId of cancelled) expect(shippedByFo.get(foId) ?? 0, foId).toBe(0);
  });

  it('the checker reports a cancelled FO that shipped, unless the order is on the exception queue', () => {
    const order = { orderId: 'o1', payment: null, channel: 'web', channelOrderId: '1', status: 'CANCELLED' as const, closed: true, fulfillmentOrders: [{ foId: 'FO-1', nodeId: 'DC1', method: 'SHIP_FROM_DC' as const, state: 'CANCELLED' as const, terminal: true, lines: [{ lineNo: 1, sku: 'SKU-1', quantity: 1, unitPriceCents: 100, shipped: 1, pickedUp: 0, cancelled: 1, externalRef: 'FO-1:1' }] }] };
    const view = (excepted: boolean): OrchestratorView => ({ orders: () => [order], order: () => order, openOrderCount: () => 0, openExceptions: () => (excepted ? [{ exceptionId: 'x', orderId: 'o1', foId: 'FO-1', category: 'DOUBLE_DECREMENT', suggestedAction: 'escalate', slaTier: 'P2', openedAtMs: 0, dueAtMs: 0, detail: '' }] : []) });
    const findings = (excepted: boolean): Finding[] => {
      const found: Finding[] = [];
      const context = { view: view(excepted), wms: { truth: () => [] } as unknown as WmsFake, lastEventOf: () => null } as unknown as CheckContext;
      runEndOfRunChecks([cancelledNotShippedChecker], context, (f) => found.push(f));
      return found;
    };
    expect(findings(false)).toHaveLength(1);
    expect(findings(true)).toEqual([]);
  });
});
