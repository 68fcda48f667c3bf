import { describe, expect, it } from 'vitest';
import { Outbox } from '../../orchestrator/outbox/outbox.ts';
import type { PublishedEvent, TimersPort } from '../../orchestrator/ports.ts';
import { MemoryStore } from '../../sim/world/memory-store.ts';

function event(n: number): PublishedEvent {
  return { eventId: `o1#${n}`, type: 'fo.transitioned', aggregateId: 'o1', sequence: n, occurredAtMs: n, source: 'test', correlationId: 'o1', schemaVersion: 1, payload: { n } };
}

/** A consumer that de-duplicates by event id, as the outbox's contract asks of consumers. */
class Consumer {
  readonly seen = new Set<string>();
  applied: number[] = [];
  deliveries = 0;
  publish = (published: PublishedEvent): void => {
    this.deliveries++;
    if (this.seen.has(published.eventId)) return;
    this.seen.add(published.eventId);
    this.applied.push(published.sequence);
  };
}

describe('incident 9: the outbox relay crashes after publishing, before marking sent', () => {
  it('publishes the event again after the restart (at least once) and the consumer applies each event id once, in order', () => {
    const store = new MemoryStore();
    const timers: TimersPort = { setTimer: () => ({ cancel: () => undefined }), sleep: async () => undefined };
    const consumer = new Consumer();
    const before = new Outbox(store, timers, { publish: consumer.publish });
    for (let n = 1; n <= 5; n++) before.add(event(n));
    // The process dies right after event 3 went out, before its delete committed.
    before.relay((published) => published.sequence === 3);
    expect(consumer.deliveries).toBe(3);
    expect(before.depth).toBe(3); // 3, 4 and 5 are still stored
    const after = new Outbox(store, timers, { publish: consumer.publish });
    after.resume();
    after.relay();
    expect(consumer.deliveries).toBe(6); // event 3 went out twice
    expect(consumer.applied).toEqual([1, 2, 3, 4, 5]);
    expect(after.depth).toBe(0);
    // Nothing left: a third relay publishes nothing.
    after.relay();
    expect(consumer.deliveries).toBe(6);
  });
});
