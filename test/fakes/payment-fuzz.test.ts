import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { FakeHttpRequest } from '../../legacy-fakes/http.ts';
import type { PaymentTruth } from '../../legacy-fakes/payment/payment-fake.ts';
import { CONFIG, startGateway } from './payment-helpers.ts';
import { HOUR_MS } from './test-env.ts';
import { fuzzRuns } from '../fuzz-runs.ts';

const idArb = fc.oneof(fc.constantFrom('auth_1', 'auth_2', 'auth_3', 'cap_1', 'cap_2', 're_1', 'auth_0'), fc.string({ maxLength: 8 }).map(encodeURIComponent));
const pathArb = fc.oneof(
  fc.constant('/authorizations'),
  idArb.map((id) => `/authorizations/${id}`),
  idArb.map((id) => `/authorizations/${id}/captures`),
  idArb.map((id) => `/authorizations/${id}/void`),
  idArb.map((id) => `/captures/${id}/refunds`),
  fc.constantFrom('/authorizations?reference=o1', '/authorizations?reference=', '/authorizations?x=1', '/', '', '/%E0%A4%A', '/authorizations/%zz/void', '//captures//cap_1/refunds'),
  fc.string({ maxLength: 20 }),
);
const amountArb = fc.oneof(fc.integer({ min: 1, max: 400 }), fc.constantFrom(0, -1, 1.5, 99_999_999, 100_000_000, Number.NaN, Number.MAX_SAFE_INTEGER + 2), fc.anything());
const bodyArb = fc.oneof(
  fc.record({ reference: fc.oneof(fc.constantFrom('o1', 'o2'), fc.string({ maxLength: 5 })), amountCents: amountArb, currency: fc.constantFrom('USD', 'EUR', 'usd', 'EURO') }),
  fc.record({ amountCents: amountArb }),
  fc.record({ reference: fc.constant('o1'), amountCents: amountArb, currency: fc.constant('USD'), extra: fc.anything() }, { requiredKeys: ['reference', 'amountCents', 'currency'] }),
  fc.constant(undefined),
  fc.constant({}),
  fc.jsonValue(),
  fc.anything(),
);
const headersArb = fc.oneof(
  fc.constant({}),
  fc.constantFrom('k1', 'k2', 'k3', '', 'x'.repeat(300)).map((key) => ({ 'Idempotency-Key': key })),
  fc.dictionary(fc.string({ maxLength: 16 }), fc.string({ maxLength: 16 }), { maxKeys: 3 }),
);
/** Anything at all on the wire. */
const noisyArb: fc.Arbitrary<FakeHttpRequest> = fc.record({
  method: fc.constantFrom('GET', 'POST', 'POST', 'POST', 'PUT', 'DELETE'),
  path: pathArb,
  headers: headersArb,
  body: bodyArb,
});

/** What a client would send, against ids that often exist, with keys from a small pool so they collide. */
const authIdArb = fc.integer({ min: 1, max: 6 }).map((n) => `auth_${n}`);
const captureIdArb = fc.integer({ min: 1, max: 6 }).map((n) => `cap_${n}`);
const wellFormedArb: fc.Arbitrary<FakeHttpRequest> = fc
  .tuple(
    fc.oneof(
      fc
        .record({ reference: fc.constantFrom('o1', 'o2', 'o3'), amountCents: fc.integer({ min: 1, max: 400 }), currency: fc.constantFrom('USD', 'EUR') })
        .map((body) => ({ method: 'POST' as const, path: '/authorizations', body })),
      fc.tuple(authIdArb, fc.integer({ min: 1, max: 200 })).map(([id, amountCents]) => ({ method: 'POST' as const, path: `/authorizations/${id}/captures`, body: { amountCents } })),
      authIdArb.map((id) => ({ method: 'POST' as const, path: `/authorizations/${id}/void`, body: undefined })),
      fc.tuple(captureIdArb, fc.integer({ min: 1, max: 150 })).map(([id, amountCents]) => ({ method: 'POST' as const, path: `/captures/${id}/refunds`, body: { amountCents } })),
      fc.constantFrom('o1', 'o2', 'o3').map((reference) => ({ method: 'GET' as const, path: `/authorizations?reference=${reference}`, body: undefined })),
      authIdArb.map((id) => ({ method: 'GET' as const, path: `/authorizations/${id}`, body: undefined })),
    ),
    fc.option(fc.constantFrom('k1', 'k2', 'k3', 'k4', 'k5', 'k6', 'k7', 'k8'), { nil: undefined, freq: 2 }),
  )
  .map(([request, key]): FakeHttpRequest => {
    const headers: Record<string, string> = key === undefined ? {} : { 'Idempotency-Key': key };
    return { ...request, headers };
  });

