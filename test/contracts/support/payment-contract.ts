/**
 * The payment gateway contract, once, as data (see http-contract.ts). Responses name only what
 * the adapter reads; ids the gateway makes up are matched by shape, amounts it must echo exactly.
 * Every POST carries the idempotency key the adapter's retries rely on. No timing.
 */
import './pact-env.ts';
import { expect } from 'vitest';
import { MatchersV3, type TemplateHeaders } from '@pact-foundation/pact';
import { PaymentAdapter } from '../../../orchestrator/adapters/payment/payment-adapter.ts';
import type { HttpPort } from '../../../orchestrator/ports.ts';
import type { HttpContractCase } from './http-contract.ts';
import { CONTRACT_TIMEOUT_MS, NO_RANDOM, NO_TIMERS } from './http-port.ts';

const { eachLike, integer, regex } = MatchersV3;

export const PAYMENT_CONSUMER = 'orchestrator-payment-adapter';
export const PAYMENT_PROVIDER = 'payment-fake';

export const PAYMENT_STATES = {
  up: 'the gateway is up and holds no authorization',
  authorized: 'authorization auth_1 holds 5000 USD cents for o42',
  captured: 'capture cap_1 took 3000 of authorization auth_1',
  sheddingLoad: 'the gateway is shedding load with Retry-After 30',
} as const;

/** Stripe's rule: 1 to 255 printable ASCII characters. */
const idempotencyKey = (example: string): TemplateHeaders => ({ 'idempotency-key': regex('^[ -~]{1,255}$', example) });

function authorization(status: string, capturedCents: number): Record<string, unknown> {
  return {
    authorizationId: regex('^auth_\\d+$', 'auth_1'),
    reference: 'o42',
    amountCents: 5000,
    capturedCents: integer(capturedCents),
    refundedCents: integer(0),
    status,
  };
}

/**
 * A look-up lists each authorisation's captures: the reference finds by them a capture whose
 * answer was lost, before it would authorise and capture again (a second charge).
 */
function listedAuthorization(status: string, capturedCents: number): Record<string, unknown> {
  return { ...authorization(status, capturedCents), captures: eachLike({ captureId: regex('^cap_\\d+$', 'cap_1'), amountCents: integer(capturedCents) }) };
}

export function paymentAdapter(http: HttpPort, baseUrl: string): PaymentAdapter {
  return new PaymentAdapter(http, NO_TIMERS, NO_RANDOM, { baseUrl, currency: 'USD', timeoutMs: CONTRACT_TIMEOUT_MS }, 1);
}

const AUTHORIZE = { reference: 'o42', amountCents: 5000, currency: 'USD' };

