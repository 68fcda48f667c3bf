/**
 * Walk-in shoppers: the POS sells from the same shelf the pickup holds sit on. Arrivals are a
 * Poisson process over opening hours (exponential gaps, seeded); an arrival that falls after
 * closing is dropped and the process restarts at the next opening, which by memorylessness is
 * the same process restricted to opening hours. While the store is offline the tills keep
 * selling and buffer the sales; they are forwarded in one batch when the outage ends.
 */
import type { FakeEnv, FakeRandom } from '../env.ts';
import { isWithinLocalHours, msUntilNextLocalTime } from '../local-time.ts';
import { offlineWindowAt } from '../offline-windows.ts';
import type { PosStore } from './pos-store.ts';
import type { PosStoreConfig } from './pos-types.ts';

const HOUR_MS = 3_600_000;

export class PosShoppers {
  private readonly random: FakeRandom;
  private readonly meanGapMs: number;
  /** The end of the outage whose forward is already booked, so one outage forwards once. */
  private forwardBookedAtMs: number | undefined;

  constructor(
    private readonly env: FakeEnv,
    private readonly config: PosStoreConfig,
    private readonly shoppers: { salesPerOpenHour: number; quantity: { min: number; max: number } },
    private readonly store: PosStore,
  ) {
    this.random = env.random(`pos.${config.storeId}.shoppers`);
    this.meanGapMs = HOUR_MS / shoppers.salesPerOpenHour;
  }

  /** Books the first arrival; each arrival books the next, so one event is ever waiting. */
  start(): void {
    if (this.shoppers.salesPerOpenHour > 0) this.bookNext();
  }

  private bookNext(): void {
    // 1 - u is in (0, 1], so the logarithm is finite; at least 1 ms keeps time moving.
    const gapMs = Math.max(1, Math.round(-Math.log(1 - this.random.next()) * this.meanGapMs));
    this.env.schedule(this.label('arrival'), gapMs, () => this.arrive());
  }

  private arrive(): void {
    const { timeZone, openLocal, closeLocal } = this.config;
    const nowMs = this.env.nowMs();
    if (!isWithinLocalHours(nowMs, timeZone, openLocal, closeLocal)) {
      this.env.schedule(this.label('opening'), msUntilNextLocalTime(nowMs, timeZone, openLocal), () => this.bookNext());
      return;
    }
    this.sell(nowMs);
    this.bookNext();
  }

  private sell(nowMs: number): void {
    const skus = this.store.skusOnShelf();
    if (skus.length === 0) return; // an empty shelf: the shopper leaves with nothing
    const sku = skus[this.random.int(skus.length)] as string;
    // A shopper who wants more than the shelf has takes what is there.
    const quantity = Math.min(this.random.between(this.shoppers.quantity.min, this.shoppers.quantity.max), this.store.shelfUnits(sku));
    const outage = offlineWindowAt(this.config.quirks?.offline, nowMs);
    this.store.sell(sku, quantity, outage !== undefined);
    if (outage !== undefined && this.forwardBookedAtMs !== outage.toMs) {
      this.forwardBookedAtMs = outage.toMs;
      this.env.schedule(this.label('forward'), outage.toMs - nowMs, () => this.store.forwardSales());
    }
  }

  private label(what: string): string {
    return `pos.${this.config.storeId}.shoppers ${what}`;
  }
}
