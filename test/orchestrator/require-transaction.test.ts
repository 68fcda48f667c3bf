/**
 * A change to an order or an FO, an event's outbox entry and an inbox record must each commit
 * with the step that caused them: written outside a transaction, they are what a crash tears.
 * The repository, the publisher and the inbox refuse such a write at once, so the step that
 * forgot its transaction fails in any run, not only in the one whose crash lands there.
 */
import { describe, expect, it } from 'vitest';
import { EventPublisher } from '../../orchestrator/model/events.ts';
import type { FulfillmentOrder, Order } from '../../orchestrator/model/types.ts';
import { Outbox } from '../../orchestrator/outbox/outbox.ts';
import type { TimersPort } from '../../orchestrator/ports.ts';
import { storeInbox } from '../../orchestrator/reference/parts.ts';
import { Repository } from '../../orchestrator/reference/repository.ts';
import { NoTransactionError } from '../../orchestrator/store/require-transaction.ts';
import { MemoryStore } from '../../sim/world/memory-store.ts';

const timers: TimersPort = { setTimer: () => ({ cancel: () => undefined }), sleep: async () => undefined };

function setUp(): { store: MemoryStore; repo: Repository; publisher: EventPublisher } {
  const store = new MemoryStore();
  const publisher = new EventPublisher(new Outbox(store, timers, { publish: () => undefined }), { nowMs: () => 0 }, store);
  return { store, repo: new Repository(store), publisher };
}

describe('writes that must commit with their step', () => {
  it('are refused outside a transaction, naming what was written, and nothing of them is stored', () => {
    const { store, repo, publisher } = setUp();
    const inbox = storeInbox(store);
    expect(() => repo.putOrder({ orderId: 'o1' } as Order)).toThrow(new NoTransactionError('order o1 written outside a transaction: it must commit with the change that caused it (wrap the step in store.transaction)'));
    expect(() => repo.putFo({ foId: 'f1' } as FulfillmentOrder)).toThrow(/^fulfillment order f1 written outside a transaction/);
    expect(() => publisher.publish('order.created', 'o1', 'o1', 'test', {})).toThrow(/^event order\.created of o1 published outside a transaction/);
    expect(() => inbox.record('inbox', 'DC1:ACK:7', 1)).toThrow(/^inbox record inbox\/DC1:ACK:7 outside a transaction/);
    expect([...store.values('orders')]).toEqual([]);
    expect([...store.values('outbox')]).toEqual([]);
    expect(store.get('event-seq', 'o1')).toBeUndefined();
    expect(inbox.seen('inbox', 'DC1:ACK:7')).toBe(false);
  });

  it('are taken inside one, and commit together', () => {
    const { store, repo, publisher } = setUp();
    store.transaction(() => {
      repo.putOrder({ orderId: 'o1' } as Order);
      publisher.publish('order.created', 'o1', 'o1', 'test', {});
      storeInbox(store).record('inbox', 'DC1:ACK:7', 1);
    });
    expect(repo.order('o1')).toEqual({ orderId: 'o1' });
    expect([...store.values<{ eventId: string }>('outbox')].map((event) => event.eventId)).toEqual(['o1#1']);
    expect(storeInbox(store).seen('inbox', 'DC1:ACK:7')).toBe(true);
  });
});
