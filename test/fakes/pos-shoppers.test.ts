/**
 * In-store shoppers (sales from the shelf pickup holds sit on, store-and-forward while offline)
 * and the staff who then find a hold's units gone and reject it (incidents 13 and 14).
 */
import { describe, expect, it } from 'vitest';
import type { PosHold, PosQuirks, PosStoreConfig } from '../../legacy-fakes/pos/pos-fake.ts';
import { NEW_YORK, PosClient, setUp, START_MS } from './pos-helpers.ts';
import { HOUR_MS } from './test-env.ts';
import type { TestEnv } from './test-env.ts';
import { oracleLocal } from './local-time-oracle.ts';


function shop(stock: Record<string, number>, shoppers: NonNullable<PosQuirks['inStoreShoppers']>, more: PosQuirks = {}): PosStoreConfig {
  return { ...NEW_YORK, stock, staffPickDelayMinutes: { min: 0, max: 0 }, quirks: { inStoreShoppers: shoppers, ...more } };
}

function sales(env: TestEnv): { atMs: number; sku: string; quantity: number; buffered: boolean }[] {
  return env.recordsOf('pos.sale').map(({ atMs, reference, detail }) => {
    expect(reference).toBe('');
    const match = /^S1 (\S+)x(\d+)( buffered)?$/.exec(detail);
    if (match === null) throw new Error(`unexpected sale detail ${detail}`);
    return { atMs, sku: match[1]!, quantity: Number(match[2]), buffered: match[3] !== undefined };
  });
}

function sold(env: TestEnv, sku: string): number {
  return sales(env)
    .filter((sale) => sale.sku === sku)
    .reduce((sum, sale) => sum + sale.quantity, 0);
}

/** Moves time a second at a time until `done`, failing after `limitMs`. */
function advanceUntil(env: TestEnv, done: () => boolean, limitMs = 24 * HOUR_MS): void {
  const endMs = env.nowMs() + limitMs;
  while (!done()) {
    if (env.nowMs() >= endMs) throw new Error('advanceUntil: condition never held');
    env.advance(1000);
  }
}

