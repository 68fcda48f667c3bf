import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { OrderView } from '../../orchestrator/plugin.ts';
import type { PublishedEvent } from '../../orchestrator/ports.ts';
import { eventSequenceChecker } from '../../sim/invariants/event-sequence.ts';
import { checkContextOf } from './check-context.ts';
import { feed, published } from './published.ts';

const NAME = 'events.per-aggregate-sequence';

/** Orders o0..o5 exist in the view (a finding names the order); anything else is a node's event. */
const ORDERS: OrderView[] = Array.from({ length: 6 }, (_, n) => ({ orderId: `o${n}`, payment: null, channel: 'web', channelOrderId: String(n), status: 'OPEN', closed: false, fulfillmentOrders: [] }));

function run(events: readonly PublishedEvent[]): ReturnType<typeof feed> {
  return feed(eventSequenceChecker, checkContextOf({ orders: ORDERS }).context, events);
}

/** Aggregate `A<n>` with `length` events, payloads telling them apart. */
function stream(n: number, length: number): PublishedEvent[] {
  return Array.from({ length }, (_, i) => published('fo.transitioned', `A${n}`, i + 1, `o${n}`, { step: i + 1 }));
}

/**
 * Several aggregates' streams, each in order, interleaved as a relay might publish them. Returns
 * the interleaving (as indexes into the flat list of all events).
 */
const interleaved = fc
  .array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 4 })
  .chain((lengths) => {
    const streams = lengths.map((length, n) => stream(n, length));
    const picks = fc.array(fc.nat({ max: lengths.length - 1 }), { minLength: lengths.reduce((a, b) => a + b, 0) * 2, maxLength: lengths.reduce((a, b) => a + b, 0) * 2 });
    return picks.map((order) => {
      const cursors = streams.map(() => 0);
      const out: PublishedEvent[] = [];
      for (const pick of order) {
        for (let tries = 0; tries < streams.length; tries++) {
          const n = (pick + tries) % streams.length;
          const next = streams[n]?.[cursors[n] as number];
          if (next === undefined) continue;
          out.push(next);
          cursors[n] = (cursors[n] as number) + 1;
          break;
        }
      }
      return out;
    });
  });

describe('published events per aggregate: no gap, in order, a redelivery only as the same event', () => {
  it('passes any interleaving of in-order streams, with identical redeliveries anywhere after the original (at least once)', () => {
    fc.assert(
      fc.property(interleaved, fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 5 }), (events, redeliveries) => {
        const withRepeats = [...events];
        for (const [which, where] of redeliveries) {
          const event = events[which % events.length] as PublishedEvent;
          const original = withRepeats.indexOf(event);
          withRepeats.splice(original + 1 + (where % (withRepeats.length - original)), 0, event);
        }
        expect(run(withRepeats)).toEqual([]);
      }),
    );
  });

  it('names the event lost for good: a dropped event followed by a later one of its aggregate is a gap at the end', () => {
    fc.assert(
      fc.property(interleaved, fc.nat(), (events, pick) => {
        const dropped = events[pick % events.length] as PublishedEvent;
        const later = events.some((event) => event.aggregateId === dropped.aggregateId && event.sequence > dropped.sequence);
        const findings = run(events.filter((event) => event !== dropped));
        if (!later) {
          // The last event of an aggregate lost leaves no trace in the stream: not visible here (the projection sees it).
          expect(findings).toEqual([]);
          return;
        }
        expect(findings.map((f) => [f.invariant, f.orderId])).toEqual([[NAME, dropped.correlationId]]);
        expect(findings[0]?.detail).toContain(`${dropped.eventId} was never published`);
      }),
    );
  });

  it('names an event published after a later one of its aggregate, at the event that jumped ahead', () => {
    fc.assert(
      fc.property(interleaved, fc.nat(), (events, pick) => {
        const first = events[pick % events.length] as PublishedEvent;
        const nextIndex = events.findIndex((event) => event.aggregateId === first.aggregateId && event.sequence === first.sequence + 1);
        fc.pre(nextIndex >= 0);
        const swapped = events.filter((event) => event !== first);
        const jumpAt = swapped.indexOf(events[nextIndex] as PublishedEvent);
        swapped.splice(jumpAt + 1, 0, first);
        const findings = run(swapped);
        expect(findings.map((f) => f.invariant)).toEqual([NAME]);
        expect(findings[0]?.detail).toContain(`${first.eventId} (fo.transitioned) published after ${first.aggregateId}#${first.sequence + 1}`);
        expect(findings[0]?.firstBadEvent?.index).toBe(jumpAt);
      }),
    );
  });

  it('names a redelivery that is not the same event: another payload, or another event id under the sequence', () => {
    const [one, two] = stream(1, 2) as [PublishedEvent, PublishedEvent];
    const changed = { ...one, payload: { step: 99 } };
    expect(run([one, two, changed]).map((f) => f.detail)).toEqual(['A1#1 published again (fo.transitioned) with a different payload or order: a consumer keeps the first and never sees this one']);
    const renamed = { ...one, eventId: 'A1/1' };
    expect(run([one, two, renamed]).map((f) => f.detail)).toEqual(['A1 sequence 1 published as A1#1, then again as A1/1 (fo.transitioned): two events under one sequence']);
  });

  it('names no order for a node\'s events (a DC\'s releases)', () => {
    const releases = [1, 3].map((sequence) => published('release.sent', 'DC1:release', sequence, 'DC1'));
    expect(run(releases).map((f) => [f.orderId, f.detail])).toEqual([['', 'DC1:release#2 was never published, though DC1:release#3 was (event 1): a consumer waits for it forever or misses it']]);
  });

  it('takes any event ids a plugin chooses, as long as each sequence keeps one, and refuses sequences that are not whole numbers from 1', () => {
    const odd = [1, 2].map((sequence) => ({ ...published('order.created', 'o7', sequence, 'o7'), eventId: `o7:${sequence}:created` }));
    expect(run([...odd, odd[0] as PublishedEvent])).toEqual([]);
    expect(run([published('order.created', 'o8', 0, 'o8')]).map((f) => f.detail)).toEqual(['o8#0 (order.created) of o8 has sequence 0: sequences are whole numbers from 1']);
  });
});
