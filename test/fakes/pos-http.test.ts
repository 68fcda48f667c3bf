import { describe, expect, it } from 'vitest';
import { PosClient, setUp } from './pos-helpers.ts';
import type { PosHold } from '../../legacy-fakes/pos/pos-fake.ts';

describe('POS inventory', () => {
  it('lists every SKU, sorted, with on hand, held and available', () => {
    const { pos } = setUp();
    const response = new PosClient(pos, 'S1').get('/inventory');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/json');
    expect(response.body).toEqual({
      storeId: 'S1',
      asOfLocal: '2026-11-27T09:05:00',
      items: [
        { sku: 'SKU-1', onHand: 10, held: 0, available: 10 },
        { sku: 'SKU-2', onHand: 0, held: 0, available: 0 },
        { sku: 'SKU-3', onHand: 5, held: 0, available: 5 },
      ],
    });
  });
});

describe('POS holds', () => {
  it('creates a hold that reduces available but not on hand', () => {
    const { pos } = setUp();
    const s1 = new PosClient(pos, 'S1');
    const response = s1.post('/holds', { externalRef: 'FO-o42-1:1', sku: 'SKU-1', quantity: 2, purpose: 'SHIP' });
    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      holdId: 'H-S1-1',
      externalRef: 'FO-o42-1:1',
      sku: 'SKU-1',
      quantity: 2,
      purpose: 'SHIP',
      status: 'HELD',
      seq: 1,
      createdLocal: '2026-11-27T09:05:00',
      updatedLocal: '2026-11-27T09:05:00',
      trackingNumber: null,
      reason: null,
    });
    const item = (s1.get('/inventory').body as { items: unknown[] }).items[0];
    expect(item).toEqual({ sku: 'SKU-1', onHand: 10, held: 2, available: 8 });
  });

  it('accepts a duplicate POST as a second hold, and finds both by reference, oldest first', () => {
    const { pos } = setUp();
    const s1 = new PosClient(pos, 'S1');
    const first = s1.hold('FO-o1-1:1', 'SKU-1', 3);
    const second = s1.hold('FO-o1-1:1', 'SKU-1', 3);
    expect(second.holdId).not.toBe(first.holdId);
    expect(s1.available('SKU-1')).toBe(4);
    expect(s1.holdsOf('FO-o1-1:1').map((hold) => hold.holdId)).toEqual([first.holdId, second.holdId]);
  });

  it('finds holds by reference in any status, and answers an empty list for an unknown one', () => {
    const { pos } = setUp();
    const s1 = new PosClient(pos, 'S1');
    const hold = s1.hold('FO-o1-1:1', 'SKU-1', 1);
    s1.delete(`/holds/${hold.holdId}`);
    expect(s1.holdsOf('FO-o1-1:1').map((found) => found.status)).toEqual(['RELEASED']);
    expect(s1.get('/holds?externalRef=nobody')).toMatchObject({ status: 200, body: { holds: [] } });
  });

  it('answers 409 with what is available when stock does not cover the hold', () => {
    const { pos } = setUp();
    const s1 = new PosClient(pos, 'S1');
    expect(s1.post('/holds', { externalRef: 'r', sku: 'SKU-1', quantity: 11, purpose: 'SHIP' })).toMatchObject({
      status: 409,
      body: { error: 'INSUFFICIENT_STOCK', sku: 'SKU-1', available: 10 },
    });
    s1.hold('r', 'SKU-1', 8);
    expect(s1.post('/holds', { externalRef: 'r', sku: 'SKU-1', quantity: 3, purpose: 'PICKUP' }).body).toEqual({
      error: 'INSUFFICIENT_STOCK',
      sku: 'SKU-1',
      available: 2,
    });
    expect(s1.post('/holds', { externalRef: 'r', sku: 'SKU-2', quantity: 1, purpose: 'SHIP' }).status).toBe(409);
    expect(s1.post('/holds', { externalRef: 'r', sku: 'SKU-1', quantity: 2, purpose: 'SHIP' }).status).toBe(201);
  });

  it('answers 404 UNKNOWN_SKU for a SKU the store does not carry', () => {
    const { pos } = setUp();
    expect(new PosClient(pos, 'S1').post('/holds', { externalRef: 'r', sku: 'SKU-9', quantity: 1, purpose: 'SHIP' })).toMatchObject({
      status: 404,
      body: { error: 'UNKNOWN_SKU', sku: 'SKU-9' },
    });
  });

  const valid = { externalRef: 'FO-1:1', sku: 'SKU-1', quantity: 1, purpose: 'SHIP' };
  it.each([
    ['externalRef', { ...valid, externalRef: undefined }, /^externalRef: expected a non-empty string, got nothing \(missing\)$/],
    ['externalRef', { ...valid, externalRef: '' }, /^externalRef: expected a non-empty string, got ""$/],
    ['externalRef', { ...valid, externalRef: 42 }, /^externalRef: expected a non-empty string, got 42$/],
    ['sku', { ...valid, sku: null }, /^sku: expected a non-empty string, got null$/],
    ['quantity', { ...valid, quantity: 0 }, /^quantity: expected a positive integer, got 0$/],
    ['quantity', { ...valid, quantity: -2 }, /^quantity: expected a positive integer, got -2$/],
    ['quantity', { ...valid, quantity: 1.5 }, /^quantity: expected a positive integer, got 1.5$/],
    ['quantity', { ...valid, quantity: '2' }, /^quantity: expected a positive integer, got "2"$/],
    ['purpose', { ...valid, purpose: 'DELIVER' }, /^purpose: expected "SHIP" or "PICKUP", got "DELIVER"$/],
    ['body', null, /^body: expected a JSON object .*, got null$/],
    ['body', [valid], /^body: expected a JSON object/],
  ])('answers 400 naming %s for %j', (_field, body, message) => {
    const { pos } = setUp();
    const response = new PosClient(pos, 'S1').post('/holds', body);
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ error: 'BAD_REQUEST', message: expect.stringMatching(message) });
  });

  it('does not create anything on a 400', () => {
    const { env, pos } = setUp();
    new PosClient(pos, 'S1').post('/holds', { ...valid, quantity: 0 });
    expect(pos.truth()[0]?.holds).toEqual([]);
    expect(env.records).toEqual([]);
  });
});

