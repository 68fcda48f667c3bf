/**
 * Seeded draws for one fake's quirks: each quirk draws from its own stream (`<prefix>.<name>`),
 * opened on first use, so turning one quirk on never reshuffles another. A quirk that is not
 * configured, or whose numerator is 0, answers "no" without opening or touching any stream: a
 * run without quirks draws exactly what it drew before quirks existed.
 */
import type { FakeEnv, FakeRandom } from './env.ts';
import type { Ratio } from './http.ts';

/** Where a spread quirk stands in its current block of `n` opportunities. */
interface SpreadBlock {
  index: number;
  /** The places drawn: those that fire, or with `complement` those that do not. */
  places: { drawn: Set<number>; complement: boolean };
}

export class QuirkDice<Name extends string> {
  private readonly streams = new Map<Name, FakeRandom>();
  private readonly blocks = new Map<Name, SpreadBlock>();

  /** `streamPrefix` names the streams: `payment` gives `payment.lost_request`. */
  constructor(
    private readonly env: FakeEnv,
    private readonly streamPrefix: string,
  ) {}

  /** True if the quirk fires this time. Draws only when it can fire. */
  fires(name: Name, ratio: Ratio | undefined): boolean {
    if (ratio === undefined || ratio[0] === 0) return false;
    return this.stream(name).chance(ratio[0], ratio[1]);
  }

  /**
   * As `fires`, for a quirk with few chances a run (one a night): `[k, n]` fires on exactly `k`
   * of every `n` consecutive chances, at places drawn when each block of `n` begins. Same rate
   * as `fires`, but a run with `n` chances always sees it: an independent draw a night leaves a
   * four-night run without a 1-in-2 skipped night one seed in sixteen, and the gate calls that
   * run vacuous.
   */
  firesSpread(name: Name, ratio: Ratio | undefined): boolean {
    if (ratio === undefined || ratio[0] === 0) return false;
    const [k, n] = ratio;
    let block = this.blocks.get(name);
    if (block === undefined || block.index === n) {
      block = { index: 0, places: this.drawPlaces(name, k, n) };
      this.blocks.set(name, block);
    }
    const fires = block.places.drawn.has(block.index) !== block.places.complement;
    block.index += 1;
    return fires;
  }

  /**
   * `k` distinct places in [0, n), by Floyd's algorithm on the quirk's stream: memory in `k`,
   * not `n`, so a 1-in-a-million ratio costs nothing. Past half, the places that do not fire are drawn.
   */
  private drawPlaces(name: Name, k: number, n: number): SpreadBlock['places'] {
    const complement = k > n / 2;
    const count = complement ? n - k : k;
    const stream = this.stream(name);
    const drawn = new Set<number>();
    for (let top = n - count; top < n; top += 1) {
      const pick = stream.between(0, top);
      drawn.add(drawn.has(pick) ? top : pick);
    }
    return { drawn, complement };
  }

  /** A whole number in [min, max] from the quirk's own stream (how late, where to cut, ...). */
  between(name: Name, min: number, max: number): number {
    return this.stream(name).between(min, max);
  }

  private stream(name: Name): FakeRandom {
    let stream = this.streams.get(name);
    if (stream === undefined) {
      stream = this.env.random(`${this.streamPrefix}.${name}`);
      this.streams.set(name, stream);
    }
    return stream;
  }
}
