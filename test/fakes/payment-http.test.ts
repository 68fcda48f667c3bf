import { describe, expect, it } from 'vitest';
import { PaymentFake } from '../../legacy-fakes/payment/payment-fake.ts';
import type { PaymentConfig } from '../../legacy-fakes/payment/payment-fake.ts';
import { FakeConfigError } from '../../legacy-fakes/config-error.ts';
import { CONFIG, START_MS, startGateway } from './payment-helpers.ts';
import { HOUR_MS, TestEnv } from './test-env.ts';

const EXPIRES_AT = new Date(START_MS + 168 * HOUR_MS).toISOString();

describe('payment: authorise', () => {
  it('answers 201 with the authorisation; it expires after the configured hours', () => {
    const { env, client } = startGateway();
    const response = client.post('/authorizations', { reference: 'o42', amountCents: 5_000, currency: 'USD' });
    expect(response).toEqual({
      status: 201,
      headers: { 'content-type': 'application/json' },
      body: {
        authorizationId: 'auth_1',
        reference: 'o42',
        amountCents: 5_000,
        currency: 'USD',
        capturedCents: 0,
        refundedCents: 0,
        status: 'AUTHORIZED',
        createdAt: '2026-11-27T14:00:00.000Z',
        expiresAt: '2026-12-04T14:00:00.000Z',
        captures: [],
      },
    });
    expect(env.recordsOf('payment.authorized')).toEqual([{ atMs: START_MS, kind: 'payment.authorized', reference: 'o42', detail: 'auth_1 5000 USD' }]);
  });

  it('keeps every authorisation for one reference (gateways do not dedupe references)', () => {
    const { client } = startGateway();
    client.authorize('o42', 100);
    client.authorize('o42', 200);
    const body = client.get('/authorizations?reference=o42').body as { authorizations: { amountCents: number }[] };
    expect(body.authorizations.map((auth) => auth.amountCents)).toEqual([100, 200]);
  });
});

describe('payment: capture', () => {
  it('allows partial captures up to the authorised amount, then refuses more: 409 AMOUNT_EXCEEDS_AUTHORIZATION', () => {
    const { env, client, gateway } = startGateway();
    const auth = client.authorize('o1', 1_000);
    expect(client.capture(auth.authorizationId, 300)).toEqual({
      captureId: 'cap_1',
      authorizationId: 'auth_1',
      amountCents: 300,
      refundedCents: 0,
      createdAt: '2026-11-27T14:00:00.000Z',
      refunds: [],
    });
    const tooMuch = client.post('/authorizations/auth_1/captures', { amountCents: 701 });
    expect(tooMuch.status).toBe(409);
    expect(tooMuch.body).toEqual({ error: 'AMOUNT_EXCEEDS_AUTHORIZATION', message: 'amountCents 701 is more than the 700 still capturable', capturableCents: 700 });
    expect(client.authorization('auth_1')).toMatchObject({ capturedCents: 300, status: 'AUTHORIZED' });
    client.capture('auth_1', 700);
    expect(client.authorization('auth_1')).toMatchObject({ capturedCents: 1_000, status: 'CAPTURED' });
    expect(client.post('/authorizations/auth_1/captures', { amountCents: 1 }).body).toMatchObject({ error: 'AMOUNT_EXCEEDS_AUTHORIZATION', capturableCents: 0 });
    expect(env.recordsOf('payment.captured').map((record) => `${record.reference} ${record.detail}`)).toEqual([
      'o1 cap_1 auth_1 300 (captured 300 of 1000)',
      'o1 cap_2 auth_1 700 (captured 1000 of 1000)',
    ]);
    expect(gateway.truth().authorizations[0]?.captures.map((capture) => capture.amountCents)).toEqual([300, 700]);
  });

  it('refuses a capture on an unknown authorisation with 404', () => {
    const { client } = startGateway();
    expect(client.post('/authorizations/auth_9/captures', { amountCents: 1 })).toMatchObject({ status: 404, body: { error: 'UNKNOWN_AUTHORIZATION', authorizationId: 'auth_9' } });
  });
});

