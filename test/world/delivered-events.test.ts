import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DeliveredEvents } from '../../sim/world/delivered-events.ts';

const event = (aggregateId: string, sequence: number, eventId = `${aggregateId}#${sequence}`) => ({ eventId, aggregateId, sequence });

describe('DeliveredEvents', () => {
  it('tells a redelivery from a first delivery, in and out of sequence', () => {
    const delivered = new DeliveredEvents();
    expect(delivered.receive(event('FO-1', 1))).toBe(true);
    expect(delivered.receive(event('FO-1', 3))).toBe(true);
    expect(delivered.receive(event('FO-1', 1))).toBe(false);
    expect(delivered.receive(event('FO-1', 2))).toBe(true);
    expect(delivered.receive(event('FO-1', 3))).toBe(false);
    expect(delivered.receive(event('FO-1', 4))).toBe(true);
  });

  it('keeps ids that are not canonical whole, and knows a canonical id sent under another aggregate', () => {
    const delivered = new DeliveredEvents();
    expect(delivered.receive(event('A', 1))).toBe(true);
    expect(delivered.receive(event('B', 7, 'A#1'))).toBe(false);
    expect(delivered.receive(event('B', 1, 'evt-1'))).toBe(true);
    expect(delivered.receive(event('B', 1, 'evt-1'))).toBe(false);
    expect(delivered.receive(event('A', 2, 'A#02'))).toBe(true);
    expect(delivered.receive(event('A', 2))).toBe(true);
  });

  it('answers as a set of every id received would, for any stream of events', () => {
    const aggregate = fc.constantFrom('A', 'B', 'X#1');
    const anEvent = fc.oneof(
      fc.record({ aggregateId: aggregate, sequence: fc.integer({ min: 1, max: 6 }) }).map(({ aggregateId, sequence }) => event(aggregateId, sequence)),
      fc.record({ aggregateId: aggregate, sequence: fc.integer({ min: -1, max: 6 }), eventId: fc.constantFrom('A#1', 'A#2', 'B#1', 'X#1#1', 'odd', 'A#01', 'A#0', 'A#') }),
    );
    fc.assert(fc.property(fc.array(anEvent, { maxLength: 40 }), (events) => {
      const delivered = new DeliveredEvents();
      const seen = new Set<string>();
      for (const e of events) {
        expect(delivered.receive(e)).toBe(!seen.has(e.eventId));
        seen.add(e.eventId);
      }
    }));
  });
});
