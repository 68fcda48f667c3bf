/**
 * The payment provider as the contract verification sees it: the real gateway fake's `exchange`
 * behind the live HTTP server (there is no `converge serve payment` yet; the live server carries
 * any fake's exchange, so this is the code a live gateway would run). Each provider state builds
 * a fresh gateway and brings it there through the protocol itself.
 */
import './pact-env.ts';
import type { VerifierOptions } from '@pact-foundation/pact';
import { PaymentFake, type PaymentConfig, type PaymentQuirks } from '../../../legacy-fakes/payment/payment-fake.ts';
import type { FakeHttpRequest } from '../../../legacy-fakes/http.ts';
import { expectSetUpStatus, LiveFake } from './live-fake.ts';
import { PAYMENT_STATES } from './payment-contract.ts';

const GATEWAY_ID = 'gateway';

function config(quirks: PaymentQuirks = {}): PaymentConfig {
  return { authorizationTtlHours: 7 * 24, idempotencyRetentionHours: 24, quirks };
}

function post(path: string, body: unknown): FakeHttpRequest {
  return { method: 'POST', path, headers: { 'content-type': 'application/json' }, body };
}

export function startPaymentProvider(): Promise<LiveFake<PaymentFake>> {
  return LiveFake.start<PaymentFake>(GATEWAY_ID, (fake, request) => fake.exchange(request));
}

export function paymentStateHandlers(live: LiveFake<PaymentFake>): NonNullable<VerifierOptions['stateHandlers']> {
  const gateway = (quirks?: PaymentQuirks): PaymentFake => live.rebuild((env) => new PaymentFake(env, config(quirks)));
  const authorized = (): PaymentFake => {
    const fake = gateway();
    expectSetUpStatus('POST /authorizations', fake.handle(post('/authorizations', { reference: 'o42', amountCents: 5000, currency: 'USD' })).status, 201);
    return fake;
  };
  const handlers: Record<(typeof PAYMENT_STATES)[keyof typeof PAYMENT_STATES], () => void> = {
    [PAYMENT_STATES.up]: () => gateway(),
    [PAYMENT_STATES.authorized]: () => authorized(),
    [PAYMENT_STATES.captured]: () => {
      expectSetUpStatus('POST /authorizations/auth_1/captures', authorized().handle(post('/authorizations/auth_1/captures', { amountCents: 3000 })).status, 201);
    },
    [PAYMENT_STATES.sheddingLoad]: () => gateway({ unavailable: { ratio: [1, 1], retryAfterSeconds: 30 } }),
  };
  return Object.fromEntries(Object.entries(handlers).map(([state, setUp]) => [state, () => Promise.resolve(setUp()).then(() => undefined)]));
}