describe('payment: void', () => {
  it('voids an open authorisation, releasing what was not captured; captures after it are refused', () => {
    const { env, client } = startGateway();
    client.authorize('o1', 1_000);
    client.capture('auth_1', 400);
    const voided = client.post('/authorizations/auth_1/void');
    expect(voided.status).toBe(200);
    expect(voided.body).toMatchObject({ status: 'VOIDED', capturedCents: 400, captures: [{ captureId: 'cap_1', amountCents: 400 }] });
    expect(env.recordsOf('payment.voided').map((record) => `${record.reference} ${record.detail}`)).toEqual(['o1 auth_1 released 600']);
    expect(client.post('/authorizations/auth_1/captures', { amountCents: 1 })).toMatchObject({ status: 409, body: { error: 'AUTHORIZATION_VOIDED' } });
    // A second void changes nothing and says so with the same authorisation.
    expect(client.post('/authorizations/auth_1/void', {})).toMatchObject({ status: 200, body: { status: 'VOIDED' } });
    expect(env.recordsOf('payment.voided')).toHaveLength(1);
  });

  it('refuses to void a fully captured authorisation: 409 AUTHORIZATION_CAPTURED', () => {
    const { client } = startGateway();
    client.authorize('o1', 500);
    client.capture('auth_1', 500);
    expect(client.post('/authorizations/auth_1/void')).toMatchObject({ status: 409, body: { error: 'AUTHORIZATION_CAPTURED' } });
    expect(client.authorization('auth_1').status).toBe('CAPTURED');
  });

  it('takes no fields', () => {
    const { client } = startGateway();
    client.authorize('o1', 500);
    expect(client.post('/authorizations/auth_1/void', { reason: 'customer' })).toMatchObject({ status: 400, body: { field: 'reason' } });
    expect(client.authorization('auth_1').status).toBe('AUTHORIZED');
  });
});

describe('payment: refund', () => {
  it('refunds a capture in parts, never more than was captured: 409 REFUND_EXCEEDS_CAPTURE', () => {
    const { env, client } = startGateway();
    client.authorize('o1', 1_000);
    client.capture('auth_1', 600);
    client.capture('auth_1', 400);
    expect(client.refund('cap_1', 250)).toEqual({ refundId: 're_1', captureId: 'cap_1', amountCents: 250, createdAt: '2026-11-27T14:00:00.000Z' });
    expect(client.post('/captures/cap_1/refunds', { amountCents: 351 })).toMatchObject({
      status: 409,
      body: { error: 'REFUND_EXCEEDS_CAPTURE', refundableCents: 350 },
    });
    client.refund('cap_1', 350);
    client.refund('cap_2', 100);
    const auth = client.authorization('auth_1');
    expect(auth.refundedCents).toBe(700);
    expect(auth.captures.map((capture) => `${capture.captureId} ${capture.refundedCents} ${capture.refunds.map((refund) => refund.refundId).join(',')}`)).toEqual([
      'cap_1 600 re_1,re_2',
      'cap_2 100 re_3',
    ]);
    expect(env.recordsOf('payment.refunded').map((record) => record.reference)).toEqual(['o1', 'o1', 'o1']);
  });

  it('refunds a capture of a voided or expired authorisation (the capture stands)', () => {
    const { env, client } = startGateway();
    client.authorize('o1', 1_000);
    client.capture('auth_1', 100);
    client.post('/authorizations/auth_1/void');
    expect(client.refund('cap_1', 100).amountCents).toBe(100);
    client.authorize('o2', 1_000);
    client.capture('auth_2', 100);
    env.advance(200 * HOUR_MS);
    expect(client.authorization('auth_2').status).toBe('EXPIRED');
    expect(client.refund('cap_2', 100).amountCents).toBe(100);
  });

  it('refuses an unknown capture with 404', () => {
    const { client } = startGateway();
    expect(client.post('/captures/cap_1/refunds', { amountCents: 1 })).toMatchObject({ status: 404, body: { error: 'UNKNOWN_CAPTURE', captureId: 'cap_1' } });
  });
});

