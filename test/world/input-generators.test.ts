import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PlaceOrderCommand } from '../../orchestrator/plugin.ts';
import { InputCounters, LONG_OUTAGE_PAST_RETRIES_MS } from '../../sim/world/input-counters.ts';
import { loadScenario } from '../../sim/world/scenario-loader.node.ts';
import type { Scenario } from '../../sim/world/scenario-schema.ts';
import { simulate } from '../../sim/world/simulate.ts';
import { buildTopology, scarceSkus } from '../../sim/world/topology.ts';

const HOUR_MS = 3_600_000;
const { scenario: baseline } = loadScenario('baseline');
const startMs = Date.parse(baseline.startInstant);

/** The baseline with S1 offline for a day from hour 10 (its shoppers buying), and the gateway for a day from hour 5. */
function withLongOutages(): Scenario {
  const stores = baseline.topology.stores.map((store) =>
    store.id === 'S1' ? { ...store, quirks: { longOutage: { fromHour: 10, hours: 24, mode: 'refuse' as const }, inStoreShoppers: { salesPerOpenHour: 2, quantity: { min: 1, max: 1 } } } } : store,
  );
  return { ...baseline, topology: { ...baseline.topology, stores }, payment: { ...baseline.payment, quirks: { longOutage: { fromHour: 5, hours: 24, mode: 'hang' } } } };
}

const order = (lines: [string, number][]): PlaceOrderCommand => ({ idempotencyKey: 'k', channel: 'web', channelOrderId: '1', customerTier: 'STANDARD', delivery: { method: 'SHIP' }, lines: lines.map(([sku, quantity]) => ({ sku, quantity, unitPriceCents: 100 })) });

describe('the counters of the inputs the world generates', () => {
  it('counts a request in a long outage only once the outage has outlived every retry budget, and only inside it', () => {
    const counters = new InputCounters(withLongOutages());
    const from = startMs + 10 * HOUR_MS;
    counters.posExchange('S1', from + LONG_OUTAGE_PAST_RETRIES_MS - 1);
    counters.posExchange('S2', from + LONG_OUTAGE_PAST_RETRIES_MS);
    expect(counters.counters()['pos.long_outage']).toBe(0);
    counters.posExchange('S1', from + LONG_OUTAGE_PAST_RETRIES_MS);
    counters.posExchange('S1', from + 24 * HOUR_MS - 1);
    counters.posExchange('S1', from + 24 * HOUR_MS);
    expect(counters.counters()['pos.long_outage']).toBe(2);
    counters.paymentExchange(startMs + 5 * HOUR_MS + LONG_OUTAGE_PAST_RETRIES_MS);
    expect(counters.counters()).toMatchObject({ 'payment.long_outage': 1, 'clock.payment_skewed': 0 });
  });

  it('counts the forward of sales buffered through a long outage, not one after a short outage or elsewhere', () => {
    const counters = new InputCounters(withLongOutages());
    const end = startMs + 34 * HOUR_MS;
    counters.posTraced('pos.sales.forwarded', 'S2 3 sales SKU-0001x1', end);
    counters.posTraced('pos.sales.forwarded', 'S1 3 sales SKU-0001x1', end - 1);
    counters.posTraced('pos.sale', 'S1 SKU-0001x1', end);
    expect(counters.counters()['pos.sales_forwarded_after_long_outage']).toBe(0);
    counters.posTraced('pos.sales.forwarded', 'S1 3 sales SKU-0001x1 SKU-0002x1', end);
    expect(counters.counters()['pos.sales_forwarded_after_long_outage']).toBe(1);
  });

  it('counts the lines of a scarce SKU ordered once its orders passed the units every DC may sell (property)', () => {
    const scenario: Scenario = { ...baseline, inventory: { ...baseline.inventory, scarce: { fromSku: 2, count: 1, dcUnits: 5, storeUnits: 1 } } };
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('SKU-0001', 'SKU-0002'), fc.integer({ min: 1, max: 3 })), { maxLength: 12 }), (lines) => {
        const counters = new InputCounters(scenario);
        let ordered = 0;
        let expected = 0;
        for (const [sku, quantity] of lines) {
          counters.orderArrived(order([[sku, quantity]]));
          if (sku !== 'SKU-0002') continue;
          ordered += quantity;
          if (ordered > 5) expected++;
        }
        expect(counters.counters()['stock.scarce_exhausted']).toBe(expected);
      }),
    );
  });

  it('counts skewed WMS files and gateway requests only when those clocks run off', () => {
    const plain = new InputCounters(baseline);
    plain.wmsFileWritten();
    plain.paymentExchange(startMs);
    const skewed = new InputCounters({ ...baseline, clock: { wmsSkewMinutes: -5, paymentSkewMinutes: 4 } });
    skewed.wmsFileWritten();
    skewed.paymentExchange(startMs);
    expect([plain.counters()['clock.wms_skewed'], plain.counters()['clock.payment_skewed']]).toEqual([0, 0]);
    expect([skewed.counters()['clock.wms_skewed'], skewed.counters()['clock.payment_skewed']]).toEqual([1, 1]);
  });
});

