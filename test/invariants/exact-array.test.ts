import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { appended, spliced } from '../../sim/invariants/exact-array.ts';

describe('appended', () => {
  it('is the array with the item at the end, a new array of exactly that length, the original untouched', () => {
    fc.assert(fc.property(fc.array(fc.oneof(fc.integer(), fc.string())), fc.integer(), (items, item) => {
      const before = [...items];
      const copy = appended(items, item);
      expect(copy).toEqual([...before, item]);
      expect(copy).toHaveLength(items.length + 1);
      expect(copy).not.toBe(items);
      expect(items).toEqual(before);
    }));
  });

  it('splices as a copy would: the items before, the inserted ones, the items after those removed', () => {
    const items = fc.array(fc.integer({ min: -5, max: 5 }), { maxLength: 12 });
    const cut = items.chain((list) => fc.tuple(fc.constant(list), fc.integer({ min: 0, max: list.length })).chain(([list, at]) => fc.tuple(fc.constant(list), fc.constant(at), fc.integer({ min: 0, max: list.length - at }))));
    fc.assert(fc.property(cut, fc.array(fc.integer(), { maxLength: 5 }), ([list, at, removed], inserted) => {
      const before = [...list];
      const copy = spliced(list, at, removed, inserted);
      expect(copy).toEqual([...list.slice(0, at), ...inserted, ...list.slice(at + removed)]);
      expect(copy).toHaveLength(list.length - removed + inserted.length);
      expect(list).toEqual(before);
    }), { numRuns: 2000 });
  });
});