describe('payment: expiry', () => {
  it('expires an open authorisation at expiresAt: traced then, captures and voids refused after', () => {
    const { env, client, gateway } = startGateway();
    client.authorize('o1', 1_000);
    client.capture('auth_1', 100);
    env.runUntil(START_MS + 168 * HOUR_MS - 1);
    expect(client.authorization('auth_1').status).toBe('AUTHORIZED');
    env.runUntil(START_MS + 168 * HOUR_MS);
    expect(env.recordsOf('payment.expired')).toEqual([{ atMs: START_MS + 168 * HOUR_MS, kind: 'payment.expired', reference: 'o1', detail: 'auth_1 released 900' }]);
    expect(client.post('/authorizations/auth_1/captures', { amountCents: 1 })).toMatchObject({ status: 409, body: { error: 'AUTHORIZATION_EXPIRED' } });
    expect(client.post('/authorizations/auth_1/void')).toMatchObject({ status: 409, body: { error: 'AUTHORIZATION_EXPIRED' } });
    expect(gateway.truth().authorizations[0]).toMatchObject({ status: 'EXPIRED', capturedCents: 100, closedAtMs: START_MS + 168 * HOUR_MS, expiresAtMs: START_MS + 168 * HOUR_MS });
    expect(client.authorization('auth_1').expiresAt).toBe(EXPIRES_AT);
  });

  it('never expires a fully captured authorisation', () => {
    const { env, client } = startGateway();
    client.authorize('o1', 100);
    client.capture('auth_1', 100);
    env.advance(400 * HOUR_MS);
    expect(client.authorization('auth_1').status).toBe('CAPTURED');
    expect(env.recordsOf('payment.expired')).toEqual([]);
  });

  it('expires lazily on the next request when the scheduled expiry never ran', () => {
    class NoTimersEnv extends TestEnv {
      override schedule(): void {}
    }
    const env = new NoTimersEnv(START_MS);
    const gateway = new PaymentFake(env, { ...CONFIG, authorizationTtlHours: 1 });
    gateway.handle({ method: 'POST', path: '/authorizations', headers: {}, body: { reference: 'o1', amountCents: 10, currency: 'EUR' } });
    env.runUntil(START_MS + 2 * HOUR_MS);
    expect(gateway.handle({ method: 'POST', path: '/authorizations/auth_1/captures', headers: {}, body: { amountCents: 1 } }).status).toBe(409);
    expect(env.recordsOf('payment.expired').map((record) => record.atMs)).toEqual([START_MS + 2 * HOUR_MS]);
    expect(gateway.truth().authorizations[0]?.closedAtMs).toBe(START_MS + HOUR_MS);
  });
});

describe('payment: look-up', () => {
  it('finds every authorisation of a reference with captures and refunds nested; none is an empty list', () => {
    const { client } = startGateway();
    client.authorize('o1', 1_000);
    client.capture('auth_1', 500);
    client.refund('cap_1', 200);
    client.authorize('o2', 10);
    const found = client.get('/authorizations?reference=o1');
    expect(found.status).toBe(200);
    expect(found.body).toEqual({
      authorizations: [
        {
          authorizationId: 'auth_1',
          reference: 'o1',
          amountCents: 1_000,
          currency: 'USD',
          capturedCents: 500,
          refundedCents: 200,
          status: 'AUTHORIZED',
          createdAt: '2026-11-27T14:00:00.000Z',
          expiresAt: EXPIRES_AT,
          captures: [
            {
              captureId: 'cap_1',
              authorizationId: 'auth_1',
              amountCents: 500,
              refundedCents: 200,
              createdAt: '2026-11-27T14:00:00.000Z',
              refunds: [{ refundId: 're_1', captureId: 'cap_1', amountCents: 200, createdAt: '2026-11-27T14:00:00.000Z' }],
            },
          ],
        },
      ],
    });
    expect(client.get('/authorizations?reference=nobody')).toMatchObject({ status: 200, body: { authorizations: [] } });
    expect(client.get('/authorizations?reference=o%201')).toMatchObject({ status: 200, body: { authorizations: [] } });
  });

  it.each([
    ['/authorizations', 'reference'],
    ['/authorizations?reference=', 'reference'],
    ['/authorizations?reference=a&reference=b', 'reference'],
    ['/authorizations?ref=o1', 'ref'],
  ])('refuses GET %s with 400 naming %s', (path, field) => {
    const { client } = startGateway();
    expect(client.get(path)).toMatchObject({ status: 400, body: { error: 'BAD_REQUEST', field } });
  });

  it('answers 404 for an unknown authorisation, route or method', () => {
    const { client, gateway } = startGateway();
    expect(client.get('/authorizations/auth_1')).toMatchObject({ status: 404, body: { error: 'UNKNOWN_AUTHORIZATION' } });
    expect(client.get('/captures')).toMatchObject({ status: 404, body: { error: 'NO_ROUTE' } });
    expect(gateway.handle({ method: 'DELETE', path: '/authorizations/auth_1', headers: {} })).toMatchObject({ status: 404, body: { error: 'NO_ROUTE' } });
    expect(client.post('/authorizations/auth_1')).toMatchObject({ status: 404, body: { error: 'NO_ROUTE' } });
  });
});