const requestArb = fc.oneof({ arbitrary: wellFormedArb, weight: 3 }, { arbitrary: noisyArb, weight: 1 });

/** What may never be broken, whatever was sent: the gateway's books hold their own invariants. */
function checkBooks(truth: PaymentTruth): void {
  for (const auth of truth.authorizations) {
    expect(auth.capturedCents).toBeLessThanOrEqual(auth.amountCents);
    expect(auth.captures.reduce((sum, capture) => sum + capture.amountCents, 0)).toBe(auth.capturedCents);
    expect(auth.refundedCents).toBeLessThanOrEqual(auth.capturedCents);
    for (const capture of auth.captures) expect(capture.refundedCents).toBeLessThanOrEqual(capture.amountCents);
  }
}

describe('payment fuzz', () => {
  it('never throws on thousands of random requests; a refused or replayed request changes nothing', () => {
    fc.assert(
      // A step is a request, hours passing, or a retry of the previous request (as a client does after a timeout).
      fc.property(fc.array(fc.oneof(requestArb, fc.integer({ min: 1, max: 60 }), fc.constant('retry' as const)), { minLength: 1, maxLength: 25 }), (steps) => {
        const { env, gateway } = startGateway({ ...CONFIG, authorizationTtlHours: 24, idempotencyRetentionHours: 12 });
        // A few real authorisations and captures, so ids in the requests often exist.
        gateway.handle({ method: 'POST', path: '/authorizations', headers: {}, body: { reference: 'o1', amountCents: 300, currency: 'USD' } });
        gateway.handle({ method: 'POST', path: '/authorizations', headers: {}, body: { reference: 'o2', amountCents: 200, currency: 'EUR' } });
        gateway.handle({ method: 'POST', path: '/authorizations/auth_1/captures', headers: {}, body: { amountCents: 100 } });
        let previous: FakeHttpRequest | undefined;
        for (const step of steps) {
          if (typeof step === 'number') {
            env.advance(step * HOUR_MS);
            continue;
          }
          const request = step === 'retry' ? previous : step;
          if (request === undefined) continue;
          previous = request;
          const before = gateway.truth();
          const response = gateway.handle(request);
          expect([200, 201, 400, 404, 409, 422]).toContain(response.status);
          expect(() => JSON.stringify(response.body)).not.toThrow();
          if (response.status >= 400) expect(response.body).toMatchObject({ error: expect.any(String) });
          if (response.status >= 400 || response.headers['idempotent-replayed'] === 'true' || request.method === 'GET') {
            expect(gateway.truth()).toEqual(before);
          }
          checkBooks(gateway.truth());
        }
      }),
      { numRuns: fuzzRuns(300) },
    );
  });

  it('never throws on requests that are not even well-typed', () => {
    const { gateway } = startGateway();
    fc.assert(
      fc.property(fc.anything(), fc.anything(), fc.anything(), fc.anything(), (method, path, headers, body) => {
        const request = { method, path, headers, body } as unknown as FakeHttpRequest;
        expect([400, 404]).toContain(gateway.handle(request).status);
        expect(gateway.truth().authorizations).toEqual([]);
      }),
      // The first example once broke the 404 body: a method that cannot even be turned into text.
      { numRuns: fuzzRuns(2_000), examples: [[{ toString: undefined }, '', {}, false], [null, null, null, null]] },
    );
  });

  it('never throws with every quirk on, and only answers with exchanges of the known kinds', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 }), fc.array(requestArb, { minLength: 1, maxLength: 25 }), (seed, requests) => {
        const { gateway } = startGateway(
          {
            ...CONFIG,
            quirks: {
              serviceMs: { min: 1, max: 100 },
              captureGhostSuccess: [1, 2],
              lostRequest: [1, 4],
              unavailable: { ratio: [1, 4], retryAfterSeconds: 1 },
              offline: [{ fromMs: 0, toMs: 1, mode: 'refuse' }],
            },
          },
          seed,
        );
        for (const request of requests) {
          const exchange = gateway.exchange(request);
          expect(['answered', 'reply-lost', 'request-lost']).toContain(exchange.kind);
          if (exchange.kind === 'reply-lost') expect(exchange.response.status).toBe(201);
          checkBooks(gateway.truth());
        }
      }),
      { numRuns: fuzzRuns(200) },
    );
  });
});
