/**
 * The POS's per-request quirks, each alone: what `exchange` answers, what it applies, what it
 * counts and traces; plus determinism and stream independence.
 */
import { describe, expect, it, vi } from 'vitest';
import type { FakeExchange, FakeHttpRequest } from '../../legacy-fakes/http.ts';
import { PosFake } from '../../legacy-fakes/pos/pos-fake.ts';
import type { PosQuirks, PosStoreConfig } from '../../legacy-fakes/pos/pos-fake.ts';
import { holdBody, NEW_YORK, PosClient, setUp, START_MS, TOKYO } from './pos-helpers.ts';
import { HOUR_MS, TestEnv } from './test-env.ts';


function store(quirks: PosQuirks, base: PosStoreConfig = NEW_YORK): PosStoreConfig {
  return { ...base, quirks };
}

/** One store with these quirks, and a client for it. */
function quirky(quirks: PosQuirks, seed = 1): ReturnType<typeof setUp> & { s1: PosClient } {
  const world = setUp([store(quirks)], START_MS, seed);
  return { ...world, s1: new PosClient(world.pos, 'S1') };
}

function holdCount(pos: ReturnType<typeof setUp>['pos']): number {
  return pos.truth()[0]?.holds.length ?? -1;
}

describe('POS exchange without quirks', () => {
  it('answers at once exactly what handle answers, and opens no random stream beyond staff', () => {
    const env = new TestEnv(START_MS);
    const random = vi.spyOn(env, 'random');
    const viaExchange = new PosFake(env, [NEW_YORK, TOKYO]);
    const viaHandle = setUp();
    const requests: FakeHttpRequest[] = [
      { method: 'POST', path: '/holds', headers: {}, body: holdBody('FO-1:1') },
      { method: 'POST', path: '/holds', headers: {}, body: holdBody('FO-1:1') },
      { method: 'POST', path: '/holds/H-S1-1/pick', headers: {} },
      { method: 'DELETE', path: '/holds/H-S1-2', headers: {} },
      { method: 'GET', path: '/inventory', headers: {} },
      { method: 'GET', path: '/nope', headers: {} },
    ];
    for (const request of requests) {
      expect(viaExchange.exchange('S1', request)).toEqual({ kind: 'answered', response: viaHandle.pos.handle('S1', request), serviceMs: 0 });
    }
    viaHandle.env.advance(HOUR_MS);
    env.advance(HOUR_MS);
    expect(env.records).toEqual(viaHandle.env.records);
    expect(random.mock.calls).toEqual([['pos.S1.staff'], ['pos.S2.staff']]);
  });

  it('answers 404 UNKNOWN_STORE for a store it does not run', () => {
    const { pos } = setUp();
    expect(pos.exchange('S9', { method: 'GET', path: '/inventory', headers: {} })).toEqual({
      kind: 'answered',
      response: { status: 404, headers: { 'content-type': 'application/json' }, body: { error: 'UNKNOWN_STORE' } },
      serviceMs: 0,
    });
  });

  it('counts nothing, and names every quirk with zero', () => {
    const { pos } = setUp();
    new PosClient(pos, 'S1').exchange('GET', '/inventory');
    expect(pos.quirkCounts()).toEqual({
      'pos.ghost_success': 0,
      'pos.lost_request': 0,
      'pos.error_in_body': 0,
      'pos.garbled_reply': 0,
      'pos.unavailable': 0,
      'pos.offline_hang': 0,
      'pos.offline_refuse': 0,
      'pos.unauthorized': 0,
      'pos.in_store_sale': 0,
      'pos.sales_forwarded': 0,
      'pos.hold_rejected_not_on_shelf': 0,
      'pos.queued': 0,
      'pos.duplicate_hold': 0,
    });
  });
});

