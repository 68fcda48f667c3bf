import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyOnce, NONE_APPLIED, type AppliedSequences } from '../../sim/invariants/applied-sequences.ts';

/** The rule written plainly: applied 1..through, and every sequence seen beyond it in a set. */
function plainFirstTime(seen: { through: number; beyond: Set<number> }, sequence: number): boolean {
  if (sequence <= seen.through || seen.beyond.has(sequence)) return false;
  seen.beyond.add(sequence);
  while (seen.beyond.delete(seen.through + 1)) seen.through++;
  return true;
}

const sequence = fc.oneof({ weight: 8, arbitrary: fc.integer({ min: -1, max: 12 }) }, { weight: 1, arbitrary: fc.constantFrom(0.5, 2.5, Number.NaN, Number.POSITIVE_INFINITY, -0, 2 ** 60) });

describe('applied sequences kept as runs', () => {
  it('answers first-or-not exactly as a set of every sequence seen would', () => {
    fc.assert(
      fc.property(fc.array(sequence, { maxLength: 40 }), (sequences) => {
        const plain = { through: 0, beyond: new Set<number>() };
        let runs: AppliedSequences = NONE_APPLIED;
        for (const next of sequences) {
          const applied = applyOnce(runs, next);
          runs = applied ?? runs;
          expect(applied !== undefined).toBe(plainFirstTime(plain, next));
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('is a single number while nothing is missing, whatever order the run came in', () => {
    let applied: AppliedSequences = NONE_APPLIED;
    for (const next of [3, 1, 5, 2, 4]) applied = applyOnce(applied, next) ?? applied;
    expect(applied).toBe(5);
  });
});
