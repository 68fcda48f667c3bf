import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { ExceptionQueue, type ExceptionCategory, type ExceptionItem } from '../../orchestrator/exceptions/exception-queue.ts';
import type { CustomerTier } from '../../orchestrator/model/types.ts';
import { MemoryStore } from '../../sim/world/memory-store.ts';

const HOUR_MS = 3_600_000;
const CATEGORIES: readonly ExceptionCategory[] = ['LOST_ACK', 'LATE_CONFIRMATION', 'PHANTOM_HOLD', 'ORPHAN_HOLD', 'DOUBLE_DECREMENT', 'STALE_CANCEL', 'OVERSELL', 'MONEY_MISMATCH', 'UNROUTABLE', 'REROUTE_LIMIT', 'SYSTEM_UNREACHABLE', 'PROTOCOL_ERROR'];

/**
 * The SLA policy, stated as a table: money breaks (a customer charged wrongly, stock sold twice)
 * and VIP customers are P1 (4 h); orphan holds only block stock a while, P3 (72 h); the rest P2 (24 h).
 */
function expectedTier(category: ExceptionCategory, customer: CustomerTier): { tier: 'P1' | 'P2' | 'P3'; slaMs: number } {
  if (customer === 'VIP' || category === 'MONEY_MISMATCH' || category === 'OVERSELL') return { tier: 'P1', slaMs: 4 * HOUR_MS };
  if (category === 'ORPHAN_HOLD') return { tier: 'P3', slaMs: 72 * HOUR_MS };
  return { tier: 'P2', slaMs: 24 * HOUR_MS };
}

type Step =
  | { kind: 'open'; fo: number; category: ExceptionCategory; customer: CustomerTier; advanceMs: number }
  | { kind: 'resolve'; pick: number; advanceMs: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('open' as const), fo: fc.integer({ min: 0, max: 4 }), category: fc.constantFrom(...CATEGORIES), customer: fc.constantFrom<CustomerTier>('STANDARD', 'VIP'), advanceMs: fc.integer({ min: 0, max: 10 * HOUR_MS }) }),
  fc.record({ kind: fc.constant('resolve' as const), pick: fc.nat(), advanceMs: fc.integer({ min: 0, max: 10 * HOUR_MS }) }),
);

describe('exception queue, against a model', () => {
  it('one open item per (FO, category), tiers and due dates by policy, resolve closes it, open items in first-opened order', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        let now = 1_000_000;
        const queue = new ExceptionQueue(new MemoryStore(), { nowMs: () => now });
        // The model: open items in the order they were (re)opened.
        let open: ExceptionItem[] = [];
        for (const action of steps) {
          now += action.advanceMs;
          if (action.kind === 'open') {
            const foId = `FO-${action.fo}`;
            const already = open.find((item) => item.foId === foId && item.category === action.category);
            const item = queue.open({ orderId: `O-${action.fo}`, foId, category: action.category, detail: 'd', suggestedAction: 'retry', customerTier: action.customer, lastKnown: { pos: 'x' } });
            if (already !== undefined) {
              // A recurring break does not flood the queue: the open item is returned unchanged.
              expect(item).toEqual(already);
              continue;
            }
            const { tier, slaMs } = expectedTier(action.category, action.customer);
            expect(item).toMatchObject({ exceptionId: `EX-${foId}-${action.category}`, foId, orderId: `O-${action.fo}`, category: action.category, slaTier: tier, openedAtMs: now, dueAtMs: now + slaMs, status: 'OPEN', resolvedAtMs: null });
            open.push(item);
          } else {
            const target = open[action.pick % Math.max(1, open.length)];
            const resolved = queue.resolve(target?.exceptionId ?? 'EX-none', 'fixed');
            if (target === undefined) {
              expect(resolved).toBeUndefined();
              continue;
            }
            expect(resolved).toMatchObject({ exceptionId: target.exceptionId, status: 'RESOLVED', resolvedAtMs: now, resolution: 'fixed' });
            // Resolving twice changes nothing.
            expect(queue.resolve(target.exceptionId, 'again')).toBeUndefined();
            open = open.filter((item) => item !== target);
          }
          expect(queue.openItems()).toEqual(open);
          for (let fo = 0; fo <= 4; fo++) expect(queue.openFor(`FO-${fo}`)).toEqual(open.filter((item) => item.foId === `FO-${fo}`));
        }
      }),
    );
  });

  it("finds an FO's open items in queue order without reading the queue, ties included", () => {
    let now = 5_000;
    const store = new MemoryStore();
    const queue = new ExceptionQueue(store, { nowMs: () => now });
    const open = (foId: string, category: ExceptionCategory): ExceptionItem => queue.open({ orderId: 'O-1', foId, category, detail: '', suggestedAction: 'retry', customerTier: 'STANDARD', lastKnown: {} });
    // Opened in the same millisecond, against the categories' own order: the queue's order wins.
    open('FO-1', 'SYSTEM_UNREACHABLE');
    open('FO-1', 'LOST_ACK');
    now += 1;
    open('FO-1', 'DOUBLE_DECREMENT');
    open('FO-2', 'LOST_ACK');
    expect(queue.openFor('FO-1').map((item) => item.category)).toEqual(['SYSTEM_UNREACHABLE', 'LOST_ACK', 'DOUBLE_DECREMENT']);
    // Re-opened later, an item moves to the back of the queue, and of the FO's items.
    queue.resolve('EX-FO-1-SYSTEM_UNREACHABLE', 'retried');
    now += 1;
    open('FO-1', 'SYSTEM_UNREACHABLE');
    expect(queue.openFor('FO-1').map((item) => item.category)).toEqual(['LOST_ACK', 'DOUBLE_DECREMENT', 'SYSTEM_UNREACHABLE']);
    // Distinct times: found by id; the whole queue is not read.
    const read = vi.spyOn(store, 'values');
    expect(queue.openFor('FO-1').map((item) => item.category)).toEqual(['LOST_ACK', 'DOUBLE_DECREMENT', 'SYSTEM_UNREACHABLE']);
    expect(queue.openFor('FO-3')).toEqual([]);
    expect(read).not.toHaveBeenCalled();
  });

  it('survives a restart: a new queue on the same store sees the same open items', () => {
    const store = new MemoryStore();
    const clock = { nowMs: () => 5 };
    const first = new ExceptionQueue(store, clock);
    const item = first.open({ orderId: 'O-1', foId: 'FO-1', category: 'LOST_ACK', detail: 'no ack', suggestedAction: 'resync', customerTier: 'STANDARD', lastKnown: {} });
    expect(new ExceptionQueue(store, clock).openItems()).toEqual([item]);
  });
});