describe('POS in-store shoppers', () => {
  it('buy only in opening hours, at about the configured rate, the same for the same seed', () => {
    const config = shop({ 'SKU-1': 100_000 }, { salesPerOpenHour: 30, quantity: { min: 1, max: 3 } });
    const run = (): { env: TestEnv; onHand: number | undefined } => {
      const { env, pos } = setUp([config]);
      env.advance(3 * 24 * HOUR_MS);
      return { env, onHand: pos.truth()[0]?.onHand.get('SKU-1') };
    };
    const { env, onHand } = run();
    const all = sales(env);
    for (const sale of all) {
      const local = oracleLocal(sale.atMs, 'America/New_York').slice(11, 16);
      expect(local >= '09:00' && local < '21:00', `sale at ${local}`).toBe(true);
      expect(sale.quantity).toBeGreaterThanOrEqual(1);
      expect(sale.quantity).toBeLessThanOrEqual(3);
    }
    // About 36 open hours at 30 an hour: 1080 expected; a Poisson count stays well inside this.
    expect(all.length).toBeGreaterThan(900);
    expect(all.length).toBeLessThan(1260);
    expect(onHand).toBe(100_000 - sold(env, 'SKU-1'));
    expect(run().env.records).toEqual(env.records);
  });

  it('start at the next opening when built after closing', () => {
    const afterClosing = Date.UTC(2026, 10, 28, 3, 0); // 22:00 in New York
    const { env } = setUp([shop({ 'SKU-1': 1000 }, { salesPerOpenHour: 60, quantity: { min: 1, max: 1 } })], afterClosing);
    env.advance(24 * HOUR_MS);
    const first = sales(env)[0];
    expect(oracleLocal(first!.atMs, 'America/New_York') >= '2026-11-28T09:00:00').toBe(true);
  });

  it('pick SKUs with units on the shelf, each about as often, and count every sale', () => {
    const { env, pos } = setUp([shop({ 'SKU-1': 1000, 'SKU-2': 0, 'SKU-3': 1000 }, { salesPerOpenHour: 60, quantity: { min: 1, max: 1 } })]);
    env.advance(10 * HOUR_MS);
    const count = sales(env).length;
    expect(sold(env, 'SKU-2')).toBe(0);
    expect(sold(env, 'SKU-1')).toBeGreaterThan(count / 4);
    expect(sold(env, 'SKU-3')).toBeGreaterThan(count / 4);
    expect(pos.quirkCounts()['pos.in_store_sale']).toBe(count);
    expect(env.recordsOf('pos.quirk.in_store_sale')).toHaveLength(count);
  });

  it('leave READY units at the desk alone but take units HELD holds count on: held above on hand', () => {
    const { env, pos } = setUp([shop({ 'SKU-1': 6 }, { salesPerOpenHour: 60, quantity: { min: 1, max: 2 } })]);
    const s1 = new PosClient(pos, 'S1');
    const ready = s1.hold('FO-r:1', 'SKU-1', 2, 'PICKUP');
    s1.post(`/holds/${ready.holdId}/pick`);
    env.advance(0); // staff take no time: READY before the first shopper
    expect(s1.holdsOf('FO-r:1')[0]?.status).toBe('READY');
    s1.hold('FO-h:1', 'SKU-1', 3, 'PICKUP');
    env.advance(4 * HOUR_MS);
    expect(sold(env, 'SKU-1')).toBe(4);
    expect(pos.position('S1', 'SKU-1')).toEqual({ sku: 'SKU-1', onHand: 2, held: 5, available: -3 });
    expect(pos.tillPickup('S1', 'FO-r:')).toBe(1);
    expect(pos.position('S1', 'SKU-1')).toEqual({ sku: 'SKU-1', onHand: 0, held: 3, available: -3 });
  });

  it('keep selling while offline, buffered, and forward the sales when the outage ends', () => {
    const outage = { fromMs: START_MS + HOUR_MS, toMs: START_MS + 2 * HOUR_MS, mode: 'refuse' as const };
    const { env, pos } = setUp([shop({ 'SKU-1': 1000 }, { salesPerOpenHour: 30, quantity: { min: 1, max: 1 } }, { offline: [outage] })]);
    const onHand = (): number | undefined => pos.truth()[0]?.onHand.get('SKU-1');
    env.runUntil(outage.fromMs);
    const atOutage = onHand();
    expect(atOutage).toBe(1000 - sold(env, 'SKU-1'));
    env.runUntil(outage.toMs - 1);
    const buffered = sales(env).filter((sale) => sale.buffered);
    expect(buffered.length).toBeGreaterThan(0);
    for (const sale of buffered) expect(sale.atMs >= outage.fromMs && sale.atMs < outage.toMs).toBe(true);
    expect(onHand()).toBe(atOutage);
    expect(env.recordsOf('pos.sales.forwarded')).toEqual([]);
    env.runUntil(outage.toMs);
    expect(onHand()).toBe(atOutage! - buffered.length);
    expect(env.recordsOf('pos.sales.forwarded')).toEqual([
      { atMs: outage.toMs, kind: 'pos.sales.forwarded', reference: '', detail: `S1 ${buffered.length} sales ${buffered.map(() => 'SKU-1x1').join(' ')}` },
    ]);
    env.advance(2 * HOUR_MS);
    expect(sales(env).filter((sale) => sale.buffered)).toHaveLength(buffered.length);
    expect(onHand()).toBe(1000 - sold(env, 'SKU-1'));
    expect(pos.quirkCounts()['pos.sales_forwarded']).toBe(1);
  });
});

