import { describe, expect, it } from 'vitest';
import { IdempotencyStore } from '../../orchestrator/idempotency/idempotency-store.ts';
import type { CommandResult } from '../../orchestrator/plugin.ts';
import { MemoryStore } from '../../sim/world/memory-store.ts';
import { cancelAsCustomer, HOUR_MS, payloadOf, runIncident, scenarioFrom } from './incident-world.ts';

describe('incident 11: concurrent retries on one key', () => {
  it('the key store answers in-progress while the first attempt runs, then replays its outcome', () => {
    const store = new IdempotencyStore(new MemoryStore(), { nowMs: () => 0 });
    expect(store.claim('k', 'p')).toEqual({ kind: 'new' });
    expect(store.claim('k', 'p')).toEqual({ kind: 'in-progress' });
    expect(store.claim('k', 'other')).toEqual({ kind: 'conflict' });
    store.complete('k', 'p', 'done');
    expect(store.claim('k', 'p')).toEqual({ kind: 'replay', outcome: 'done' });
  });

  it('five concurrent returns and cancels with one key each: exactly one refund and one cancel request', async () => {
    const returns = new Map<string, CommandResult[]>();
    const cancels = new Map<string, CommandResult[]>();
    const run = await runIncident(scenarioFrom('baseline', (s) => void (s.workload.pickupRatio = [0, 1])), {
      seed: 11,
      orders: 80,
      kinds: ['refund.issued', 'order.cancel_requested'],
      react: (event, world) => {
        if (event.kind === 'order.created' && cancels.size < 5) {
          const orderId = event.orderId;
          cancels.set(orderId, []);
          world.kernel.schedule('test.cancels', 60_000, () => {
            const command = { idempotencyKey: `c:${orderId}`, orderId, reason: 'retry storm' };
            // One customer request, delivered five times at once: the first copy is the customer's.
            void Promise.all([1, 2, 3, 4, 5].map((copy) => (copy === 1 ? cancelAsCustomer(world, command) : world.orchestrator.cancelOrder?.(command)))).then((all) => cancels.set(orderId, all.filter((r): r is CommandResult => r !== undefined)));
          });
        }
        if (event.kind !== 'fo.transitioned' || returns.size >= 5) return;
        const detail = payloadOf<{ foId: string; to: string }>(event);
        if (detail.to !== 'COMPLETED' || cancels.has(event.orderId)) return;
        const orderId = event.orderId;
        returns.set(orderId, []);
        world.kernel.schedule('test.returns', HOUR_MS, () => {
          const line = world.orchestrator.view().order(orderId)?.fulfillmentOrders.find((fo) => fo.foId === detail.foId)?.lines.find((candidate) => candidate.shipped > 0);
          if (line === undefined || world.orchestrator.requestReturn === undefined) return;
          const command = { idempotencyKey: `r:${orderId}`, orderId, lines: [{ lineNo: line.lineNo, quantity: 1 }] };
          void Promise.all([1, 2, 3, 4, 5].map(() => world.orchestrator.requestReturn?.(command))).then((all) => returns.set(orderId, all.filter((r): r is CommandResult => r !== undefined)));
        });
      },
    });
    expect(run.result.violations).toEqual([]);
    expect(run.result.converged).toBe(true);
    for (const [orderId, results] of [...returns, ...cancels]) {
      expect(results.map((result) => result.kind).sort(), orderId).toEqual(['accepted', 'replayed', 'replayed', 'replayed', 'replayed']);
    }
    expect(returns.size).toBe(5);
    for (const orderId of returns.keys()) expect(run.events.filter((event) => event.kind === 'refund.issued' && event.orderId === orderId).length, orderId).toBe(1);
    for (const orderId of cancels.keys()) expect(run.events.filter((event) => event.kind === 'order.cancel_requested' && event.orderId === orderId).length, orderId).toBe(1);
    const refunded = run.world.payment.truth().authorizations.filter((auth) => returns.has(auth.reference)).map((auth) => auth.refundedCents);
    expect(refunded.every((cents) => cents > 0)).toBe(true);
  });
});
