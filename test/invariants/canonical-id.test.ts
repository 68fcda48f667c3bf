import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCanonicalId } from '../../sim/invariants/canonical-id.ts';

/** The plain meaning: the id is the aggregate, `#`, then the sequence as JavaScript writes it, for a whole sequence from 1. */
const plain = (eventId: string, aggregateId: string, sequence: number): boolean => Number.isSafeInteger(sequence) && sequence >= 1 && eventId === `${aggregateId}#${sequence}`;

describe('isCanonicalId', () => {
  it('reads the canonical spelling only', () => {
    expect(isCanonicalId('FO-1#7', 'FO-1', 7)).toBe(true);
    expect(isCanonicalId('FO-1#07', 'FO-1', 7)).toBe(false);
    expect(isCanonicalId('FO-1#7', 'FO-1', 8)).toBe(false);
    expect(isCanonicalId('FO-2#7', 'FO-1', 7)).toBe(false);
    expect(isCanonicalId('FO-1#0', 'FO-1', 0)).toBe(false);
    expect(isCanonicalId('FO-1#1.5', 'FO-1', 1.5)).toBe(false);
    expect(isCanonicalId(`A#${Number.MAX_SAFE_INTEGER}`, 'A', Number.MAX_SAFE_INTEGER)).toBe(true);
  });

  it('agrees with comparing to the text `<aggregate>#<sequence>`, for any id, aggregate and sequence', () => {
    const aggregate = fc.oneof(fc.constantFrom('A', 'FO-1', 'X#1', ''), fc.string({ maxLength: 6 }));
    const sequence = fc.oneof(fc.integer({ min: -2, max: 120 }), fc.constantFrom(0.5, Number.NaN, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 2, 1e21));
    const eventFor = fc.tuple(aggregate, sequence).chain(([aggregateId, seq]) =>
      fc.tuple(fc.constant(aggregateId), fc.constant(seq), fc.oneof(fc.constant(`${aggregateId}#${seq}`), fc.constant(`${aggregateId}#0${seq}`), fc.constant(`${aggregateId}#${seq + 1}`), fc.string({ maxLength: 8 }))),
    );
    fc.assert(fc.property(eventFor, ([aggregateId, seq, eventId]) => {
      expect(isCanonicalId(eventId, aggregateId, seq)).toBe(plain(eventId, aggregateId, seq));
    }), { numRuns: 2000 });
  });
});