describe('POS release', () => {
  it('puts the stock back, and returns a released hold unchanged the second time', () => {
    const { pos } = setUp();
    const s1 = new PosClient(pos, 'S1');
    const hold = s1.hold('r', 'SKU-1', 4);
    const released = s1.delete(`/holds/${hold.holdId}`);
    expect(released).toMatchObject({ status: 200, body: { holdId: hold.holdId, status: 'RELEASED', seq: 2 } });
    expect(s1.available('SKU-1')).toBe(10);
    expect(s1.delete(`/holds/${hold.holdId}`)).toMatchObject({ status: 200, body: { status: 'RELEASED', seq: 2 } });
  });

  it('refuses to pick a released hold, and knows no unknown hold', () => {
    const { pos } = setUp();
    const s1 = new PosClient(pos, 'S1');
    const hold = s1.hold('r', 'SKU-1', 1);
    s1.delete(`/holds/${hold.holdId}`);
    expect(s1.post(`/holds/${hold.holdId}/pick`)).toMatchObject({ status: 409, body: { error: 'HOLD_RELEASED' } });
    expect(s1.post('/holds/H-S1-99/pick')).toMatchObject({ status: 404, body: { error: 'UNKNOWN_HOLD' } });
    expect(s1.delete('/holds/H-S1-99')).toMatchObject({ status: 404, body: { error: 'UNKNOWN_HOLD' } });
  });

  it('keeps every request for a hold id it never issued in the trace, for the protocol check', () => {
    const { pos, env } = setUp();
    const s1 = new PosClient(pos, 'S1');
    const hold = s1.hold('r', 'SKU-1', 1);
    s1.post(`/holds/${hold.holdId}/pick`);
    s1.delete('/holds/null');
    new PosClient(pos, 'S2').post(`/holds/${hold.holdId}/pick`);
    expect(env.records.filter((record) => record.kind === 'pos.hold.unknown').map((record) => [record.reference, record.detail])).toEqual([
      ['null', 'S1 release of null: this store never issued that hold id'],
      [hold.holdId, `S2 pick of ${hold.holdId}: this store never issued that hold id`],
    ]);
  });

  it('refuses to release a shipped hold', () => {
    const { env, pos } = setUp();
    const s1 = new PosClient(pos, 'S1');
    const hold = s1.hold('r', 'SKU-1', 1);
    s1.post(`/holds/${hold.holdId}/pick`);
    env.advance(30 * 60_000);
    expect(s1.delete(`/holds/${hold.holdId}`)).toMatchObject({ status: 409, body: { error: 'ALREADY_FULFILLED', status: 'SHIPPED' } });
  });
});

