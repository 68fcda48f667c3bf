/**
 * One DC's seeded quirk decisions and their tally: the shared dice and tally, with each quirk's
 * ratio looked up from the DC's configuration and every trace detail naming the DC. Streams are
 * `wms.<dcId>.<quirk>`; a quirk that is not configured draws nothing.
 */
import type { FakeEnv } from '../env.ts';
import type { Ratio } from '../http.ts';
import { QuirkDice } from '../quirk-dice.ts';
import { QuirkTally } from '../quirk-tally.ts';
import { WMS_QUIRKS } from './wms-quirk-config.ts';
import type { WmsQuirkName } from './wms-quirk-config.ts';
import type { WmsQuirks } from './wms-types.ts';

export class WmsQuirkDice {
  private readonly ratios = new Map<WmsQuirkName, Ratio>();
  private readonly dice: QuirkDice<WmsQuirkName>;
  /** Copies answering re-send requests draw from their own streams (`wms.<dcId>.resend.<quirk>`). */
  private readonly copyDice: QuirkDice<WmsQuirkName>;
  private readonly log: QuirkTally<WmsQuirkName>;

  constructor(
    env: FakeEnv,
    private readonly dcId: string,
    quirks: WmsQuirks | undefined,
  ) {
    // Every configured quirk is tallied (0 until it fires); those with a ratio also draw.
    const configured: WmsQuirkName[] = [];
    if (quirks !== undefined) {
      for (const [key, { name, ratio }] of Object.entries(WMS_QUIRKS) as [keyof WmsQuirks, (typeof WMS_QUIRKS)[keyof WmsQuirks]][]) {
        if (quirks[key] === undefined) continue;
        configured.push(name);
        const value = ratio(quirks);
        if (value !== undefined) this.ratios.set(name, value);
      }
    }
    this.dice = new QuirkDice(env, `wms.${dcId}`);
    this.copyDice = new QuirkDice(env, `wms.${dcId}.resend`);
    this.log = new QuirkTally(env.trace, 'wms', configured);
  }

  /** True if the quirk fires this time. Draws only when the quirk can fire. */
  fires(name: WmsQuirkName): boolean {
    return this.dice.fires(name, this.ratios.get(name));
  }

  /** As `fires`, `k` of every `n` chances exactly (QuirkDice.firesSpread): for the once-a-night quirks. */
  firesSpread(name: WmsQuirkName): boolean {
    return this.dice.firesSpread(name, this.ratios.get(name));
  }

  /** A whole number in [min, max] from the quirk's own stream (how late, where to cut, ...). */
  between(name: WmsQuirkName, min: number, max: number): number {
    return this.dice.between(name, min, max);
  }

  /**
   * As `fires`, for a copy written to answer a re-send request: its own stream, so how often the
   * orchestrator asks never moves where the quirk strikes the WMS's regular files.
   */
  firesOnCopy(name: WmsQuirkName): boolean {
    return this.copyDice.fires(name, this.ratios.get(name));
  }

  betweenOnCopy(name: WmsQuirkName, min: number, max: number): number {
    return this.copyDice.between(name, min, max);
  }

  /** Tallies a quirk that took effect and records it in the trace. */
  fired(name: WmsQuirkName, reference: string, detail: string): void {
    this.log.fire(name, reference, `${this.dcId} ${detail}`);
  }

  /** Every configured quirk (0 if it never fired). */
  tally(): ReadonlyMap<WmsQuirkName, number> {
    return this.log.counts();
  }
}
