import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PosFake } from '../../legacy-fakes/pos/pos-fake.ts';
import type { PosStoreConfig } from '../../legacy-fakes/pos/pos-fake.ts';
import { FakeConfigError } from '../../legacy-fakes/config-error.ts';
import { NEW_YORK, PosClient, setUp, START_MS } from './pos-helpers.ts';
import { MINUTE_MS, TestEnv } from './test-env.ts';
import { oracleLocal } from './local-time-oracle.ts';


describe('POS store staff', () => {
  it('ship a SHIP hold within the seeded delay: SHIPPED, tracking number, on hand down', () => {
    const { env, pos } = setUp();
    const s1 = new PosClient(pos, 'S1');
    const hold = s1.hold('FO-1:1', 'SKU-1', 2, 'SHIP');
    s1.post(`/holds/${hold.holdId}/pick`);
    env.advance(5 * MINUTE_MS - 1);
    expect(s1.holdsOf('FO-1:1')[0]?.status).toBe('PICK_REQUESTED');
    env.advance(25 * MINUTE_MS + 1);
    const shipped = s1.holdsOf('FO-1:1')[0];
    expect(shipped).toMatchObject({ status: 'SHIPPED', trackingNumber: 'TRK-S1-1', seq: 3 });
    expect(shipped?.updatedLocal).toBe(oracleLocal(env.recordsOf('pos.hold.shipped')[0]!.atMs, 'America/New_York'));
    expect(s1.get('/inventory').body).toMatchObject({ items: [{ sku: 'SKU-1', onHand: 8, held: 0, available: 8 }, {}, {}] });
    expect(pos.truth()[0]?.onHand.get('SKU-1')).toBe(8);
  });

  it('make a PICKUP hold READY, still held until the customer comes to the till', () => {
    const { env, pos } = setUp();
    const s1 = new PosClient(pos, 'S1');
    const hold = s1.hold('FO-1:1', 'SKU-3', 1, 'PICKUP');
    s1.post(`/holds/${hold.holdId}/pick`);
    env.advance(30 * MINUTE_MS);
    expect(s1.holdsOf('FO-1:1')[0]).toMatchObject({ status: 'READY', trackingNumber: null });
    expect(s1.get('/inventory').body).toMatchObject({ items: [{}, {}, { sku: 'SKU-3', onHand: 5, held: 1, available: 4 }] });
  });

  it('skip a hold released before they got to it', () => {
    const { env, pos } = setUp();
    const s1 = new PosClient(pos, 'S1');
    const hold = s1.hold('FO-1:1', 'SKU-1', 2);
    s1.post(`/holds/${hold.holdId}/pick`);
    s1.delete(`/holds/${hold.holdId}`);
    env.advance(60 * MINUTE_MS);
    expect(s1.holdsOf('FO-1:1')[0]?.status).toBe('RELEASED');
    expect(env.recordsOf('pos.hold.shipped')).toEqual([]);
    expect(pos.truth()[0]?.onHand.get('SKU-1')).toBe(10);
  });

  it('work only in opening hours: a job due after closing waits for the next opening', () => {
    const atTenToNine = Date.UTC(2026, 10, 28, 1, 50); // 20:50 in New York
    const { env, pos } = setUp([{ ...NEW_YORK, staffPickDelayMinutes: { min: 30, max: 30 } }], atTenToNine);
    const s1 = new PosClient(pos, 'S1');
    const hold = s1.hold('FO-1:1', 'SKU-1', 1);
    s1.post(`/holds/${hold.holdId}/pick`);
    env.advance(11 * 60 * MINUTE_MS); // 07:50 next morning
    expect(s1.holdsOf('FO-1:1')[0]?.status).toBe('PICK_REQUESTED');
    env.advance(2 * 60 * MINUTE_MS);
    const [shipped] = env.recordsOf('pos.hold.shipped');
    expect(oracleLocal(shipped!.atMs, 'America/New_York')).toBe('2026-11-28T09:00:00');
    expect(s1.holdsOf('FO-1:1')[0]?.updatedLocal).toBe('2026-11-28T09:00:00');
  });

  it('always act in opening hours, never before the shortest delay, whatever the time asked', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 14 * 24 * 60 }),
        fc.integer({ min: 0, max: 600 }),
        fc.integer({ min: 0, max: 600 }),
        fc.constantFrom('America/New_York', 'Asia/Tokyo', 'Australia/Lord_Howe'),
        (startMinutes, delayA, delayB, timeZone) => {
          const config: PosStoreConfig = {
            ...NEW_YORK,
            timeZone,
            openLocal: '08:30',
            closeLocal: '17:45',
            staffPickDelayMinutes: { min: Math.min(delayA, delayB), max: Math.max(delayA, delayB) },
          };
          const askedMs = Date.UTC(2026, 2, 20) + startMinutes * MINUTE_MS;
          const env = new TestEnv(askedMs, startMinutes);
          const s1 = new PosClient(new PosFake(env, [config]), 'S1');
          const pickup = s1.hold('p', 'SKU-1', 1, 'PICKUP');
          const ship = s1.hold('s', 'SKU-1', 1, 'SHIP');
          s1.post(`/holds/${pickup.holdId}/pick`);
          s1.post(`/holds/${ship.holdId}/pick`);
          env.advance(4 * 24 * 60 * MINUTE_MS);
          const done = [...env.recordsOf('pos.hold.ready'), ...env.recordsOf('pos.hold.shipped')];
          expect(done.map((record) => record.reference).sort()).toEqual(['p', 's']);
          for (const record of done) {
            const local = oracleLocal(record.atMs, timeZone).slice(11, 16);
            expect(local >= '08:30' && local < '17:45').toBe(true);
            expect(record.atMs - askedMs).toBeGreaterThanOrEqual(config.staffPickDelayMinutes.min * MINUTE_MS);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('draw delays from the store stream: the same seed gives the same times', () => {
    const run = (): number[] => {
      const { env, pos } = setUp();
      const s1 = new PosClient(pos, 'S1');
      for (let index = 0; index < 5; index += 1) s1.post(`/holds/${s1.hold(`r${index}`, 'SKU-1', 1).holdId}/pick`);
      return env.pending().map((event) => event.atMs - START_MS);
    };
    const delays = run();
    expect(delays).toEqual(run());
    for (const delay of delays) {
      expect(delay).toBeGreaterThanOrEqual(5 * MINUTE_MS);
      expect(delay).toBeLessThanOrEqual(30 * MINUTE_MS);
    }
  });
});

describe('POS till pickup', () => {
  it('sells every READY hold whose reference starts with the prefix, and nothing else', () => {
    const { env, pos } = setUp();
    const s1 = new PosClient(pos, 'S1');
    const ready = [s1.hold('FO-o7-1:1', 'SKU-1', 2, 'PICKUP'), s1.hold('FO-o7-1:2', 'SKU-3', 1, 'PICKUP')];
    const other = s1.hold('FO-o8-1:1', 'SKU-1', 1, 'PICKUP');
    const notAsked = s1.hold('FO-o7-1:3', 'SKU-1', 1, 'PICKUP');
    for (const hold of [...ready, other]) s1.post(`/holds/${hold.holdId}/pick`);
    env.advance(30 * MINUTE_MS);
    expect(pos.tillPickup('S1', 'FO-o7-1:')).toBe(2);
    expect(s1.holdsOf('FO-o7-1:1')[0]?.status).toBe('PICKED_UP');
    expect(s1.holdsOf('FO-o7-1:2')[0]?.status).toBe('PICKED_UP');
    expect(s1.holdsOf('FO-o8-1:1')[0]?.status).toBe('READY');
    expect(s1.holdsOf(notAsked.externalRef)[0]?.status).toBe('HELD');
    expect(pos.truth()[0]?.onHand).toEqual(new Map([['SKU-1', 8], ['SKU-2', 0], ['SKU-3', 4]]));
    expect(pos.tillPickup('S1', 'FO-o7-1:')).toBe(0);
    expect(s1.delete(`/holds/${ready[0]!.holdId}`).body).toEqual({ error: 'ALREADY_FULFILLED', status: 'PICKED_UP' });
  });

  it('throws for a store it does not run (a harness bug)', () => {
    const { pos } = setUp();
    expect(() => pos.tillPickup('S9', 'x')).toThrow(/unknown store "S9"/);
  });
});

describe('POS trace', () => {
  it('records every ground-truth change with the hold reference', () => {
    const { env, pos } = setUp();
    const s1 = new PosClient(pos, 'S1');
    const ship = s1.hold('FO-1:1', 'SKU-1', 2, 'SHIP');
    const pickup = s1.hold('FO-1:2', 'SKU-3', 1, 'PICKUP');
    const dropped = s1.hold('FO-1:3', 'SKU-3', 1, 'PICKUP');
    s1.post(`/holds/${ship.holdId}/pick`);
    s1.post(`/holds/${pickup.holdId}/pick`);
    s1.delete(`/holds/${dropped.holdId}`);
    env.advance(30 * MINUTE_MS);
    pos.tillPickup('S1', 'FO-1:2');
    const summary = env.records.map(({ kind, reference, detail }) => `${kind} ${reference} | ${detail}`);
    expect(summary.slice(0, 6)).toEqual([
      'pos.hold.created FO-1:1 | S1 H-S1-1 SKU-1x2 SHIP',
      'pos.hold.created FO-1:2 | S1 H-S1-2 SKU-3x1 PICKUP',
      'pos.hold.created FO-1:3 | S1 H-S1-3 SKU-3x1 PICKUP',
      'pos.hold.pick_requested FO-1:1 | S1 H-S1-1 SKU-1x2',
      'pos.hold.pick_requested FO-1:2 | S1 H-S1-2 SKU-3x1',
      'pos.hold.released FO-1:3 | S1 H-S1-3 SKU-3x1 from HELD',
    ]);
    expect(summary.slice(6, 8).sort()).toEqual([
      'pos.hold.ready FO-1:2 | S1 H-S1-2 SKU-3x1',
      'pos.hold.shipped FO-1:1 | S1 H-S1-1 SKU-1x2 TRK-S1-1',
    ]);
    expect(summary.slice(8)).toEqual(['pos.hold.picked_up FO-1:2 | S1 H-S1-2 SKU-3x1']);
  });
});

describe('POS configuration', () => {
  const env = new TestEnv(START_MS);
  it.each([
    [{ ...NEW_YORK, storeId: '' }, /^stores\[0\]\.storeId: expected letters, digits, "_" or "-", got ""$/],
    [{ ...NEW_YORK, timeZone: 'Mars/Base' }, /^stores\[0\]\.timeZone: expected an IANA time zone .*, got "Mars\/Base"$/],
    [{ ...NEW_YORK, openLocal: '9:00' }, /^stores\[0\]\.openLocal: expected a local time "HH:mm" .*, got "9:00"$/],
    [{ ...NEW_YORK, stock: { 'SKU-1': -1 } }, /^stores\[0\]\.stock\["SKU-1"\]: expected a non-negative integer, got -1$/],
    [{ ...NEW_YORK, staffPickDelayMinutes: { min: 9, max: 3 } }, /^stores\[0\]\.staffPickDelayMinutes: expected min <= max/],
  ])('rejects %j, naming the field', (config, message) => {
    expect(() => new PosFake(env, [config])).toThrow(FakeConfigError);
    expect(() => new PosFake(env, [config])).toThrow(message);
  });

  it('rejects two stores with one id', () => {
    expect(() => new PosFake(env, [NEW_YORK, NEW_YORK])).toThrow(/stores\[\]\.storeId: expected unique ids, got "S1" twice/);
  });

  it('reports truth in configuration order', () => {
    const { pos } = setUp();
    expect(pos.truth().map((store) => store.storeId)).toEqual(['S1', 'S2']);
  });
});
