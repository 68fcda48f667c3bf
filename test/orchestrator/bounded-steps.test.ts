/**
 * Long work (a WMS document of hundreds of rows) is applied in bounded steps, each a transaction
 * that commits its items with how far the work got. One transaction for all of it never commits
 * in a process that keeps losing power inside it; in steps, power lost anywhere (inside a step,
 * or between two) costs at most the step it hit, and the next call goes on from there.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StorePort } from '../../orchestrator/ports.ts';
import { applyInSteps, pass, type BoundedWork } from '../../orchestrator/reference/bounded-steps.ts';
import { MemoryStore } from '../../sim/world/memory-store.ts';
import { countingStore } from './counting-store.ts';
import { expectGetsThroughPowerCuts, runWithPowerCuts } from './power-cuts.ts';

const PROGRESS = 'work-in-progress';

/** What the passes carry: the odd items of the first pass, for the second to settle. */
interface Carried {
  odd: number[];
}

/**
 * Pass 1 writes each item and counts it (an item applied twice shows in the count); pass 2 settles
 * what pass 1 carried; `finish` marks the work done. Every write is inside a step.
 */
function work(store: StorePort, items: number, itemsPerStep: number): BoundedWork<Carried, number> {
  const ids = Array.from({ length: items }, (_, index) => index);
  const count = (): void => store.put('applied', 'count', (store.get<number>('applied', 'count') ?? 0) + 1);
  return {
    store,
    namespace: PROGRESS,
    key: 'doc-1',
    itemsPerStep,
    start: () => ({ odd: [] }),
    fold: (carried, id) => carried.odd.push(id),
    passes: [
      pass(
        () => ids,
        (id: number, _carried, note: (odd: number) => void) => {
          store.put('effects', `row ${id}`, `row ${id}`);
          count();
          if (id % 2 === 1) note(id);
        },
      ),
      pass(
        (carried: Carried) => carried.odd,
        (id: number) => {
          store.put('effects', `settled ${id}`, `settled ${id}`);
          count();
        },
      ),
    ],
    finish: (carried) => store.put('effects', 'done', `done, ${carried.odd.length} settled`),
  };
}

/** What the work leaves on disk, in the order it was written. */
function outcome(disk: MemoryStore): { effects: unknown[]; applied: unknown; progress: unknown[] } {
  return { effects: [...disk.values('effects')], applied: disk.get<number>('applied', 'count') ?? 0, progress: [...disk.values(PROGRESS)] };
}

/** What the work must leave, written down independently of it: every row, then each odd one settled, then done. */
function expected(items: number): ReturnType<typeof outcome> {
  const rows = Array.from({ length: items }, (_, id) => `row ${id}`);
  const settled = Array.from({ length: items }, (_, id) => id).filter((id) => id % 2 === 1).map((id) => `settled ${id}`);
  return { effects: [...rows, ...settled, `done, ${settled.length} settled`], applied: rows.length + settled.length, progress: [] };
}

describe('applyInSteps', () => {
  it('commits a list longer than a step in steps of at most that many items, and forgets its progress at the end', () => {
    const disk = new MemoryStore();
    const { store, committed } = countingStore(disk);
    applyInSteps(work(store, 7, 3));
    // 7 rows and 3 settled odd ones: 10 items, 4 steps of 3, 3, 3 and 1 item (2 writes each),
    // each step but the last with its progress and, when it noted odd rows (the first two), its
    // notes; the last with `finish`, the progress and the two notes records deleted.
    expect(committed).toEqual([8, 8, 7, 6]);
    expect(outcome(disk)).toEqual(expected(7));
    expect(expected(7).effects).toEqual(['row 0', 'row 1', 'row 2', 'row 3', 'row 4', 'row 5', 'row 6', 'settled 1', 'settled 3', 'settled 5', 'done, 3 settled']);
  });

  it('writes no progress for work that fits in one step', () => {
    const disk = new MemoryStore();
    const { store, committed } = countingStore(disk);
    applyInSteps(work(store, 3, 50));
    expect(committed).toEqual([3 * 2 + 1 * 2 + 1]);
    expect(outcome(disk).progress).toEqual([]);
  });

  it('refuses a step of no items, which would never finish', () => {
    expect(() => applyInSteps(work(new MemoryStore(), 3, 0))).toThrow(RangeError);
  });

  it('gets through a list that one transaction would never get through, however often the power goes', () => {
    // Power lost after every 20th write: 30 items of 2 writes each are 60 writes in one step, torn every time.
    const disk = new MemoryStore();
    expectGetsThroughPowerCuts(disk, 20, (store) => applyInSteps(work(store, 30, 5)));
    expect(outcome(disk)).toEqual(expected(30));
  });

  it('ends as if never interrupted, each item applied once and in order, wherever the power goes (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 1, max: 12 }),
        fc.uniqueArray(fc.integer({ min: 1, max: 200 }), { maxLength: 6 }),
        fc.uniqueArray(fc.integer({ min: 1, max: 40 }), { maxLength: 4 }),
        (items, itemsPerStep, cuts, killedBefore) => {
          const disk = new MemoryStore();
          runWithPowerCuts(disk, { cutAfter: (write) => cuts.includes(write), killedBefore: new Set(killedBefore) }, (store) => applyInSteps(work(store, items, itemsPerStep)));
          expect(outcome(disk)).toEqual(expected(items));
        },
      ),
    );
  });
});
