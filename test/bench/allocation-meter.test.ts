import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocatedBytes, measureAllocation, type HeapSample } from '../../scripts/allocation-meter.ts';

const gc = (before: number, after: number): HeapSample => ({ beforeGC: { heapStatistics: { usedHeapSize: before } }, afterGC: { heapStatistics: { usedHeapSize: after } } });

describe('allocation meter', () => {
  it('adds what the heap grew by between collections, and since the last one', () => {
    // 100 at the start; grows to 400, collected to 150; grows to 300, collected to 120; ends at 200.
    expect(allocatedBytes(100, [gc(400, 150), gc(300, 120)], 200)).toBe(300 + 150 + 80);
    expect(allocatedBytes(100, [], 250)).toBe(150);
  });

  it('is never negative and never less than the growth since the last collection', () => {
    fc.assert(
      fc.property(fc.nat(1e9), fc.array(fc.tuple(fc.nat(1e9), fc.nat(1e9)), { maxLength: 20 }), fc.nat(1e9), (start, pairs, end) => {
        const collections = pairs.map(([before, after]) => gc(before, after));
        const total = allocatedBytes(start, collections, end);
        const last = collections.at(-1)?.afterGC.heapStatistics.usedHeapSize ?? start;
        expect(total).toBeGreaterThanOrEqual(Math.max(0, end - last));
      }),
    );
  });

  it('sees the garbage a piece of work makes, not only what it keeps', async () => {
    const { result, allocatedBytes: bytes } = await measureAllocation(async () => {
      let kept = 0;
      // About 50 MB of short-lived arrays: none survives, so the heap's size alone would show little.
      for (let round = 0; round < 50; round++) kept += new Array(128 * 1024).fill(round).length;
      return kept;
    });
    expect(result).toBe(50 * 128 * 1024);
    expect(bytes).toBeGreaterThan(20 * 2 ** 20);
  });
});