describe('payment: idempotency keys', () => {
  it('replays the stored response for the same key and request, with no second effect', () => {
    const { env, client, gateway } = startGateway();
    const first = client.post('/authorizations', { reference: 'o1', amountCents: 500, currency: 'USD' }, 'o1:authorize:1');
    env.advance(HOUR_MS);
    // Same request with its fields in another order: the same request.
    const again = client.post('/authorizations', { currency: 'USD', amountCents: 500, reference: 'o1' }, 'o1:authorize:1');
    expect(again.status).toBe(first.status);
    expect(again.body).toEqual(first.body);
    expect(again.headers).toEqual({ ...first.headers, 'idempotent-replayed': 'true' });
    expect(gateway.truth().authorizations).toHaveLength(1);
    expect(env.recordsOf('payment.authorized')).toHaveLength(1);

    const capture = client.post('/authorizations/auth_1/captures', { amountCents: 200 }, 'o1:capture:1');
    expect(client.post('/authorizations/auth_1/captures', { amountCents: 200 }, 'o1:capture:1').body).toEqual(capture.body);
    expect(client.authorization('auth_1').capturedCents).toBe(200);
  });

  it('hands every replay its own copy: a caller changing a reply cannot change the next one', () => {
    const { client } = startGateway();
    const request = { reference: 'o1', amountCents: 500, currency: 'USD' };
    const first = client.post('/authorizations', request, 'o1:authorize:1');
    const replayed = client.post('/authorizations', request, 'o1:authorize:1');
    const body = replayed.body as Record<string, unknown>;
    body['amountCents'] = 1;
    body['status'] = 'TAMPERED';
    (replayed.headers as Record<string, string>)['idempotent-replayed'] = 'no';
    const again = client.post('/authorizations', request, 'o1:authorize:1');
    expect(again.body).toEqual(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
  });

  it('refuses the same key with a different request: 422 IDEMPOTENCY_KEY_REUSED, no effect', () => {
    const { client, gateway } = startGateway();
    client.authorize('o1', 500);
    client.post('/authorizations/auth_1/captures', { amountCents: 200 }, 'k1');
    const before = gateway.truth();
    for (const [path, body] of [
      ['/authorizations/auth_1/captures', { amountCents: 201 }],
      ['/authorizations/auth_1/void', undefined],
      ['/captures/cap_1/refunds', { amountCents: 200 }],
    ] as const) {
      const response = client.post(path, body, 'k1');
      expect(response.status).toBe(422);
      expect(response.body).toMatchObject({ error: 'IDEMPOTENCY_KEY_REUSED' });
    }
    expect(gateway.truth()).toEqual(before);
  });

  it('stores a refusal by the books too: the retry gets the same 409', () => {
    const { client } = startGateway();
    client.authorize('o1', 500);
    const refused = client.post('/authorizations/auth_1/captures', { amountCents: 900 }, 'k1');
    expect(refused.status).toBe(409);
    const again = client.post('/authorizations/auth_1/captures', { amountCents: 900 }, 'k1');
    expect([again.status, again.body, again.headers['idempotent-replayed']]).toEqual([409, refused.body, 'true']);
  });

  it('stores nothing for a request that failed validation: the corrected request runs under the same key', () => {
    const { client } = startGateway();
    expect(client.post('/authorizations', { reference: 'o1', amountCents: -5, currency: 'USD' }, 'k1').status).toBe(400);
    expect(client.post('/authorizations', { reference: 'o1', amountCents: 5, currency: 'USD' }, 'k1').status).toBe(201);
  });

  it('forgets a key after the retention period: the same request then runs again', () => {
    const { env, client, gateway } = startGateway();
    client.post('/authorizations', { reference: 'o1', amountCents: 500, currency: 'USD' }, 'k1');
    env.advance(24 * HOUR_MS - 1);
    expect(client.post('/authorizations', { reference: 'o1', amountCents: 500, currency: 'USD' }, 'k1').headers['idempotent-replayed']).toBe('true');
    env.advance(1);
    const fresh = client.post('/authorizations', { reference: 'o1', amountCents: 500, currency: 'USD' }, 'k1');
    expect(fresh.headers['idempotent-replayed']).toBeUndefined();
    expect(gateway.truth().authorizations).toHaveLength(2);
  });

  it('reads the header whatever its case, and refuses a bad key naming it', () => {
    const { gateway } = startGateway();
    const post = (headers: Record<string, string>): number =>
      gateway.handle({ method: 'POST', path: '/authorizations', headers, body: { reference: 'o1', amountCents: 5, currency: 'USD' } }).status;
    expect(post({ 'idempotency-key': 'k1' })).toBe(201);
    expect(post({ 'IDEMPOTENCY-KEY': 'k1' })).toBe(201);
    expect(gateway.truth().authorizations).toHaveLength(1);
    for (const key of ['', 'x'.repeat(256), 'clé']) {
      const response = gateway.handle({ method: 'POST', path: '/authorizations', headers: { 'Idempotency-Key': key }, body: { reference: 'o1', amountCents: 5, currency: 'USD' } });
      expect(response).toMatchObject({ status: 400, body: { error: 'BAD_REQUEST', field: 'Idempotency-Key' } });
    }
    expect(gateway.truth().authorizations).toHaveLength(1);
  });
});

describe('payment: validation', () => {
  it.each([
    [{ amountCents: 5, currency: 'USD' }, 'reference', 'nothing (missing)'],
    [{ reference: '', amountCents: 5, currency: 'USD' }, 'reference', '""'],
    [{ reference: 'o\n1', amountCents: 5, currency: 'USD' }, 'reference', '"o\\n1"'],
    [{ reference: 'o1', amountCents: 0, currency: 'USD' }, 'amountCents', '0'],
    [{ reference: 'o1', amountCents: 12.5, currency: 'USD' }, 'amountCents', '12.5'],
    [{ reference: 'o1', amountCents: '5', currency: 'USD' }, 'amountCents', '"5"'],
    [{ reference: 'o1', amountCents: 100_000_000, currency: 'USD' }, 'amountCents', '100000000'],
    [{ reference: 'o1', amountCents: 5, currency: 'usd' }, 'currency', '"usd"'],
    [{ reference: 'o1', amount: 5, amountCents: 5, currency: 'USD' }, 'amount', '5'],
    [[1, 2], 'body', '[1,2]'],
    ['{"reference":"o1"}', 'body', '"{\\"reference\\":\\"o1\\"}"'],
  ])('refuses authorisation body %j with 400 naming %s', (body, field, value) => {
    const { client, gateway, env } = startGateway();
    const response = client.post('/authorizations', body);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: 'BAD_REQUEST', field, value, expected: expect.any(String) });
    expect((response.body as { message: string }).message).toBe(`${field}: expected ${(response.body as { expected: string }).expected}, got ${value}`);
    expect(gateway.truth().authorizations).toEqual([]);
    expect(env.records).toEqual([]);
  });

  it('refuses a broken %-escape in the path with 400', () => {
    const { client } = startGateway();
    expect(client.post('/authorizations/%E0%A4%A/captures', { amountCents: 1 })).toMatchObject({ status: 400, body: { field: 'path' } });
  });
});