describe('the generators in the world', () => {
  it('stocks scarce SKUs at each node at its safety stock plus their few units, whatever the order count', () => {
    const scenario: Scenario = { ...baseline, inventory: { ...baseline.inventory, scarce: { fromSku: 11, count: 2, dcUnits: 7, storeUnits: 2 } } };
    expect(scarceSkus(scenario)).toEqual(['SKU-0011', 'SKU-0012']);
    for (const orders of [100, 1200, 50_000]) {
      const topology = buildTopology(scenario, orders);
      for (const dc of topology.wmsDcs) {
        const safety = scenario.topology.dcs.find((candidate) => candidate.id === dc.dcId)?.safetyStock ?? 0;
        expect([dc.stock['SKU-0011'], dc.stock['SKU-0012']]).toEqual([safety + 7, safety + 7]);
      }
      for (const store of topology.posStores) {
        const safety = scenario.topology.stores.find((candidate) => candidate.id === store.storeId)?.safetyStock ?? 0;
        expect(store.stock['SKU-0012']).toBe(safety + 2);
        expect(store.stock['SKU-0010']).toBeGreaterThan(safety + 2);
      }
    }
  });

  it('turns a long outage into one of the fake’s outages, in time order beside the short ones', () => {
    const stores = baseline.topology.stores.map((store) => (store.id === 'S2' ? { ...store, quirks: { offline: [{ fromHour: 40, toHour: 41, mode: 'hang' as const }], longOutage: { fromHour: 2, hours: 30, mode: 'refuse' as const } } } : store));
    const topology = buildTopology({ ...baseline, topology: { ...baseline.topology, stores } }, 100);
    expect(topology.posStores.find((store) => store.storeId === 'S2')?.quirks?.offline).toEqual([
      { fromMs: startMs + 2 * HOUR_MS, toMs: startMs + 32 * HOUR_MS, mode: 'refuse' },
      { fromMs: startMs + 40 * HOUR_MS, toMs: startMs + 41 * HOUR_MS, mode: 'hang' },
    ]);
  });

  it('has customers who cancelled a whole order cancel it again under a new key, each counted as a request of theirs', async () => {
    const workload = { ...baseline.workload, cancelRatio: [1, 2] as [number, number], partialCancelRatio: [1, 3] as [number, number], cancelAgainRatio: [1, 1] as [number, number], cancelAgainDelayMinutes: { min: 30, max: 600 } };
    const result = await simulate(
      {
        scenario: { ...baseline, workload, channel: { duplicateDelayMs: { min: 100, max: 100 }, replyMs: 20, resendAfterMs: 60_000, maxResends: 3 } },
        scenarioRef: 'baseline',
        seed: 3,
        orders: 80,
      },
      () => 0,
    );
    const fired = result.faultsFired;
    const whole = (fired['customer.cancel'] ?? 0) - (fired['customer.partial_cancel'] ?? 0);
    expect(whole).toBeGreaterThan(0);
    expect(fired['customer.cancel_again']).toBe(whole);
    expect(result.faultPlan).toContain('customer.cancelAgain 1/1 of whole cancels');
    expect(result.violations).toEqual([]);
    expect(result.converged).toBe(true);
  });
});
