/**
 * Store staff: they work each hold some minutes after they are asked, but only while the store
 * is open; a job that falls outside opening hours waits for the next opening.
 */
import type { FakeEnv, FakeRandom } from '../env.ts';
import { isWithinLocalHours, msUntilNextLocalTime } from '../local-time.ts';
import type { PosStore } from './pos-store.ts';
import type { PosStoreConfig } from './pos-types.ts';

const MINUTE_MS = 60_000;

export class PosStaff {
  private readonly random: FakeRandom;

  constructor(
    private readonly env: FakeEnv,
    private readonly config: PosStoreConfig,
    private readonly store: PosStore,
  ) {
    // One stream per store, so a busier store never reshuffles another store's delays.
    this.random = env.random(`pos.${config.storeId}.staff`);
  }

  /** A hold became PICK_REQUESTED: someone will get to it after the seeded delay. */
  asked(holdId: string): void {
    const { min, max } = this.config.staffPickDelayMinutes;
    const delayMs = this.random.between(min, max) * MINUTE_MS;
    this.env.schedule(this.label(holdId), delayMs, () => this.work(holdId));
  }

  private work(holdId: string): void {
    const { timeZone, openLocal, closeLocal } = this.config;
    const nowMs = this.env.nowMs();
    if (!isWithinLocalHours(nowMs, timeZone, openLocal, closeLocal)) {
      this.env.schedule(this.label(holdId), msUntilNextLocalTime(nowMs, timeZone, openLocal), () => this.work(holdId));
      return;
    }
    // A hold released meanwhile is simply skipped: staff find nothing to do.
    this.store.staffWork(holdId);
  }

  private label(holdId: string): string {
    return `pos.${this.config.storeId}.staff ${holdId}`;
  }
}
