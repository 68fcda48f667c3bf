import { describe, expect, it } from 'vitest';
import type { CommandResult } from '../../orchestrator/plugin.ts';
import { HOUR_MS, runIncident, scenarioFrom } from './incident-world.ts';

describe('incident 10: a caller reuses an idempotency key with a different payload', () => {
  it('answers conflict and changes nothing: no second order, no change to the first, no cancel', async () => {
    const outcomes: { orderId: string; place: CommandResult; cancel: CommandResult; cancelAgain: CommandResult }[] = [];
    const before = new Map<string, string>();
    const run = await runIncident(scenarioFrom('baseline', (s) => void (s.workload.pickupRatio = [0, 1])), {
      seed: 10,
      orders: 80,
      kinds: ['order.created', 'order.cancel_requested'],
      react: (event, world) => {
        if (event.kind !== 'order.created' || outcomes.length >= 10) return;
        const orderId = event.orderId;
        const order = world.orchestrator.view().order(orderId);
        if (order === undefined) return;
        before.set(orderId, JSON.stringify((order.lines ?? []).map((line) => line.quantity)));
        const entry = { orderId } as (typeof outcomes)[number];
        outcomes.push(entry);
        world.kernel.schedule('test.reuse-key', HOUR_MS, () => {
          void (async () => {
            const orchestrator = world.orchestrator;
            // The workload's key for this order, with one more unit on the first line.
            const lines = (order.lines ?? []).map((line, index) => ({ sku: line.sku, quantity: line.quantity + (index === 0 ? 1 : 0), unitPriceCents: line.unitPriceCents }));
            entry.place = await orchestrator.placeOrder({ idempotencyKey: `web:${order.channelOrderId}`, channel: order.channel, channelOrderId: order.channelOrderId, customerTier: 'STANDARD', delivery: { method: 'SHIP' }, lines });
            const cancel = orchestrator.cancelOrder?.bind(orchestrator);
            if (cancel === undefined) return;
            // A key used for a one-unit cancel, then reused for a whole-order cancel.
            entry.cancel = await cancel({ idempotencyKey: `reuse:${orderId}`, orderId, lines: [{ lineNo: 1, quantity: 1 }], reason: 'first' });
            entry.cancelAgain = await cancel({ idempotencyKey: `reuse:${orderId}`, orderId, reason: 'everything' });
          })();
        });
      },
    });
    expect(run.result.violations).toEqual([]);
    expect(run.result.converged).toBe(true);
    expect(outcomes.length).toBe(10);
    for (const entry of outcomes) {
      expect(entry.place?.kind, entry.orderId).toBe('conflict');
      expect(entry.cancelAgain?.kind, entry.orderId).toBe('conflict');
      // The first order's quantities are untouched by the conflicting request.
      expect(JSON.stringify((run.world.orchestrator.view().order(entry.orderId)?.lines ?? []).map((line) => line.quantity)), entry.orderId).toBe(before.get(entry.orderId));
    }
    // One order.created per order; exactly the first cancel of each order (if accepted) was requested, never the conflicting one.
    expect(run.events.filter((event) => event.kind === 'order.created').length).toBe(80);
    for (const entry of outcomes) {
      const cancels = run.events.filter((event) => event.kind === 'order.cancel_requested' && event.orderId === entry.orderId);
      expect(cancels.length, entry.orderId).toBe(entry.cancel?.kind === 'accepted' ? 1 : 0);
      for (const cancel of cancels) expect(cancel.detail, entry.orderId).not.toContain('everything');
    }
  });
});