describe('POS staff reject holds whose units are gone (NOT_ON_SHELF)', () => {
  it('reject the younger hold when the shelf covers only the older, whichever they work first', () => {
    const { env, pos } = setUp([shop({ 'SKU-1': 3 }, { salesPerOpenHour: 60, quantity: { min: 1, max: 1 } })]);
    const s1 = new PosClient(pos, 'S1');
    const older = s1.hold('FO-a:1', 'SKU-1', 2);
    const younger = s1.hold('FO-b:1', 'SKU-1', 1);
    advanceUntil(env, () => sold(env, 'SKU-1') > 0);
    expect(sold(env, 'SKU-1')).toBe(1);
    s1.post(`/holds/${younger.holdId}/pick`);
    s1.post(`/holds/${older.holdId}/pick`);
    env.advance(0);
    const rejected = s1.holdsOf('FO-b:1')[0];
    expect(rejected).toMatchObject({ status: 'REJECTED', reason: 'NOT_ON_SHELF', seq: 5, trackingNumber: null });
    expect(s1.holdsOf('FO-a:1')[0]).toMatchObject({ status: 'SHIPPED', reason: null });
    expect(env.recordsOf('pos.hold.rejected')).toEqual([
      { atMs: env.nowMs(), kind: 'pos.hold.rejected', reference: 'FO-b:1', detail: 'S1 H-S1-2 SKU-1x1 NOT_ON_SHELF' },
    ]);
    expect(pos.quirkCounts()['pos.hold_rejected_not_on_shelf']).toBe(1);
    expect(env.recordsOf('pos.quirk.hold_rejected_not_on_shelf').map((record) => record.reference)).toEqual(['FO-b:1']);
  });

  it('release a rejected hold quantity, report it through changedSince, and keep it rejected', () => {
    const { env, pos } = setUp([shop({ 'SKU-1': 2 }, { salesPerOpenHour: 60, quantity: { min: 1, max: 1 } })]);
    const s1 = new PosClient(pos, 'S1');
    const hold = s1.hold('FO-a:1', 'SKU-1', 2);
    advanceUntil(env, () => sold(env, 'SKU-1') > 0);
    s1.post(`/holds/${hold.holdId}/pick`); // seq 2
    env.advance(0); // rejected: seq 3
    expect(pos.position('S1', 'SKU-1')).toMatchObject({ held: 0 });
    const page = s1.get('/holds?changedSince=2').body as { holds: PosHold[]; cursor: number };
    expect(page).toEqual({ holds: [expect.objectContaining({ holdId: hold.holdId, status: 'REJECTED', reason: 'NOT_ON_SHELF', seq: 3 })], cursor: 3 });
    expect(s1.delete(`/holds/${hold.holdId}`)).toMatchObject({ status: 200, body: { status: 'REJECTED', seq: 3, reason: 'NOT_ON_SHELF' } });
    expect(s1.post(`/holds/${hold.holdId}/pick`)).toMatchObject({ status: 409, body: { error: 'HOLD_REJECTED' } });
    expect(env.recordsOf('pos.hold.released')).toEqual([]);
  });

  it('see buffered sales as gone before they are booked (incident 14, offline replay over a pickup hold)', () => {
    const outage = { fromMs: START_MS, toMs: START_MS + HOUR_MS, mode: 'hang' as const };
    const { env, pos } = setUp([shop({ 'SKU-1': 3 }, { salesPerOpenHour: 60, quantity: { min: 1, max: 1 } }, { offline: [outage] })]);
    const s1 = new PosClient(pos, 'S1'); // handle: the store's own side, which the outage does not cut
    const hold = s1.hold('FO-p:1', 'SKU-1', 3, 'PICKUP');
    advanceUntil(env, () => sold(env, 'SKU-1') > 0);
    expect(env.nowMs()).toBeLessThan(outage.toMs);
    // The books have not heard of the sale: the hold still looks covered.
    expect(pos.position('S1', 'SKU-1')).toEqual({ sku: 'SKU-1', onHand: 3, held: 3, available: 0 });
    s1.post(`/holds/${hold.holdId}/pick`);
    env.advance(0);
    expect(s1.holdsOf('FO-p:1')[0]).toMatchObject({ status: 'REJECTED', reason: 'NOT_ON_SHELF' });
    env.runUntil(outage.toMs);
    expect(pos.position('S1', 'SKU-1')).toEqual({ sku: 'SKU-1', onHand: 3 - sold(env, 'SKU-1'), held: 0, available: 3 - sold(env, 'SKU-1') });
    expect(sold(env, 'SKU-1')).toBeGreaterThan(1);
  });

  it('never reject while the shelf covers every live hold', () => {
    const { env, pos } = setUp([{ ...NEW_YORK, staffPickDelayMinutes: { min: 0, max: 0 } }]);
    const s1 = new PosClient(pos, 'S1');
    for (const ref of ['a', 'b', 'c']) s1.post(`/holds/${s1.hold(ref, 'SKU-1', 3).holdId}/pick`);
    env.advance(HOUR_MS);
    expect(pos.truth()[0]?.holds.map((hold) => hold.status)).toEqual(['SHIPPED', 'SHIPPED', 'SHIPPED']);
    expect(env.pending()).toEqual([]);
  });
});
