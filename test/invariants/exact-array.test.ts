import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { appended } from '../../sim/invariants/exact-array.ts';

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
});