describe('POS ghost success', () => {
  it('applies the request and loses the reply', () => {
    const { env, pos, s1 } = quirky({ ghostSuccess: [1, 1] });
    const outcome = s1.exchange('POST', '/holds', holdBody('FO-1:1'));
    expect(outcome).toMatchObject({ kind: 'reply-lost', response: { status: 201, body: { holdId: 'H-S1-1' } }, serviceMs: 0 });
    expect(s1.holdsOf('FO-1:1').map((hold) => hold.status)).toEqual(['HELD']);
    expect(pos.quirkCounts()['pos.ghost_success']).toBe(1);
    expect(env.recordsOf('pos.quirk.ghost_success')).toEqual([{ atMs: START_MS, kind: 'pos.quirk.ghost_success', reference: 'FO-1:1', detail: 'S1 POST /holds' }]);
  });

  it('traces a request that names a hold by id with that hold reference', () => {
    const { env, s1 } = quirky({ ghostSuccess: [1, 1] });
    const outcome = s1.exchange('POST', '/holds', holdBody('FO-1:1'));
    const holdId = (outcome as Extract<FakeExchange, { kind: 'reply-lost' }>).response.body as { holdId: string };
    s1.exchange('DELETE', `/holds/${holdId.holdId}`);
    s1.exchange('GET', '/inventory');
    expect(env.recordsOf('pos.quirk.ghost_success').map((record) => record.reference)).toEqual(['FO-1:1', 'FO-1:1', '']);
    expect(s1.holdsOf('FO-1:1')[0]?.status).toBe('RELEASED');
  });
});

describe('POS lost request', () => {
  it('applies nothing and answers nothing', () => {
    const { env, pos, s1 } = quirky({ lostRequest: [1, 1] });
    expect(s1.exchange('POST', '/holds', holdBody('FO-1:1'))).toEqual({ kind: 'request-lost' });
    expect(holdCount(pos)).toBe(0);
    expect(env.recordsOf('pos.hold.created')).toEqual([]);
    expect(pos.quirkCounts()['pos.lost_request']).toBe(1);
    expect(env.recordsOf('pos.quirk.lost_request')[0]?.reference).toBe('FO-1:1');
  });
});

describe('POS error in body', () => {
  it('answers 200 with an error and applies nothing', () => {
    const { pos, s1 } = quirky({ errorInBody: [1, 1] });
    const outcome = s1.exchange('POST', '/holds', holdBody('FO-1:1'));
    expect(outcome).toEqual({
      kind: 'answered',
      response: { status: 200, headers: { 'content-type': 'application/json' }, body: { error: 'POS_INTERNAL', message: expect.any(String) } },
      serviceMs: 0,
    });
    expect(holdCount(pos)).toBe(0);
    expect(pos.quirkCounts()['pos.error_in_body']).toBe(1);
  });
});

describe('POS unavailable', () => {
  it('answers 503 with retry-after, at once, and applies nothing', () => {
    const { pos, s1 } = quirky({ unavailable: { ratio: [1, 1], retryAfterSeconds: 30 }, serviceMs: { min: 100, max: 100 } });
    const outcome = s1.exchange('POST', '/holds', holdBody('FO-1:1'));
    expect(outcome).toEqual({
      kind: 'answered',
      response: { status: 503, headers: { 'content-type': 'application/json', 'retry-after': '30' }, body: { error: 'UNAVAILABLE' } },
      serviceMs: 0,
    });
    expect(holdCount(pos)).toBe(0);
    expect(pos.quirkCounts()).toMatchObject({ 'pos.unavailable': 1, 'pos.queued': 0 });
  });
});

