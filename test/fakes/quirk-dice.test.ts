/**
 * QuirkDice.firesSpread: `k` of every `n` chances, exactly, at seeded places. The once-a-night
 * quirks (skipped nights, phantom ACKs, late re-exports) use it so a run with `n` nights always
 * sees them; the gate calls a run whose planned fault never fired vacuous.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { QuirkDice } from '../../legacy-fakes/quirk-dice.ts';
import type { Ratio } from '../../legacy-fakes/http.ts';
import { TestEnv } from './test-env.ts';

function spreadDraws(seed: number, ratio: Ratio, chances: number): boolean[] {
  const dice = new QuirkDice<'night'>(new TestEnv(0, seed), 'test');
  return Array.from({ length: chances }, () => dice.firesSpread('night', ratio));
}

const ratios = fc.integer({ min: 1, max: 12 }).chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n)));

describe('QuirkDice.firesSpread', () => {
  it('fires exactly k times in every block of n chances, the same places for the same seed (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), ratios, fc.integer({ min: 1, max: 5 }), (seed, ratio, blocks) => {
        const [k, n] = ratio;
        const draws = spreadDraws(seed, ratio, n * blocks);
        for (let block = 0; block < blocks; block += 1) {
          expect(draws.slice(block * n, (block + 1) * n).filter(Boolean)).toHaveLength(k);
        }
        expect(spreadDraws(seed, ratio, n * blocks)).toEqual(draws);
      }),
    );
  });

  it('moves the places from block to block and from seed to seed', () => {
    const places = (seed: number): string => spreadDraws(seed, [1, 8], 80).map((fires) => (fires ? 'x' : '.')).join('');
    const one = places(1);
    const blocks = new Set(one.match(/.{8}/g));
    expect(blocks.size).toBeGreaterThan(1);
    expect(places(2)).not.toBe(one);
  });

  it('costs memory in k, not n: a one-in-a-billion ratio draws at once', () => {
    const draws = spreadDraws(3, [1, 1_000_000_000], 1000);
    expect(draws.filter(Boolean).length).toBeLessThanOrEqual(1);
    expect(spreadDraws(3, [999_999_999, 1_000_000_000], 1000).filter(Boolean).length).toBeGreaterThanOrEqual(999);
  });

  it('never fires a quirk that is not configured or has numerator 0', () => {
    const dice = new QuirkDice<'night'>(new TestEnv(0, 1), 'test');
    expect([dice.firesSpread('night', undefined), dice.firesSpread('night', [0, 1])]).toEqual([false, false]);
  });
});
