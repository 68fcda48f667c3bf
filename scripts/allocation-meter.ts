/**
 * Bytes a piece of work allocated on the V8 heap, estimated from V8's own GC statistics: what the
 * heap grew by between collections (used size before each GC less used size after the previous
 * one), plus the growth since the last. Objects that live and die between two collections are
 * counted, which the heap's size alone never shows; what is allocated outside the V8 heap
 * (Buffers, strings in external memory) is not.
 */
import { GCProfiler, getHeapStatistics } from 'node:v8';

export interface HeapSample {
  beforeGC: { heapStatistics: { usedHeapSize: number } };
  afterGC: { heapStatistics: { usedHeapSize: number } };
}

/** Pure: the estimate from the used heap at the start, each GC's before and after, and the used heap at the end. */
export function allocatedBytes(startUsed: number, collections: readonly HeapSample[], endUsed: number): number {
  let allocated = 0;
  let previous = startUsed;
  for (const gc of collections) {
    allocated += Math.max(0, gc.beforeGC.heapStatistics.usedHeapSize - previous);
    previous = gc.afterGC.heapStatistics.usedHeapSize;
  }
  return allocated + Math.max(0, endUsed - previous);
}

/** Runs `work` and returns its result with the bytes it allocated (see allocatedBytes). */
export async function measureAllocation<T>(work: () => Promise<T>): Promise<{ result: T; allocatedBytes: number }> {
  const profiler = new GCProfiler();
  profiler.start();
  const startUsed = getHeapStatistics().used_heap_size;
  const result = await work();
  const endUsed = getHeapStatistics().used_heap_size;
  const { statistics } = profiler.stop() as { statistics: HeapSample[] };
  return { result, allocatedBytes: allocatedBytes(startUsed, statistics, endUsed) };
}