describe('POS offline windows', () => {
  const hang = { fromMs: START_MS + HOUR_MS, toMs: START_MS + 2 * HOUR_MS, mode: 'hang' as const };
  const refuse = { fromMs: START_MS + 3 * HOUR_MS, toMs: START_MS + 4 * HOUR_MS, mode: 'refuse' as const };

  it('hangs or refuses inside a window, applying nothing, and answers normally outside', () => {
    const { env, pos, s1 } = quirky({ offline: [hang, refuse] });
    const kindAt = (atMs: number, ref: string): string => {
      env.runUntil(atMs);
      return s1.exchange('POST', '/holds', holdBody(ref)).kind;
    };
    expect(kindAt(hang.fromMs - 1, 'before')).toBe('answered');
    expect(kindAt(hang.fromMs, 'hang-start')).toBe('hung');
    expect(kindAt(hang.toMs - 1, 'hang-end')).toBe('hung');
    expect(kindAt(hang.toMs, 'between')).toBe('answered');
    expect(kindAt(refuse.fromMs, 'refuse-start')).toBe('refused');
    expect(kindAt(refuse.toMs, 'after')).toBe('answered');
    expect(pos.truth()[0]?.holds.map((hold) => hold.externalRef)).toEqual(['before', 'between', 'after']);
    expect(pos.quirkCounts()).toMatchObject({ 'pos.offline_hang': 2, 'pos.offline_refuse': 1 });
    expect(env.recordsOf('pos.quirk.offline_refuse')).toEqual([{ atMs: refuse.fromMs, kind: 'pos.quirk.offline_refuse', reference: 'refuse-start', detail: 'S1 POST /holds' }]);
  });

  it('draws no fault for a request the outage swallowed', () => {
    const { env, s1 } = quirky({ offline: [hang], ghostSuccess: [1, 1] });
    env.runUntil(hang.fromMs);
    expect(s1.exchange('GET', '/inventory').kind).toBe('hung');
    env.runUntil(hang.toMs);
    expect(s1.exchange('GET', '/inventory').kind).toBe('reply-lost');
  });

  it('leaves handle (the protocol) alone', () => {
    const { env, s1 } = quirky({ offline: [hang] });
    env.runUntil(hang.fromMs);
    expect(s1.post('/holds', holdBody('r')).status).toBe(201);
  });
});