describe('payment: configuration', () => {
  const env = new TestEnv(0);
  it.each([
    [{ ...CONFIG, authorizationTtlHours: 0 }, /^authorizationTtlHours: expected whole hours from 1 to 8760, got 0$/],
    [{ ...CONFIG, idempotencyRetentionHours: 1.5 }, /^idempotencyRetentionHours: expected whole hours from 1 to 8760, got 1\.5$/],
    [{ ...CONFIG, quirks: { lostRequest: [2, 1] } }, /^quirks\.lostRequest: expected a ratio .* got \[2,1\]$/],
    [{ ...CONFIG, quirks: { serviceMs: { min: 50, max: 10 } } }, /^quirks\.serviceMs: expected whole ms \{ min, max \} .* got \{"min":50,"max":10\}$/],
    [{ ...CONFIG, quirks: { unavailable: { ratio: [1, 2], retryAfterSeconds: 0 } } }, /^quirks\.unavailable\.retryAfterSeconds: expected whole seconds from 1 to 3600, got 0$/],
    [{ ...CONFIG, quirks: { offline: [{ fromMs: 10, toMs: 10, mode: 'hang' }] } }, /^quirks\.offline\[0\]\.toMs: expected an integer epoch ms after fromMs \(10\), got 10$/],
    [{ ...CONFIG, quirks: { offline: [{ fromMs: 10, toMs: 20, mode: 'drop' }] } }, /^quirks\.offline\[0\]\.mode: expected "hang" or "refuse", got "drop"$/],
    [
      { ...CONFIG, quirks: { offline: [{ fromMs: 10, toMs: 20, mode: 'hang' }, { fromMs: 15, toMs: 30, mode: 'refuse' }] } },
      /^quirks\.offline\[1\]\.fromMs: expected an epoch ms at or after the previous window's toMs \(20\), got 15$/,
    ],
    [{ ...CONFIG, quirks: { ghostCapture: [1, 2] } }, /^quirks\.ghostCapture: expected one of serviceMs, captureGhostSuccess, lostRequest, garbledReply, unavailable, offline/],
  ])('rejects %j, naming the field, the value and what was expected', (config, message) => {
    const build = (): PaymentFake => new PaymentFake(env, config as PaymentConfig);
    expect(build).toThrow(FakeConfigError);
    expect(build).toThrow(message);
  });
});
