import type { OrchestratorConfig } from '../../plugin.ts';
import type { HttpMethod, HttpPort, RandomPort, TimersPort } from '../../ports.ts';
import { mapOutcome, type Parsed } from '../http-outcome.ts';
import { field, isWholeNumber } from '../json-fields.ts';
import { retryTransient } from '../retry.ts';
import type { AdapterOutcome } from '../outcome.ts';

export const PAYMENT_ADAPTER_VERSION = 'payment-adapter/1.0.0';

export interface AuthorizationRecord {
  authorizationId: string;
  reference: string;
  amountCents: number;
  capturedCents: number;
  refundedCents: number;
  status: string;
  /** The captures made on it, as a look-up lists them (a capture or void answer carries none: empty). */
  captures: CaptureRecord[];
}

export interface CaptureRecord {
  captureId: string;
  amountCents: number;
}


function parseAuthorization(body: unknown): Parsed<AuthorizationRecord> {
  const authorizationId = field(body, 'authorizationId');
  const reference = field(body, 'reference');
  const amountCents = field(body, 'amountCents');
  const capturedCents = field(body, 'capturedCents');
  const refundedCents = field(body, 'refundedCents');
  const status = field(body, 'status');
  if (typeof authorizationId !== 'string' || typeof reference !== 'string' || !isWholeNumber(amountCents) || !isWholeNumber(capturedCents) || !isWholeNumber(refundedCents) || typeof status !== 'string') {
    return { ok: false, message: `authorization is malformed: ${JSON.stringify(body)}` };
  }
  const listed = field(body, 'captures');
  const captures: CaptureRecord[] = [];
  if (Array.isArray(listed)) {
    for (const item of listed) {
      const capture = parseCapture(item);
      if (!capture.ok) return { ok: false, message: `authorization ${authorizationId} lists a malformed capture: ${JSON.stringify(item)}` };
      captures.push(capture.value);
    }
  } else if (listed !== undefined) {
    return { ok: false, message: `authorization ${authorizationId}: captures is not a list: ${JSON.stringify(listed)}` };
  }
  return { ok: true, value: { authorizationId, reference, amountCents, capturedCents, refundedCents, status, captures } };
}

function parseCapture(body: unknown): Parsed<CaptureRecord> {
  const captureId = field(body, 'captureId');
  const amountCents = field(body, 'amountCents');
  if (typeof captureId !== 'string' || !isWholeNumber(amountCents)) return { ok: false, message: `capture is malformed: ${JSON.stringify(body)}` };
  return { ok: true, value: { captureId, amountCents } };
}

export interface RefundRecord {
  refundId: string;
  amountCents: number;
}

function parseRefund(body: unknown): Parsed<RefundRecord> {
  const refundId = field(body, 'refundId');
  const amountCents = field(body, 'amountCents');
  if (typeof refundId !== 'string' || !isWholeNumber(amountCents)) return { ok: false, message: `refund is malformed: ${JSON.stringify(body)}` };
  return { ok: true, value: { refundId, amountCents } };
}

function parseAuthorizationList(body: unknown): Parsed<AuthorizationRecord[]> {
  const list = field(body, 'authorizations');
  if (!Array.isArray(list)) return { ok: false, message: 'response has no authorizations list' };
  const records: AuthorizationRecord[] = [];
  for (const item of list) {
    const parsed = parseAuthorization(item);
    if (!parsed.ok) return parsed;
    records.push(parsed.value);
  }
  return { ok: true, value: records };
}

/**
 * Anti-corruption layer over the card gateway. Every POST carries an idempotency key the
 * gateway honours (Stripe semantics), so a timed-out call is retried with the same key: the
 * gateway answers the first outcome, never a second charge.
 */
export class PaymentAdapter {
  constructor(
    private readonly http: HttpPort,
    private readonly timers: TimersPort,
    private readonly random: RandomPort,
    private readonly gateway: NonNullable<OrchestratorConfig['payment']>,
    private readonly maxAttempts: number,
  ) {}

  authorize(reference: string, amountCents: number, idempotencyKey: string): Promise<AdapterOutcome<AuthorizationRecord>> {
    return this.retrying(() => this.call('POST', '/authorizations', idempotencyKey, { reference, amountCents, currency: this.gateway.currency }, parseAuthorization));
  }

  capture(authorizationId: string, amountCents: number, idempotencyKey: string): Promise<AdapterOutcome<CaptureRecord>> {
    return this.retrying(() => this.call('POST', `/authorizations/${encodeURIComponent(authorizationId)}/captures`, idempotencyKey, { amountCents }, parseCapture));
  }

  void(authorizationId: string, idempotencyKey: string): Promise<AdapterOutcome<AuthorizationRecord>> {
    return this.retrying(() => this.call('POST', `/authorizations/${encodeURIComponent(authorizationId)}/void`, idempotencyKey, {}, parseAuthorization));
  }

  /** Gives back part of a capture; the gateway refuses more than captured minus refunded. */
  refund(captureId: string, amountCents: number, idempotencyKey: string): Promise<AdapterOutcome<RefundRecord>> {
    return this.retrying(() => this.call('POST', `/captures/${encodeURIComponent(captureId)}/refunds`, idempotencyKey, { amountCents }, parseRefund));
  }

  findByReference(reference: string): Promise<AdapterOutcome<AuthorizationRecord[]>> {
    return this.retrying(() => this.call('GET', `/authorizations?reference=${encodeURIComponent(reference)}`, `${reference}:lookup`, undefined, parseAuthorizationList));
  }

  /** Retries what may not have happened: safe, because the gateway honours the idempotency key. */
  private retrying<T>(attempt: () => Promise<AdapterOutcome<T>>): Promise<AdapterOutcome<T>> {
    return retryTransient(attempt, { maxAttempts: this.maxAttempts, baseMs: 500, timers: this.timers, random: this.random });
  }

  private async call<T>(method: HttpMethod, path: string, idempotencyKey: string, body: unknown, parse: (body: unknown) => Parsed<T>): Promise<AdapterOutcome<T>> {
    const headers: Record<string, string> = { 'x-adapter-version': PAYMENT_ADAPTER_VERSION };
    if (method === 'POST') headers['idempotency-key'] = idempotencyKey;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const outcome = await this.http.send({ method, baseUrl: this.gateway.baseUrl, path, headers, body, timeoutMs: this.gateway.timeoutMs });
    return mapOutcome(outcome, parse);
  }
}
