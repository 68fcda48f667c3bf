/**
 * The "did it happen" counters of the inputs the world itself generates beyond the fakes' own
 * quirks: clocks that run off at the DCs and the gateway, outages that outlast every retry
 * budget, sales forwarded after them, and scarce stock running out. Each counts what the input
 * really did in this run (a request that met the outage, a file stamped on the skewed clock, an
 * order for stock already gone), so a planned input that never bit leaves its run vacuous.
 */
import type { PlaceOrderCommand } from '../../orchestrator/plugin.ts';
import type { Scenario } from './scenario-schema.ts';
import { longOutageMs, scarceSkus } from './topology.ts';

const HOUR_MS = 3_600_000;
/**
 * How far into a long outage a request must come to count: past every per-call retry (seconds)
 * and the longest step of a remediation ladder (hours), so a caller still meeting the outage then
 * has outlived its retries and is waiting for the system's return.
 */
export const LONG_OUTAGE_PAST_RETRIES_MS = 12 * HOUR_MS;
/** A forward of buffered sales this soon after a long outage ended is the forward of that outage. */
const FORWARD_AFTER_OUTAGE_MS = 60_000;

interface Window {
  fromMs: number;
  toMs: number;
}

export type InputCounterName =
  | 'clock.wms_skewed'
  | 'clock.payment_skewed'
  | 'pos.long_outage'
  | 'pos.sales_forwarded_after_long_outage'
  | 'payment.long_outage'
  | 'stock.scarce_exhausted';

export class InputCounters {
  private readonly counts = new Map<InputCounterName, number>([
    ['clock.wms_skewed', 0],
    ['clock.payment_skewed', 0],
    ['pos.long_outage', 0],
    ['pos.sales_forwarded_after_long_outage', 0],
    ['payment.long_outage', 0],
    ['stock.scarce_exhausted', 0],
  ]);
  /** Per store, its long outage on the store's own clock (the POS fake's windows run on it). */
  private readonly storeOutages = new Map<string, Window>();
  private readonly gatewayOutage: Window | undefined;
  private readonly wmsSkewed: boolean;
  private readonly paymentSkewed: boolean;
  /** Scarce SKU -> units every DC together may sell of it (above safety stock). */
  private readonly scarceDcUnits = new Map<string, number>();
  /** Scarce SKU -> units ordered so far. */
  private readonly ordered = new Map<string, number>();

  constructor(scenario: Scenario) {
    const startMs = Date.parse(scenario.startInstant);
    for (const store of scenario.topology.stores) {
      const long = store.quirks?.longOutage;
      if (long !== undefined) this.storeOutages.set(store.id, longOutageMs(long, startMs));
    }
    const gateway = scenario.payment.quirks?.longOutage;
    this.gatewayOutage = gateway === undefined ? undefined : longOutageMs(gateway, startMs);
    this.wmsSkewed = (scenario.clock?.wmsSkewMinutes ?? 0) !== 0;
    this.paymentSkewed = (scenario.clock?.paymentSkewMinutes ?? 0) !== 0;
    const scarce = scenario.inventory.scarce;
    if (scarce !== undefined) for (const sku of scarceSkus(scenario)) this.scarceDcUnits.set(sku, scarce.dcUnits * scenario.topology.dcs.length);
  }

  /** Every counter, zeros included. */
  counters(): Record<InputCounterName, number> {
    return Object.fromEntries(this.counts) as Record<InputCounterName, number>;
  }

  /** A request reached store `storeId`'s register at `storeNowMs` (its own clock). */
  posExchange(storeId: string, storeNowMs: number): void {
    if (pastRetries(this.storeOutages.get(storeId), storeNowMs)) this.bump('pos.long_outage');
  }

  /** A request reached the gateway at `gatewayNowMs` (its own clock). */
  paymentExchange(gatewayNowMs: number): void {
    if (this.paymentSkewed) this.bump('clock.payment_skewed');
    if (pastRetries(this.gatewayOutage, gatewayNowMs)) this.bump('payment.long_outage');
  }

  /** The WMS wrote a file: stamped on its skewed clock, if it runs off. */
  wmsFileWritten(): void {
    if (this.wmsSkewed) this.bump('clock.wms_skewed');
  }

  /** A POS trace event at `storeNowMs`: counts the forward of sales buffered through a long outage. */
  posTraced(kind: string, detail: string, storeNowMs: number): void {
    if (kind !== 'pos.sales.forwarded') return;
    const outage = this.storeOutages.get(detail.slice(0, detail.indexOf(' ')));
    if (outage !== undefined && storeNowMs >= outage.toMs && storeNowMs - outage.toMs < FORWARD_AFTER_OUTAGE_MS) this.bump('pos.sales_forwarded_after_long_outage');
  }

  /**
   * A new order from the channel (not a re-send): each line of a scarce SKU ordered once the
   * SKU's orders so far passed what the DCs may sell of it. The DCs alone cannot serve it: the
   * route must change (a store, a backorder), and a wrong count shows.
   */
  orderArrived(command: PlaceOrderCommand): void {
    if (this.scarceDcUnits.size === 0) return;
    for (const line of command.lines) {
      const dcUnits = this.scarceDcUnits.get(line.sku);
      if (dcUnits === undefined) continue;
      const ordered = (this.ordered.get(line.sku) ?? 0) + line.quantity;
      this.ordered.set(line.sku, ordered);
      if (ordered > dcUnits) this.bump('stock.scarce_exhausted');
    }
  }

  private bump(name: InputCounterName): void {
    this.counts.set(name, (this.counts.get(name) ?? 0) + 1);
  }
}

/** Inside the outage, and at least `LONG_OUTAGE_PAST_RETRIES_MS` into it. */
function pastRetries(outage: Window | undefined, nowMs: number): boolean {
  return outage !== undefined && nowMs < outage.toMs && nowMs - outage.fromMs >= LONG_OUTAGE_PAST_RETRIES_MS;
}