describe('POS pick request', () => {
  it('moves HELD to PICK_REQUESTED once; asking again returns the hold unchanged', () => {
    const { env, pos } = setUp();
    const s1 = new PosClient(pos, 'S1');
    const hold = s1.hold('r', 'SKU-1', 1);
    const first = s1.post(`/holds/${hold.holdId}/pick`);
    expect(first).toMatchObject({ status: 200, body: { status: 'PICK_REQUESTED', seq: 2 } });
    expect(s1.post(`/holds/${hold.holdId}/pick`)).toEqual(first);
    expect(env.pending()).toHaveLength(1);
    expect(env.recordsOf('pos.hold.pick_requested')).toHaveLength(1);
  });
});

describe('POS changedSince', () => {
  it('returns holds changed after the cursor, by seq, with the last seq as the new cursor', () => {
    const { pos } = setUp();
    const s1 = new PosClient(pos, 'S1');
    const a = s1.hold('a', 'SKU-1', 1); // seq 1
    const b = s1.hold('b', 'SKU-1', 1); // seq 2
    s1.post(`/holds/${a.holdId}/pick`); // a -> seq 3
    const page = (since: number): { ids: string[]; seqs: number[]; cursor: number } => {
      const body = s1.get(`/holds?changedSince=${since}`).body as { holds: PosHold[]; cursor: number };
      return { ids: body.holds.map((hold) => hold.holdId), seqs: body.holds.map((hold) => hold.seq), cursor: body.cursor };
    };
    expect(page(0)).toEqual({ ids: [b.holdId, a.holdId], seqs: [2, 3], cursor: 3 });
    expect(page(2)).toEqual({ ids: [a.holdId], seqs: [3], cursor: 3 });
    expect(page(3)).toEqual({ ids: [], seqs: [], cursor: 3 });
    expect(page(50)).toEqual({ ids: [], seqs: [], cursor: 50 });
  });

  it.each(['-1', 'abc', '1.5', '', '1e3'])('answers 400 for changedSince=%j', (since) => {
    const { pos } = setUp();
    const response = new PosClient(pos, 'S1').get(`/holds?changedSince=${since}`);
    expect(response).toMatchObject({ status: 400, body: { error: 'BAD_REQUEST', message: expect.stringContaining('changedSince') } });
  });

  it('answers 400 when the query names neither or both lookups', () => {
    const { pos } = setUp();
    const s1 = new PosClient(pos, 'S1');
    expect(s1.get('/holds').status).toBe(400);
    expect(s1.get('/holds?externalRef=a&changedSince=0').status).toBe(400);
  });

  it('numbers each store on its own', () => {
    const { pos } = setUp();
    new PosClient(pos, 'S1').hold('a', 'SKU-1', 1);
    new PosClient(pos, 'S1').hold('b', 'SKU-1', 1);
    expect(new PosClient(pos, 'S2').hold('c', 'SKU-1', 1)).toMatchObject({ holdId: 'H-S2-1', seq: 1 });
  });
});

