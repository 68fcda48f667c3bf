/** Shorthands for talking to the payment gateway fake in tests. */
import { PaymentFake } from '../../legacy-fakes/payment/payment-fake.ts';
import type { PaymentAuthorization, PaymentCapture, PaymentConfig, PaymentRefund } from '../../legacy-fakes/payment/payment-fake.ts';
import type { FakeHttpResponse } from '../../legacy-fakes/http.ts';
import { WatchedEnv } from './test-env.ts';

/** 2026-11-27T14:00:00Z. */
export const START_MS = Date.UTC(2026, 10, 27, 14, 0, 0);

export const CONFIG: PaymentConfig = { authorizationTtlHours: 168, idempotencyRetentionHours: 24 };

export class PaymentClient {
  constructor(readonly gateway: PaymentFake) {}

  get(path: string): FakeHttpResponse {
    return this.gateway.handle({ method: 'GET', path, headers: {} });
  }

  post(path: string, body?: unknown, idempotencyKey?: string): FakeHttpResponse {
    const headers: Record<string, string> = idempotencyKey === undefined ? {} : { 'Idempotency-Key': idempotencyKey };
    return this.gateway.handle({ method: 'POST', path, headers, body });
  }

  /** Authorises and returns the authorisation, failing the test if the gateway refused. */
  authorize(reference: string, amountCents: number, currency = 'USD'): PaymentAuthorization {
    return this.expect<PaymentAuthorization>(201, this.post('/authorizations', { reference, amountCents, currency }));
  }

  capture(authorizationId: string, amountCents: number): PaymentCapture {
    return this.expect<PaymentCapture>(201, this.post(`/authorizations/${authorizationId}/captures`, { amountCents }));
  }

  refund(captureId: string, amountCents: number): PaymentRefund {
    return this.expect<PaymentRefund>(201, this.post(`/captures/${captureId}/refunds`, { amountCents }));
  }

  authorization(authorizationId: string): PaymentAuthorization {
    return this.expect<PaymentAuthorization>(200, this.get(`/authorizations/${authorizationId}`));
  }

  private expect<T>(status: number, response: FakeHttpResponse): T {
    if (response.status !== status) throw new Error(`expected ${status}, got ${response.status} ${JSON.stringify(response.body)}`);
    return response.body as T;
  }
}

export function startGateway(config: PaymentConfig = CONFIG, seed = 1, startMs = START_MS): { env: WatchedEnv; gateway: PaymentFake; client: PaymentClient } {
  const env = new WatchedEnv(startMs, seed);
  const gateway = new PaymentFake(env, config);
  return { env, gateway, client: new PaymentClient(gateway) };
}
