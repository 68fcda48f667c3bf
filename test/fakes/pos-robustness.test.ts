/**
 * Whatever a caller sends, the POS answers: a documented status, a JSON error naming the
 * problem for every 4xx, never a throw, and never a change of state on a refused request.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { FakeExchange, FakeHttpRequest, FakeHttpResponse } from '../../legacy-fakes/http.ts';
import type { PosFake, PosStoreConfig } from '../../legacy-fakes/pos/pos-fake.ts';
import { holdBody, NEW_YORK, PosClient, setUp, START_MS } from './pos-helpers.ts';
import { fuzzRuns } from '../fuzz-runs.ts';

const KEY = 'k-123';
/** Every status docs/legacy-protocols.md lists for the POS. */
const DOCUMENTED_STATUSES = new Set([200, 201, 400, 401, 404, 409]);
/** What a store with every quirk can also answer. */
const EXCHANGE_STATUSES = new Set([...DOCUMENTED_STATUSES, 503]);
const LONG = 'x'.repeat(201);

const oddSegmentArb = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom('%E0%A4%A', '%', '%2F', '%zz', '..', ' ', 'holds%2Fpick', 'H-S1-1%00', 'inventory') },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.constantFrom(LONG, 'y'.repeat(5000)) },
);
const holdIdArb = fc.oneof({ weight: 4, arbitrary: fc.constantFrom('H-S1-1', 'H-S1-2', 'H-S1-3', 'H-S1-4', 'H-S1-99') }, { weight: 1, arbitrary: oddSegmentArb });
const queryArb = fc.oneof(
  fc.constantFrom('?externalRef=FO-a:1', '?externalRef=FO-b:1', '?externalRef=', `?externalRef=${LONG}`, '?externalRef=%E0%A4%A', '?externalRef=a&changedSince=0', ''),
  fc.nat(20).map((seq) => `?changedSince=${seq}`),
  fc.constantFrom('?changedSince=-1', '?changedSince=1e3', '?changedSince=99999999999999999999', '?'),
  fc.string({ maxLength: 16 }).map((text) => `?${text}`),
);
const anyShapeArb = fc
  .tuple(fc.array(fc.oneof(fc.constantFrom('inventory', 'holds', 'pick', 'H-S1-1'), oddSegmentArb), { maxLength: 4 }), queryArb, fc.boolean())
  .map(([segments, query, slash]) => `${slash ? '/' : ''}${segments.join('/')}${query}`);

const fieldArb = fc.oneof(
  fc.constantFrom('FO-a:1', 'FO-b:1', 'SKU-1', 'SKU-2', 'SKU-3', 'SKU-9', 'SHIP', 'PICKUP', '', LONG),
  fc.integer({ min: -3, max: 12 }),
  fc.constantFrom(1.5, Number.MAX_SAFE_INTEGER + 2, null, true, [], {}),
  fc.string({ maxLength: 8 }),
);
const holdishArb = fc.record(
  { externalRef: fieldArb, sku: fieldArb, quantity: fieldArb, purpose: fieldArb, extra: fieldArb },
  { requiredKeys: [] },
);
const bodyArb = fc.oneof(
  { weight: 3, arbitrary: holdishArb },
  { weight: 3, arbitrary: fc.constantFrom(holdBody('FO-a:1', 'SKU-1', 2), holdBody('FO-b:1', 'SKU-3', 1, 'PICKUP'), holdBody('FO-c:1', 'SKU-1', 4), holdBody('FO-d:1', 'SKU-9', 1)) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  { weight: 1, arbitrary: fc.constantFrom(undefined, null, 'text', 42, [holdBody('a')]) },
);
const headersArb: fc.Arbitrary<Record<string, string>> = fc.oneof(
  { weight: 6, arbitrary: fc.constant({ 'x-api-key': KEY }) },
  { weight: 1, arbitrary: fc.constantFrom<Record<string, string>>({}, { 'x-api-key': 'wrong' }, { 'X-API-KEY': KEY }) },
);
const methodArb = fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'get', '') as fc.Arbitrary<FakeHttpRequest['method']>;
/** Mostly the routes' own shapes with odd parts mixed in, so most requests get past the router. */
const shapeArb: fc.Arbitrary<Pick<FakeHttpRequest, 'method' | 'path' | 'body'>> = fc.oneof(
  fc.constantFrom('/inventory', '/inventory?x=1', 'inventory').map((path) => ({ method: 'GET' as const, path })),
  queryArb.map((query) => ({ method: 'GET' as const, path: `/holds${query}` })),
  { weight: 3, arbitrary: bodyArb.map((body) => ({ method: 'POST' as const, path: '/holds', body })) },
  { weight: 2, arbitrary: holdIdArb.map((holdId) => ({ method: 'POST' as const, path: `/holds/${holdId}/pick` })) },
  { weight: 2, arbitrary: holdIdArb.map((holdId) => ({ method: 'DELETE' as const, path: `/holds/${holdId}` })) },
  { weight: 2, arbitrary: fc.record({ method: methodArb, path: anyShapeArb, body: bodyArb }) },
);
const requestArb: fc.Arbitrary<FakeHttpRequest> = fc.tuple(shapeArb, headersArb).map(([shape, headers]) => ({ ...shape, headers }));