describe('POS routing', () => {
  it.each([
    ['GET', '/nope'],
    ['PUT', '/holds'],
    ['DELETE', '/holds'],
    ['POST', '/inventory'],
    ['GET', '/holds/H-S1-1'],
    ['POST', '/holds/H-S1-1/pick/now'],
  ] as const)('answers 404 NO_ROUTE for %s %s', (method, path) => {
    const { pos } = setUp();
    expect(pos.handle('S1', { method, path, headers: {} })).toMatchObject({ status: 404, body: { error: 'NO_ROUTE' } });
  });

  it('answers 404 UNKNOWN_STORE for a store it does not run', () => {
    const { pos } = setUp();
    expect(pos.handle('S9', { method: 'GET', path: '/inventory', headers: {} })).toMatchObject({
      status: 404,
      body: { error: 'UNKNOWN_STORE' },
    });
  });

  it('answers 400 for a path with a broken escape', () => {
    const { pos } = setUp();
    expect(pos.handle('S1', { method: 'DELETE', path: '/holds/%E0%A4%A', headers: {} }).status).toBe(400);
  });
});

describe('POS responses are copies', () => {
  it('changing a response or the truth changes nothing inside the fake', () => {
    const { pos } = setUp();
    const s1 = new PosClient(pos, 'S1');
    const hold = s1.hold('a', 'SKU-1', 1);
    hold.status = 'SHIPPED';
    hold.quantity = 99;
    s1.holdsOf('a')[0]!.status = 'READY';
    const truth = pos.truth()[0]!;
    (truth.holds[0] as PosHold).status = 'PICKED_UP';
    (truth.onHand as Map<string, number>).set('SKU-1', 0);
    expect(s1.holdsOf('a')[0]).toMatchObject({ status: 'HELD', quantity: 1 });
    expect(pos.truth()[0]?.onHand.get('SKU-1')).toBe(10);
  });
});

describe('POS local time', () => {
  it('reports each store in its own zone, without an offset', () => {
    const { pos } = setUp();
    const inNewYork = new PosClient(pos, 'S1').hold('a', 'SKU-1', 1);
    const inTokyo = new PosClient(pos, 'S2').hold('b', 'SKU-1', 1);
    expect(inNewYork.createdLocal).toBe('2026-11-27T09:05:00');
    expect(inTokyo.createdLocal).toBe('2026-11-27T23:05:00');
    expect((new PosClient(pos, 'S2').get('/inventory').body as { asOfLocal: string }).asOfLocal).toBe('2026-11-27T23:05:00');
    for (const stamp of [inNewYork.createdLocal, inNewYork.updatedLocal, inTokyo.createdLocal]) {
      expect(stamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
    }
  });
});

describe('POS queries for the invariant checkers', () => {
  it('finds holds by reference across stores, and reads one SKU position', () => {
    const { pos } = setUp();
    new PosClient(pos, 'S2').hold('FO-1:1', 'SKU-1', 1);
    new PosClient(pos, 'S1').hold('FO-1:1', 'SKU-1', 3);
    new PosClient(pos, 'S1').hold('FO-2:1', 'SKU-1', 1);
    expect(pos.holdsWithReference('FO-1:1').map(({ storeId, hold }) => `${storeId} ${hold.holdId}`)).toEqual(['S1 H-S1-1', 'S2 H-S2-1']);
    expect(pos.position('S1', 'SKU-1')).toEqual({ sku: 'SKU-1', onHand: 10, held: 4, available: 6 });
    expect(pos.position('S1', 'SKU-9')).toEqual({ sku: 'SKU-9', onHand: 0, held: 0, available: 0 });
    expect(() => pos.position('S9', 'SKU-1')).toThrow(/unknown store "S9"/);
  });
});