export const PAYMENT_CASES: readonly HttpContractCase<PaymentAdapter>[] = [
  {
    state: PAYMENT_STATES.up,
    description: 'a request to authorise 5000 cents for o42',
    request: { method: 'POST', path: '/authorizations', headers: idempotencyKey('o42:authorize'), body: AUTHORIZE },
    response: { status: 201, body: authorization('AUTHORIZED', 0) },
    run: async (adapter) => {
      expect(await adapter.authorize('o42', 5000, 'o42:authorize')).toEqual({
        kind: 'ok',
        value: { authorizationId: 'auth_1', reference: 'o42', amountCents: 5000, capturedCents: 0, refundedCents: 0, status: 'AUTHORIZED', captures: [] },
      });
    },
  },
  {
    state: PAYMENT_STATES.authorized,
    description: 'a request to capture 3000 cents of auth_1',
    request: { method: 'POST', path: '/authorizations/auth_1/captures', headers: idempotencyKey('o42:capture:1'), body: { amountCents: 3000 } },
    response: { status: 201, body: { captureId: regex('^cap_\\d+$', 'cap_1'), amountCents: 3000 } },
    run: async (adapter) => {
      expect(await adapter.capture('auth_1', 3000, 'o42:capture:1')).toEqual({ kind: 'ok', value: { captureId: 'cap_1', amountCents: 3000 } });
    },
  },
  {
    state: PAYMENT_STATES.authorized,
    description: 'a request to capture more than auth_1 holds',
    request: { method: 'POST', path: '/authorizations/auth_1/captures', headers: idempotencyKey('o42:capture:1'), body: { amountCents: 6000 } },
    response: { status: 409, body: { error: 'AMOUNT_EXCEEDS_AUTHORIZATION', capturableCents: integer(5000) } },
    run: async (adapter) => {
      expect(await adapter.capture('auth_1', 6000, 'o42:capture:1')).toMatchObject({ kind: 'rejected', code: 'AMOUNT_EXCEEDS_AUTHORIZATION', status: 409 });
    },
  },
  {
    state: PAYMENT_STATES.up,
    description: 'a request to capture against an unknown authorisation',
    request: { method: 'POST', path: '/authorizations/auth_9/captures', headers: idempotencyKey('o42:capture:1'), body: { amountCents: 3000 } },
    response: { status: 404, body: { error: 'UNKNOWN_AUTHORIZATION' } },
    run: async (adapter) => {
      expect(await adapter.capture('auth_9', 3000, 'o42:capture:1')).toMatchObject({ kind: 'rejected', code: 'UNKNOWN_AUTHORIZATION', status: 404 });
    },
  },
  {
    state: PAYMENT_STATES.authorized,
    description: 'a request to void auth_1',
    request: { method: 'POST', path: '/authorizations/auth_1/void', headers: idempotencyKey('o42:void'), body: {} },
    response: { status: 200, body: authorization('VOIDED', 0) },
    run: async (adapter) => {
      expect(await adapter.void('auth_1', 'o42:void')).toMatchObject({ kind: 'ok', value: { authorizationId: 'auth_1', status: 'VOIDED' } });
    },
  },
  {
    state: PAYMENT_STATES.captured,
    description: 'a request to refund 500 cents of cap_1',
    request: { method: 'POST', path: '/captures/cap_1/refunds', headers: idempotencyKey('o42:refund:1'), body: { amountCents: 500 } },
    response: { status: 201, body: { refundId: regex('^re_\\d+$', 're_1'), amountCents: 500 } },
    run: async (adapter) => {
      expect(await adapter.refund('cap_1', 500, 'o42:refund:1')).toEqual({ kind: 'ok', value: { refundId: 're_1', amountCents: 500 } });
    },
  },
  {
    state: PAYMENT_STATES.captured,
    description: 'a request to refund more than cap_1 took',
    request: { method: 'POST', path: '/captures/cap_1/refunds', headers: idempotencyKey('o42:refund:1'), body: { amountCents: 4000 } },
    response: { status: 409, body: { error: 'REFUND_EXCEEDS_CAPTURE', refundableCents: integer(3000) } },
    run: async (adapter) => {
      expect(await adapter.refund('cap_1', 4000, 'o42:refund:1')).toMatchObject({ kind: 'rejected', code: 'REFUND_EXCEEDS_CAPTURE', status: 409 });
    },
  },
  {
    state: PAYMENT_STATES.captured,
    description: 'a look-up of the authorisations for o42',
    request: { method: 'GET', path: '/authorizations', query: { reference: 'o42' } },
    response: { status: 200, body: { authorizations: eachLike(listedAuthorization('AUTHORIZED', 3000)) } },
    run: async (adapter) => {
      expect(await adapter.findByReference('o42')).toEqual({
        kind: 'ok',
        value: [{ authorizationId: 'auth_1', reference: 'o42', amountCents: 5000, capturedCents: 3000, refundedCents: 0, status: 'AUTHORIZED', captures: [{ captureId: 'cap_1', amountCents: 3000 }] }],
      });
    },
  },
  {
    state: PAYMENT_STATES.sheddingLoad,
    description: 'a request while the gateway sheds load',
    request: { method: 'POST', path: '/authorizations', headers: idempotencyKey('o42:authorize'), body: AUTHORIZE },
    response: { status: 503, headers: { 'retry-after': regex('^\\d+$', '30') } },
    run: async (adapter) => {
      expect(await adapter.authorize('o42', 5000, 'o42:authorize')).toMatchObject({ kind: 'unavailable', retryAfterMs: 30_000 });
    },
  },
];
