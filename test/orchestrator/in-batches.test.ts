import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inBatches } from '../../orchestrator/store/in-batches.ts';
import { MemoryStore } from '../../sim/world/memory-store.ts';
import { countingStore } from './counting-store.ts';

describe('inBatches', () => {
  it('covers the items in order, in ceil(n / bound) transactions of at most the bound, marking the first and last', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 40 }), fc.integer({ min: 1, max: 9 }), fc.boolean(), (items, bound, evenIfEmpty) => {
        const { store, committed } = countingStore(new MemoryStore());
        const seen: number[] = [];
        const marks: { first: boolean; last: boolean }[] = [];
        inBatches(store, items, bound, 'bound', (batch, at) => {
          expect(store.inTransaction()).toBe(true);
          expect(batch.length).toBeLessThanOrEqual(bound);
          seen.push(...batch);
          marks.push(at);
        }, { evenIfEmpty });
        expect(seen).toEqual(items);
        const expected = items.length === 0 ? (evenIfEmpty ? 1 : 0) : Math.ceil(items.length / bound);
        expect(committed).toHaveLength(expected);
        if (expected > 0) {
          expect(marks.map((m) => m.first)).toEqual(marks.map((_, i) => i === 0));
          expect(marks.map((m) => m.last)).toEqual(marks.map((_, i) => i === expected - 1));
        }
      }),
    );
    expect(() => inBatches(new MemoryStore(), [1], 0, 'perStep', () => undefined)).toThrow(/perStep must be a whole number of at least 1, got 0/);
  });
});
