import seedrandom from 'seedrandom';

/**
 * One seeded stream. Probabilities are integer ratios (`chance(1, 50)`), not floats, so a
 * scenario file states them exactly.
 */
export interface RandomStream {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, maxExclusive). */
  int(maxExclusive: number): number;
  /** Uniform integer in [min, max], both inclusive. */
  between(min: number, max: number): number;
  /** True with probability numerator/denominator. */
  chance(numerator: number, denominator: number): boolean;
  pick<T>(items: readonly T[]): T;
}

/** alea: 3-6 ns a number here, against 34 ns for seedrandom's default ARC4. */
function makeStream(seedText: string): RandomStream {
  const prng = seedrandom.alea(seedText);
  const next = (): number => prng();
  const int = (maxExclusive: number): number => {
    if (!Number.isSafeInteger(maxExclusive) || maxExclusive <= 0) throw new RangeError(`int() needs a positive whole bound, got ${maxExclusive}`);
    return Math.floor(prng() * maxExclusive);
  };
  return {
    next,
    int,
    between: (min, max) => min + int(max - min + 1),
    chance: (numerator, denominator) => {
      if (!Number.isSafeInteger(denominator) || denominator <= 0 || !Number.isSafeInteger(numerator) || numerator < 0 || numerator > denominator) {
        throw new RangeError(`chance(${numerator}, ${denominator}) is not a probability: expected whole numbers 0 <= numerator <= denominator`);
      }
      return int(denominator) < numerator;
    },
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new RangeError('pick() from an empty list');
      return items[int(items.length)] as T;
    },
  };
}

/**
 * Named random streams forked from the run seed. Each stream depends only on (seed, name), so
 * drawing more numbers from one subsystem never reshuffles another.
 */
export class RandomStreams {
  private readonly streams = new Map<string, RandomStream>();

  constructor(readonly seed: number) {}

  stream(name: string): RandomStream {
    let stream = this.streams.get(name);
    if (stream === undefined) {
      stream = makeStream(`converge:${this.seed}:${name}`);
      this.streams.set(name, stream);
    }
    return stream;
  }
}
