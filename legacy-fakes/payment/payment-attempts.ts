/**
 * Every POST the gateway received, as it received it: the ground truth for money per intent.
 * The books (payment-ledger.ts) say where the money is; this log says what the caller asked for,
 * under which idempotency key, and what the gateway did with it, including what it refused or
 * shed under load. A request lost on the way in, or sent while the gateway was unreachable, never
 * reached it and is not here.
 */
import { isRecord } from '../is-record.ts';
import { findHeaderName, tryParsePath } from '../http.ts';
import type { FakeHttpRequest, FakeHttpResponse } from '../http.ts';

export type PaymentOperation = 'authorize' | 'capture' | 'void' | 'refund';

/**
 * `applied`: the gateway acted on it as a new request (a void of an authorisation already voided
 * included: it answers as if it had). `replayed`: the key was known, the stored answer was sent
 * back. `refused`: nothing happened (the books said no, the request was malformed, the key was
 * reused for another request, or the gateway shed it with a 503).
 */
export type PaymentAttemptOutcome = 'applied' | 'replayed' | 'refused';

export interface PaymentAttempt {
  /** Position in the gateway's own order of arrival, from 0. */
  readonly seq: number;
  /** The gateway's clock when it arrived (epoch ms), the clock its books keep. */
  readonly atMs: number;
  readonly operation: PaymentOperation;
  /** The order reference for an authorisation, the authorisation id for a capture or a void, the capture id for a refund ('' if unreadable). */
  readonly target: string;
  /** The order reference the target belongs to, '' if the gateway does not know the target. */
  readonly reference: string;
  /** The `Idempotency-Key` header, null without one. */
  readonly idempotencyKey: string | null;
  /** The body's `amountCents` when it was a whole number; null for a void or an unreadable body. */
  readonly amountCents: number | null;
  readonly outcome: PaymentAttemptOutcome;
  /** The error code of a refusal (`AUTHORIZATION_EXPIRED`, `SERVICE_UNAVAILABLE`, ...), also on a replayed refusal; null otherwise. */
  readonly code: string | null;
  /** What the answer names: the authorisation (authorise, void), capture or refund id; null for a refusal. */
  readonly resultId: string | null;
}

/** The operation and target a POST path names, or undefined for a path no money route takes. */
function operationOf(path: string, body: unknown): { operation: PaymentOperation; target: string } | undefined {
  const parsed = tryParsePath(path);
  if (parsed === undefined) return undefined;
  const [collection, id, action, extra] = parsed.segments;
  if (extra !== undefined) return undefined;
  if (collection === 'authorizations' && id === undefined) {
    const reference = isRecord(body) && typeof body['reference'] === 'string' ? body['reference'] : '';
    return { operation: 'authorize', target: reference };
  }
  if (collection === 'authorizations' && id !== undefined && action === 'captures') return { operation: 'capture', target: id };
  if (collection === 'authorizations' && id !== undefined && action === 'void') return { operation: 'void', target: id };
  if (collection === 'captures' && id !== undefined && action === 'refunds') return { operation: 'refund', target: id };
  return undefined;
}

function keyOf(headers: unknown): string | null {
  if (!isRecord(headers)) return null;
  const name = findHeaderName(headers, 'idempotency-key');
  const key = name === undefined ? undefined : headers[name];
  return typeof key === 'string' ? key : null;
}

function amountOf(body: unknown): number | null {
  const amount = isRecord(body) ? body['amountCents'] : undefined;
  return typeof amount === 'number' && Number.isSafeInteger(amount) ? amount : null;
}

const RESULT_FIELD: Readonly<Record<PaymentOperation, string>> = { authorize: 'authorizationId', capture: 'captureId', void: 'authorizationId', refund: 'refundId' };

/** The log itself: appended as requests arrive, never changed, read by the harness's checkers. */
export class PaymentAttemptLog {
  private readonly attempts: PaymentAttempt[] = [];

  /**
   * One POST that reached the gateway, with its answer. `replayed`: the answer came from the
   * idempotency store. `referenceOf` names the order a target belongs to.
   */
  record(request: FakeHttpRequest, atMs: number, response: FakeHttpResponse, replayed: boolean, referenceOf: (id: string) => string): void {
    if (typeof request !== 'object' || request === null || request.method !== 'POST' || typeof request.path !== 'string') return;
    const named = operationOf(request.path, request.body);
    if (named === undefined) return;
    const body = isRecord(response.body) ? response.body : {};
    const ok = response.status >= 200 && response.status < 300;
    const code = ok ? null : typeof body['error'] === 'string' ? body['error'] : `HTTP_${response.status}`;
    const result = ok ? body[RESULT_FIELD[named.operation]] : undefined;
    this.attempts.push(
      Object.freeze({
        seq: this.attempts.length,
        atMs,
        operation: named.operation,
        target: named.target,
        reference: named.operation === 'authorize' ? named.target : referenceOf(named.target),
        idempotencyKey: keyOf(request.headers),
        amountCents: named.operation === 'void' ? null : amountOf(request.body),
        outcome: replayed ? 'replayed' : ok ? 'applied' : 'refused',
        code,
        resultId: typeof result === 'string' ? result : null,
      }),
    );
  }

  get count(): number {
    return this.attempts.length;
  }

  /** Every attempt so far, in order of arrival; the records are frozen, the array is a copy. */
  all(): PaymentAttempt[] {
    return [...this.attempts];
  }
}
