/**
 * The gateway's log of every POST it received (legacy-fakes/payment/payment-attempts.ts): the
 * ground truth money-per-intent checks read, so it must say exactly what arrived and what the
 * gateway did with it, refusals and load shedding included, and nothing that never arrived.
 */
import { describe, expect, it } from 'vitest';
import type { FakeHttpRequest } from '../../legacy-fakes/http.ts';
import { CONFIG, START_MS, startGateway } from './payment-helpers.ts';
import { HOUR_MS } from './test-env.ts';

function post(path: string, body: unknown, key?: string): FakeHttpRequest {
  return { method: 'POST', path, headers: key === undefined ? {} : { 'Idempotency-Key': key }, body };
}

const AUTHORIZE = post('/authorizations', { reference: 'o1', amountCents: 1_000, currency: 'USD' }, 'o1:authorize:1');

describe('the payment gateway logs every POST it received', () => {
  it('names operation, target, reference, key, amount, outcome, code and result, on the gateway clock', () => {
    const { env, gateway } = startGateway();
    gateway.handle(AUTHORIZE);
    env.advance(1_000);
    gateway.handle(AUTHORIZE); // the same key again: the stored answer
    gateway.handle(post('/authorizations/auth_1/captures', { amountCents: 400 }, 'F1:capture:1'));
    gateway.handle(post('/authorizations/auth_1/captures', { amountCents: 900 }, 'F2:capture:1')); // more than is left
    gateway.handle(post('/captures/cap_1/refunds', { amountCents: 100 }, 'R1:refund:cap_1'));
    gateway.handle(post('/authorizations/auth_1/void', {}, 'o1:void:auth_1'));
    gateway.handle({ method: 'GET', path: '/authorizations?reference=o1', headers: {} }); // not a POST: not logged
    expect(gateway.attempts().map((a) => [a.seq, a.operation, a.target, a.reference, a.idempotencyKey, a.amountCents, a.outcome, a.code, a.resultId])).toEqual([
      [0, 'authorize', 'o1', 'o1', 'o1:authorize:1', 1_000, 'applied', null, 'auth_1'],
      [1, 'authorize', 'o1', 'o1', 'o1:authorize:1', 1_000, 'replayed', null, 'auth_1'],
      [2, 'capture', 'auth_1', 'o1', 'F1:capture:1', 400, 'applied', null, 'cap_1'],
      [3, 'capture', 'auth_1', 'o1', 'F2:capture:1', 900, 'refused', 'AMOUNT_EXCEEDS_AUTHORIZATION', null],
      [4, 'refund', 'cap_1', 'o1', 'R1:refund:cap_1', 100, 'applied', null, 're_1'],
      [5, 'void', 'auth_1', 'o1', 'o1:void:auth_1', null, 'applied', null, 'auth_1'],
    ]);
    expect(gateway.attempts().map((a) => a.atMs)).toEqual([START_MS, ...Array<number>(5).fill(START_MS + 1_000)]);
    expect(gateway.attemptCount()).toBe(6);
  });

  it('logs refusals the books never saw: a malformed body, a key reused for another request, an unknown target', () => {
    const { gateway } = startGateway();
    gateway.handle(post('/authorizations', { reference: 'o1', amountCents: 'ten', currency: 'USD' }, 'k1'));
    gateway.handle(AUTHORIZE);
    gateway.handle(post('/authorizations', { reference: 'o1', amountCents: 2_000, currency: 'USD' }, 'o1:authorize:1'));
    gateway.handle(post('/authorizations/auth_9/captures', { amountCents: 1 }, 'k3'));
    expect(gateway.attempts().map((a) => [a.operation, a.target, a.outcome, a.code, a.amountCents])).toEqual([
      ['authorize', 'o1', 'refused', 'BAD_REQUEST', null],
      ['authorize', 'o1', 'applied', null, 1_000],
      ['authorize', 'o1', 'refused', 'IDEMPOTENCY_KEY_REUSED', 2_000],
      ['capture', 'auth_9', 'refused', 'UNKNOWN_AUTHORIZATION', 1],
    ]);
    expect(gateway.attempts()[3]?.reference).toBe('');
  });

  it('logs a request shed with a 503 (the gateway saw it), not one lost on the way in or sent during an outage', () => {
    const shed = startGateway({ ...CONFIG, quirks: { unavailable: { ratio: [1, 1], retryAfterSeconds: 2 } } }).gateway;
    shed.exchange(AUTHORIZE);
    expect(shed.attempts().map((a) => [a.operation, a.outcome, a.code, a.idempotencyKey])).toEqual([['authorize', 'refused', 'SERVICE_UNAVAILABLE', 'o1:authorize:1']]);
    const lost = startGateway({ ...CONFIG, quirks: { lostRequest: [1, 1] } }).gateway;
    lost.exchange(AUTHORIZE);
    expect(lost.attempts()).toEqual([]);
    const offline = startGateway({ ...CONFIG, quirks: { offline: [{ fromMs: START_MS, toMs: START_MS + HOUR_MS, mode: 'refuse' }] } }).gateway;
    offline.exchange(AUTHORIZE);
    expect(offline.attempts()).toEqual([]);
  });

  it('logs a ghost capture as applied: the gateway took the money though the caller never heard', () => {
    const { gateway } = startGateway({ ...CONFIG, quirks: { captureGhostSuccess: [1, 1] } });
    gateway.exchange(AUTHORIZE);
    expect(gateway.exchange(post('/authorizations/auth_1/captures', { amountCents: 300 }, 'F1:capture:1')).kind).toBe('reply-lost');
    expect(gateway.attempts().at(-1)).toMatchObject({ operation: 'capture', outcome: 'applied', resultId: 'cap_1' });
  });

  it('hands out frozen records and a fresh array: a checker cannot rewrite the truth', () => {
    const { gateway } = startGateway();
    gateway.handle(AUTHORIZE);
    const read = gateway.attempts();
    read.pop();
    expect(gateway.attempts()).toHaveLength(1);
    expect(Object.isFrozen(gateway.attempts()[0])).toBe(true);
  });
});