describe('POS API key', () => {
  it('answers 401 to a missing or wrong key, in handle and exchange, changing nothing', () => {
    const { env, pos } = setUp([store({ apiKey: 'secret-1' })]);
    const before = pos.truth();
    const attempts: Record<string, string>[] = [{}, { 'x-api-key': 'wrong' }, { 'x-api-key': 'SECRET-1' }];
    for (const headers of attempts) {
      const client = new PosClient(pos, 'S1', headers);
      expect(client.post('/holds', holdBody('FO-1:1'))).toEqual({
        status: 401,
        headers: { 'content-type': 'application/json' },
        body: { error: 'UNAUTHORIZED', message: expect.stringMatching(/^x-api-key: expected this store's API key, got (none|a different key)$/) },
      });
      expect(client.exchange('GET', '/inventory')).toMatchObject({ kind: 'answered', response: { status: 401 } });
    }
    expect(pos.truth()).toEqual(before);
    expect(env.recordsOf('pos.hold.created')).toEqual([]);
    expect(pos.quirkCounts()['pos.unauthorized']).toBe(6);
    expect(JSON.stringify(env.records)).not.toContain('secret-1');
  });

  it('lets the right key through, whatever the header name case', () => {
    const { pos } = setUp([store({ apiKey: 'secret-1' })]);
    expect(new PosClient(pos, 'S1', { 'x-api-key': 'secret-1' }).post('/holds', holdBody('a')).status).toBe(201);
    expect(new PosClient(pos, 'S1', { 'X-Api-Key': 'secret-1' }).exchange('POST', '/holds', holdBody('b'))).toMatchObject({ response: { status: 201 } });
    expect(pos.quirkCounts()['pos.unauthorized']).toBe(0);
  });
});

describe('POS register queue', () => {
  it('makes the second of two simultaneous requests wait for the first', () => {
    const { env, pos, s1 } = quirky({ serviceMs: { min: 100, max: 100 } });
    const first = s1.exchange('POST', '/holds', holdBody('a'));
    const second = s1.exchange('POST', '/holds', holdBody('b'));
    expect(first).toMatchObject({ kind: 'answered', serviceMs: 100 });
    expect(second).toMatchObject({ kind: 'answered', serviceMs: 200 });
    // The state changes when a request arrives (documented simplification).
    expect(holdCount(pos)).toBe(2);
    expect(pos.quirkCounts()['pos.queued']).toBe(1);
    expect(env.recordsOf('pos.quirk.queued')).toEqual([{ atMs: START_MS, kind: 'pos.quirk.queued', reference: 'b', detail: 'S1 POST /holds waited 100ms' }]);
  });

  it('includes the earlier service in the wait, and stops waiting once the worker is idle', () => {
    const { env, s1 } = quirky({ serviceMs: { min: 50, max: 150 } });
    const times = [1, 2, 3].map(() => (s1.exchange('GET', '/inventory') as { serviceMs: number }).serviceMs);
    expect(times[0]).toBeGreaterThanOrEqual(50);
    expect(times[0]).toBeLessThanOrEqual(150);
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(50);
    expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(50);
    env.advance(times[2]!);
    const idle = (s1.exchange('GET', '/inventory') as { serviceMs: number }).serviceMs;
    expect(idle).toBeLessThanOrEqual(150);
  });

  it('serves requests on as many workers as the store has registers, each waiting for the first one free', () => {
    const env = new TestEnv(START_MS);
    const pos = new PosFake(env, [{ ...store({ serviceMs: { min: 100, max: 100 } }), registers: 3 }]);
    const s1 = new PosClient(pos, 'S1');
    const times = [1, 2, 3, 4, 5, 6, 7].map(() => (s1.exchange('GET', '/inventory') as { serviceMs: number }).serviceMs);
    expect(times).toEqual([100, 100, 100, 200, 200, 200, 300]);
    expect(pos.quirkCounts()['pos.queued']).toBe(4);
    env.advance(250);
    // Two workers are free again (their queues ended at 200), the third is busy until 300.
    expect([1, 2, 3].map(() => (s1.exchange('GET', '/inventory') as { serviceMs: number }).serviceMs)).toEqual([100, 100, 150]);
  });

  it('refuses a register count that is not a whole number from 1, naming the store', () => {
    for (const registers of [0, 1.5, -2]) {
      expect(() => new PosFake(new TestEnv(START_MS), [{ ...NEW_YORK, registers }])).toThrow(/stores\[0\]\.registers: expected a whole number from 1 to 100000, got/);
    }
  });

  it('serves a request that arrives mid-service after the rest of that service', () => {
    const { env, s1 } = quirky({ serviceMs: { min: 100, max: 100 } });
    s1.exchange('GET', '/inventory');
    env.advance(30);
    expect(s1.exchange('GET', '/inventory')).toMatchObject({ serviceMs: 170 });
  });

  it('times a ghost success too, but not a lost request', () => {
    const ghost = quirky({ serviceMs: { min: 100, max: 100 }, ghostSuccess: [1, 1] });
    expect(ghost.s1.exchange('GET', '/inventory')).toMatchObject({ kind: 'reply-lost', serviceMs: 100 });
    const lost = quirky({ serviceMs: { min: 100, max: 100 }, lostRequest: [1, 1] });
    lost.s1.exchange('GET', '/inventory');
    lost.s1.exchange('GET', '/inventory');
    expect(lost.pos.quirkCounts()['pos.queued']).toBe(0);
  });
});

describe('POS duplicate holds', () => {
  it('accepts a second hold for a live reference and counts it; a released one does not count', () => {
    const { env, pos } = setUp();
    const s1 = new PosClient(pos, 'S1');
    const first = s1.hold('FO-1:1', 'SKU-1', 1);
    s1.hold('FO-1:1', 'SKU-1', 1);
    expect(pos.quirkCounts()['pos.duplicate_hold']).toBe(1);
    expect(env.recordsOf('pos.quirk.duplicate_hold').map((record) => record.reference)).toEqual(['FO-1:1']);
    for (const hold of s1.holdsOf('FO-1:1')) s1.delete(`/holds/${hold.holdId}`);
    s1.hold('FO-1:1', 'SKU-1', 1);
    new PosClient(pos, 'S2').hold('FO-1:1', 'SKU-1', 1); // another store: not a duplicate there
    expect(pos.quirkCounts()['pos.duplicate_hold']).toBe(1);
    expect(first.holdId).toBe('H-S1-1');
  });
});

describe('POS fault draws', () => {
  const outcomes = (quirks: PosQuirks, seed: number, count = 60): string[] => {
    const { s1 } = quirky(quirks, seed);
    return Array.from({ length: count }, () => s1.exchange('GET', '/inventory').kind);
  };
  const indexesOf = (kinds: readonly string[], kind: string): number[] => kinds.flatMap((each, index) => (each === kind ? [index] : []));

  it('gives the same outcomes for the same seed, and other outcomes for another seed', () => {
    const quirks: PosQuirks = { ghostSuccess: [1, 3] };
    const first = outcomes(quirks, 7);
    expect(outcomes(quirks, 7)).toEqual(first);
    expect(outcomes(quirks, 8)).not.toEqual(first);
    expect(indexesOf(first, 'reply-lost').length).toBeGreaterThan(5);
    expect(indexesOf(first, 'reply-lost').length).toBeLessThan(40);
  });

  it('never reshuffles one fault when another is added', () => {
    const alone = indexesOf(outcomes({ ghostSuccess: [1, 3] }, 3), 'reply-lost');
    // errorInBody comes after ghostSuccess in precedence: the ghosts stay exactly where they were.
    expect(indexesOf(outcomes({ ghostSuccess: [1, 3], errorInBody: [1, 2] }, 3), 'reply-lost')).toEqual(alone);
    // lostRequest comes first: it takes some requests, and every other ghost stays.
    const withLost = outcomes({ ghostSuccess: [1, 3], lostRequest: [1, 4] }, 3);
    const lost = indexesOf(withLost, 'request-lost');
    expect(lost.length).toBeGreaterThan(0);
    expect(indexesOf(withLost, 'reply-lost')).toEqual(alone.filter((index) => !lost.includes(index)));
  });

  it('keeps each store on its own streams', () => {
    const run = (tokyoQuirks: PosQuirks | undefined): string[] => {
      const { pos } = setUp([store({ ghostSuccess: [1, 2] }), { ...TOKYO, ...(tokyoQuirks === undefined ? {} : { quirks: tokyoQuirks }) }]);
      return Array.from({ length: 40 }, () => {
        pos.exchange('S2', { method: 'GET', path: '/inventory', headers: {} });
        return pos.exchange('S1', { method: 'GET', path: '/inventory', headers: {} }).kind;
      });
    };
    expect(run({ ghostSuccess: [1, 2], lostRequest: [1, 3] })).toEqual(run(undefined));
  });

  it('fires at most one fault per request, the first in precedence order', () => {
    const { pos, s1 } = quirky({ unavailable: { ratio: [1, 1], retryAfterSeconds: 1 }, lostRequest: [1, 1], ghostSuccess: [1, 1], errorInBody: [1, 1] });
    expect(s1.exchange('GET', '/inventory')).toMatchObject({ response: { status: 503 } });
    expect(pos.quirkCounts()).toMatchObject({ 'pos.unavailable': 1, 'pos.lost_request': 0, 'pos.ghost_success': 0, 'pos.error_in_body': 0 });
  });
});

describe('POS quirk counts', () => {
  it('adds up across stores and quirks, and hands out a copy', () => {
    const { pos } = setUp([store({ ghostSuccess: [1, 1] }), { ...TOKYO, quirks: { lostRequest: [1, 1], apiKey: 'k' } }]);
    for (let index = 0; index < 3; index += 1) pos.exchange('S1', { method: 'GET', path: '/inventory', headers: {} });
    pos.exchange('S2', { method: 'GET', path: '/inventory', headers: {} });
    pos.handle('S2', { method: 'GET', path: '/inventory', headers: {} });
    const counts = pos.quirkCounts();
    expect(counts).toMatchObject({ 'pos.ghost_success': 3, 'pos.lost_request': 1, 'pos.unauthorized': 1 });
    (counts as Record<string, number>)['pos.ghost_success'] = 0;
    expect(pos.quirkCounts()['pos.ghost_success']).toBe(3);
  });
});
