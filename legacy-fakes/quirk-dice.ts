/**
 * Seeded draws for one fake's quirks: each quirk draws from its own stream (`<prefix>.<name>`),
 * opened on first use, so turning one quirk on never reshuffles another. A quirk that is not
 * configured, or whose numerator is 0, answers "no" without opening or touching any stream: a
 * run without quirks draws exactly what it drew before quirks existed.
 */
import type { FakeEnv, FakeRandom } from './env.ts';
import type { Ratio } from './http.ts';

export class QuirkDice<Name extends string> {
  private readonly streams = new Map<Name, FakeRandom>();

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
