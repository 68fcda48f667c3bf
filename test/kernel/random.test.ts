import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RandomStreams, type RandomStream } from '../../sim/kernel/random.ts';

const NAMES = ['workload.orders', 'pos.s1', 'wms', 'fault.pos-timeout', 'network'] as const;
type Name = (typeof NAMES)[number];

type Method = 'next' | 'int' | 'between' | 'chance' | 'pick';
const METHODS: readonly Method[] = ['next', 'int', 'between', 'chance', 'pick'];
const PICK_FROM = ['a', 'b', 'c', 'd', 'e', 'f', 'g'] as const;

interface Draw {
  name: Name;
  method: Method;
}

/** One draw of each kind, with fixed arguments so the same call sequence gives comparable output. */
function draw(stream: RandomStream, method: Method): number | boolean | string {
  switch (method) {
    case 'next':
      return stream.next();
    case 'int':
      return stream.int(1000);
    case 'between':
      return stream.between(-5, 5);
    case 'chance':
      return stream.chance(1, 3);
    case 'pick':
      return stream.pick(PICK_FROM);
    default: {
      const unreachable: never = method;
      throw new Error(`unhandled method ${String(unreachable)}`);
    }
  }
}

const seedArb = fc.integer({ min: 0, max: 2 ** 31 - 1 });
const drawArb: fc.Arbitrary<Draw> = fc.record({ name: fc.constantFrom(...NAMES), method: fc.constantFrom(...METHODS) });

/** Runs an interleaving of draws; returns each stream's outputs in order. */
function runInterleaving(seed: number, draws: readonly Draw[]): Map<Name, (number | boolean | string)[]> {
  const streams = new RandomStreams(seed);
  const out = new Map<Name, (number | boolean | string)[]>(NAMES.map((name) => [name, []]));
  for (const { name, method } of draws) out.get(name)?.push(draw(streams.stream(name), method));
  return out;
}