function checkResponse(response: FakeHttpResponse, statuses: ReadonlySet<number>): void {
  expect(statuses.has(response.status), `status ${response.status}`).toBe(true);
  expect(response.headers['content-type']).toBe('application/json');
  expect(typeof response.body).toBe('object');
  if (response.status >= 400) expect(typeof (response.body as { error?: unknown }).error).toBe('string');
  if (response.status === 400) expect((response.body as { message?: unknown }).message).toMatch(/^[A-Za-z]+: expected /);
}

function seeded(quirks: PosStoreConfig['quirks']): { env: ReturnType<typeof setUp>['env']; pos: PosFake } {
  const { env, pos } = setUp([{ ...NEW_YORK, quirks: { apiKey: KEY, ...quirks } }]);
  const s1 = new PosClient(pos, 'S1', { 'x-api-key': KEY });
  s1.hold('FO-a:1', 'SKU-1', 2);
  s1.post(`/holds/${s1.hold('FO-b:1', 'SKU-3', 1, 'PICKUP').holdId}/pick`);
  return { env, pos };
}

describe('POS robustness', () => {
  it('answers every random request with a documented status, and changes nothing on a 4xx', () => {
    fc.assert(
      fc.property(fc.array(requestArb, { minLength: 10, maxLength: 40 }), (requests) => {
        const { pos } = seeded({});
        for (const request of requests) {
          const before = pos.truth();
          const response = pos.handle('S1', request);
          checkResponse(response, DOCUMENTED_STATUSES);
          if (response.status >= 400 && response.status < 500) expect(pos.truth()).toEqual(before);
        }
      }),
      { numRuns: fuzzRuns(300) },
    );
  });

  it('keeps to the exchange outcomes through every quirk, and applies nothing it did not answer', () => {
    const quirks: PosStoreConfig['quirks'] = {
      serviceMs: { min: 0, max: 200 },
      ghostSuccess: [1, 10],
      lostRequest: [1, 10],
      errorInBody: [1, 10],
      unavailable: { ratio: [1, 10], retryAfterSeconds: 5 },
      offline: [{ fromMs: START_MS + 3_600_000, toMs: START_MS + 7_200_000, mode: 'hang' }],
      inStoreShoppers: { salesPerOpenHour: 20, quantity: { min: 1, max: 2 } },
    };
    fc.assert(
      fc.property(fc.array(fc.tuple(requestArb, fc.nat(600_000)), { minLength: 1, maxLength: 30 }), (steps) => {
        const { env, pos } = seeded(quirks);
        for (const [request, gapMs] of steps) {
          env.advance(gapMs);
          const before = pos.truth();
          const outcome: FakeExchange = pos.exchange('S1', request);
          if (outcome.kind === 'answered' || outcome.kind === 'reply-lost') {
            checkResponse(outcome.response, EXCHANGE_STATUSES);
            expect(Number.isSafeInteger(outcome.serviceMs) && outcome.serviceMs >= 0).toBe(true);
          }
          const refused = outcome.kind === 'request-lost' || outcome.kind === 'hung' || outcome.kind === 'refused';
          const answeredNo = outcome.kind === 'answered' && (outcome.response.status >= 400 || (outcome.response.body as { error?: unknown }).error !== undefined);
          if (refused || answeredNo) expect(pos.truth()).toEqual(before);
        }
      }),
      { numRuns: fuzzRuns(150) },
    );
  });

  it.each([
    ['externalRef', holdBody(LONG), /^externalRef: expected at most 200 characters, got "x{80}"\.\.\. \(201 characters\)$/],
    ['sku', holdBody('FO-1:1', LONG), /^sku: expected at most 200 characters, got "x{80}"\.\.\. \(201 characters\)$/],
  ])('refuses a %s over 200 characters, naming the field and the limit', (_field, body, message) => {
    const { pos } = setUp();
    expect(new PosClient(pos, 'S1').post('/holds', body)).toEqual({
      status: 400,
      headers: { 'content-type': 'application/json' },
      body: { error: 'BAD_REQUEST', message: expect.stringMatching(message) },
    });
    expect(pos.truth()[0]?.holds).toEqual([]);
  });

  it('accepts a reference of exactly 200 characters, and refuses a longer one in a lookup', () => {
    const { pos } = setUp();
    const s1 = new PosClient(pos, 'S1');
    expect(s1.hold('r'.repeat(200), 'SKU-1', 1).externalRef).toHaveLength(200);
    expect(s1.get(`/holds?externalRef=${LONG}`)).toMatchObject({ status: 400, body: { message: expect.stringMatching(/^externalRef: expected at most 200/) } });
  });

  it('answers a request that is not even an object, or has no string path, with a 400', () => {
    const { pos } = setUp();
    expect(pos.handle('S1', null as unknown as FakeHttpRequest)).toMatchObject({ status: 400, body: { error: 'BAD_REQUEST' } });
    expect(pos.handle('S1', { method: 'GET', path: 42, headers: {} } as unknown as FakeHttpRequest)).toMatchObject({
      status: 400,
      body: { message: 'path: expected a string, got 42' },
    });
    expect(pos.exchange('S1', { method: 'GET', headers: {} } as unknown as FakeHttpRequest)).toMatchObject({ kind: 'answered', response: { status: 400 } });
  });

  it('takes a reference exactly when it is well-formed Unicode, so its change feed survives a strict UTF-8 reader', () => {
    const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code));
    const textArb = fc.oneof(fc.string({ unit: codeUnit, minLength: 1, maxLength: 6 }), fc.constantFrom('FO-\u{1F600}:1', 'FO-\uD83D:1', 'FO-\uDE00x:1', 'FO-\uDE00\uD83D:1'));
    fc.assert(
      fc.property(textArb, (externalRef) => {
        const { pos } = setUp();
        const s1 = new PosClient(pos, 'S1');
        const wellFormed = Buffer.from(externalRef, 'utf8').toString('utf8') === externalRef;
        const response = s1.post('/holds', holdBody(externalRef, 'SKU-1', 1));
        expect(response.status, JSON.stringify(externalRef)).toBe(wellFormed ? 201 : 400);
        if (!wellFormed) expect((response.body as { message: string }).message).toMatch(/^externalRef: expected well-formed Unicode text, got a lone surrogate U\+D[89A-F][0-9A-F]{2} at character \d+$/);
        // What a strict reader of the feed gets: UTF-8 bytes, decoded with errors fatal.
        const feed = JSON.stringify(s1.get('/holds?changedSince=0').body);
        expect(JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(feed, 'utf8')))).toEqual(JSON.parse(feed));
      }),
      { numRuns: fuzzRuns(200) },
    );
  });

  it('quotes at most 80 characters of a bad value', () => {
    const { pos } = setUp();
    const response = new PosClient(pos, 'S1').post('/holds', { ...holdBody('a'), quantity: 'q'.repeat(10_000) });
    expect((response.body as { message: string }).message.length).toBeLessThan(160);
  });
});
