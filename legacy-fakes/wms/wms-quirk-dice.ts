/**
 * One DC's seeded quirk decisions and their tally. A quirk that is not configured (or whose
 * numerator is 0) answers "no" without touching any stream, so a run without quirks draws
 * exactly what it drew before quirks existed.
 */
import type { FakeEnv, FakeRandom } from '../env.ts';
import { WMS_QUIRKS } from './wms-quirk-config.ts';
import type { WmsQuirkName } from './wms-quirk-config.ts';
import type { WmsQuirks } from './wms-types.ts';

export class WmsQuirkDice {
  private readonly ratios = new Map<WmsQuirkName, readonly [number, number]>();
  private readonly streams = new Map<WmsQuirkName, FakeRandom>();
  /** Every configured quirk starts at 0, so a report can show "configured but never fired". */
  private readonly counts = new Map<WmsQuirkName, number>();

  constructor(
    private readonly env: FakeEnv,
    private readonly dcId: string,
    quirks: WmsQuirks | undefined,
  ) {
    if (quirks === undefined) return;
    for (const { name, ratio } of Object.values(WMS_QUIRKS)) {
      const value = ratio(quirks);
      if (value === undefined) continue;
      this.ratios.set(name, value);
      this.counts.set(name, 0);
    }
  }

  /** True if the quirk fires this time. Draws only when the quirk can fire. */
  fires(name: WmsQuirkName): boolean {
    const ratio = this.ratios.get(name);
    if (ratio === undefined || ratio[0] === 0) return false;
    return this.stream(name).chance(ratio[0], ratio[1]);
  }

  /** A whole number in [min, max] from the quirk's own stream (how late, where to cut, ...). */
  between(name: WmsQuirkName, min: number, max: number): number {
    return this.stream(name).between(min, max);
  }

  /** Tallies a quirk that took effect and records it in the trace. */
  fired(name: WmsQuirkName, reference: string, detail: string): void {
    this.counts.set(name, (this.counts.get(name) ?? 0) + 1);
    this.env.trace.record(`wms.quirk.${name}`, reference, `${this.dcId} ${detail}`);
  }

  tally(): ReadonlyMap<WmsQuirkName, number> {
    return this.counts;
  }

  private stream(name: WmsQuirkName): FakeRandom {
    let stream = this.streams.get(name);
    if (stream === undefined) {
      stream = this.env.random(`wms.${this.dcId}.${name}`);
      this.streams.set(name, stream);
    }
    return stream;
  }
}