describe('RandomStreams', () => {
  it('each stream depends only on (seed, name): any interleaving gives each stream the sequence it has alone', () => {
    fc.assert(
      fc.property(seedArb, fc.array(drawArb, { maxLength: 200 }), (seed, draws) => {
        const together = runInterleaving(seed, draws);
        for (const name of NAMES) {
          const alone = runInterleaving(
            seed,
            draws.filter((d) => d.name === name),
          );
          expect(together.get(name)).toEqual(alone.get(name));
        }
      }),
    );
  });

  it('adding draws to one stream leaves every other stream unchanged', () => {
    const extraArb = fc.record({ position: fc.nat(), method: fc.constantFrom(...METHODS) });
    fc.assert(
      fc.property(
        seedArb,
        fc.array(drawArb, { maxLength: 150 }),
        fc.constantFrom(...NAMES),
        fc.array(extraArb, { minLength: 1, maxLength: 30 }),
        (seed, draws, noisy, extras) => {
          const withExtras = [...draws];
          for (const extra of extras) {
            withExtras.splice(extra.position % (withExtras.length + 1), 0, { name: noisy, method: extra.method });
          }
          const before = runInterleaving(seed, draws);
          const after = runInterleaving(seed, withExtras);
          for (const name of NAMES) {
            if (name !== noisy) expect(after.get(name)).toEqual(before.get(name));
          }
        },
      ),
    );
  });

  it('returns the same stream object for the same name', () => {
    const streams = new RandomStreams(7);
    expect(streams.stream('pos')).toBe(streams.stream('pos'));
  });

  it('same seed and name give the same sequence across instances', () => {
    fc.assert(
      fc.property(seedArb, fc.string(), (seed, name) => {
        const a = new RandomStreams(seed).stream(name);
        const b = new RandomStreams(seed).stream(name);
        const seqA = Array.from({ length: 20 }, () => a.next());
        const seqB = Array.from({ length: 20 }, () => b.next());
        expect(seqA).toEqual(seqB);
      }),
    );
  });

  it('different names give different sequences', () => {
    fc.assert(
      fc.property(seedArb, fc.string(), fc.string(), (seed, nameA, nameB) => {
        fc.pre(nameA !== nameB);
        const streams = new RandomStreams(seed);
        const a = streams.stream(nameA);
        const b = streams.stream(nameB);
        const seqA = Array.from({ length: 8 }, () => a.next());
        const seqB = Array.from({ length: 8 }, () => b.next());
        expect(seqA).not.toEqual(seqB);
      }),
    );
  });

  it('different seeds give different sequences for the same name', () => {
    fc.assert(
      fc.property(seedArb, seedArb, fc.constantFrom(...NAMES), (seedA, seedB, name) => {
        fc.pre(seedA !== seedB);
        const a = new RandomStreams(seedA).stream(name);
        const b = new RandomStreams(seedB).stream(name);
        expect(Array.from({ length: 8 }, () => a.next())).not.toEqual(Array.from({ length: 8 }, () => b.next()));
      }),
    );
  });

  describe('RandomStream draws', () => {
    it('next() is in [0, 1)', () => {
      fc.assert(
        fc.property(seedArb, fc.string(), (seed, name) => {
          const stream = new RandomStreams(seed).stream(name);
          for (let i = 0; i < 50; i++) {
            const x = stream.next();
            expect(x).toBeGreaterThanOrEqual(0);
            expect(x).toBeLessThan(1);
          }
        }),
      );
    });

    it('int(n) is an integer in [0, n) for any positive integer n', () => {
      fc.assert(
        fc.property(seedArb, fc.oneof(fc.integer({ min: 1, max: 10 }), fc.integer({ min: 1, max: 2 ** 31 })), (seed, n) => {
          const stream = new RandomStreams(seed).stream('int');
          for (let i = 0; i < 50; i++) {
            const x = stream.int(n);
            expect(Number.isInteger(x)).toBe(true);
            expect(x).toBeGreaterThanOrEqual(0);
            expect(x).toBeLessThan(n);
          }
        }),
      );
    });

    it('int(1) is always 0, and int() reaches every value of a small range', () => {
      const stream = new RandomStreams(3).stream('coverage');
      for (let i = 0; i < 20; i++) expect(stream.int(1)).toBe(0);
      const seen = new Set<number>();
      for (let i = 0; i < 500; i++) seen.add(stream.int(6));
      expect([...seen].sort()).toEqual([0, 1, 2, 3, 4, 5]);
    });

    it('int() rejects a bound that is not positive', () => {
      const stream = new RandomStreams(1).stream('bad');
      for (const bound of [0, -1, -0.5, Number.NaN, Number.NEGATIVE_INFINITY]) {
        expect(() => stream.int(bound)).toThrow(RangeError);
      }
    });

    it('int() rejects an infinite bound', () => {
      const stream = new RandomStreams(1).stream('bad');
      expect(() => stream.int(Number.POSITIVE_INFINITY)).toThrow();
    });

    it('between(min, max) is an integer in [min, max], both inclusive', () => {
      fc.assert(
        fc.property(seedArb, fc.integer({ min: -1000, max: 1000 }), fc.nat(50), (seed, min, width) => {
          const stream = new RandomStreams(seed).stream('between');
          const max = min + width;
          for (let i = 0; i < 30; i++) {
            const x = stream.between(min, max);
            expect(Number.isInteger(x)).toBe(true);
            expect(x).toBeGreaterThanOrEqual(min);
            expect(x).toBeLessThanOrEqual(max);
          }
        }),
      );
    });

    it('pick() returns an element of the list, and rejects an empty list', () => {
      fc.assert(
        fc.property(seedArb, fc.array(fc.integer(), { minLength: 1, maxLength: 20 }), (seed, items) => {
          const stream = new RandomStreams(seed).stream('pick');
          for (let i = 0; i < 20; i++) expect(items).toContain(stream.pick(items));
        }),
      );
      expect(() => new RandomStreams(1).stream('pick').pick([])).toThrow(RangeError);
    });

    it('chance(0, d) is never true and chance(d, d) always true', () => {
      fc.assert(
        fc.property(seedArb, fc.integer({ min: 1, max: 1_000_000 }), (seed, d) => {
          const stream = new RandomStreams(seed).stream('chance');
          for (let i = 0; i < 30; i++) {
            expect(stream.chance(0, d)).toBe(false);
            expect(stream.chance(d, d)).toBe(true);
          }
        }),
      );
    });

    it('chance(n, d) is sometimes true and sometimes false for 0 < n < d', () => {
      const stream = new RandomStreams(11).stream('chance-mix');
      const outcomes = Array.from({ length: 400 }, () => stream.chance(1, 4));
      const trues = outcomes.filter(Boolean).length;
      expect(trues).toBeGreaterThan(50); // expected 100; 50..150 is far beyond 5 sigma
      expect(trues).toBeLessThan(150);
    });

    it('chance() rejects ratios that are not probabilities', () => {
      const stream = new RandomStreams(1).stream('bad-chance');
      const bad: [number, number][] = [
        [1, 0],
        [0, 0],
        [1, -3],
        [-1, 3],
        [1, Number.NaN],
      ];
      for (const [n, d] of bad) {
        expect(() => stream.chance(n, d), `chance(${n}, ${d})`).toThrow(/is not a probability/);
      }
    });

    it('chance() rejects a NaN numerator', () => {
      expect(() => new RandomStreams(1).stream('bad-chance').chance(Number.NaN, 3)).toThrow();
    });

    it('chance() rejects non-integer ratios', () => {
      expect(() => new RandomStreams(1).stream('bad-chance').chance(1.5, 3)).toThrow();
    });
  });
});
