/**
 * The gateway's books: authorisations, their captures and the captures' refunds. Every
 * operation checks everything first and changes state last, so a refused operation changes
 * nothing; and the books never let captures exceed the authorisation or refunds a capture.
 */
import type { FakeEnv } from '../env.ts';
import { utcIso } from '../iso-format.ts';
import type { PaymentAuthorization, PaymentAuthorizationTruth, PaymentCapture, PaymentRefund } from './payment-types.ts';
import type { NewAuthorization } from './payment-request.ts';

const HOUR_MS = 3_600_000;

/*
 * Every record also keeps its instants as the wire writes them (`createdAt`, `expiresAt`): they
 * never change once made, and an authorisation is looked up again and again, so each instant is
 * formatted once, when it is made, rather than on every answer.
 */

interface RefundRecord {
  refundId: string;
  captureId: string;
  amountCents: number;
  atMs: number;
  createdAt: string;
}

interface CaptureRecord {
  captureId: string;
  authorizationId: string;
  amountCents: number;
  refundedCents: number;
  atMs: number;
  createdAt: string;
  refunds: RefundRecord[];
}

/** The ground truth's fields (the books are the truth), holding the live capture records. */
interface AuthorizationRecord extends Omit<PaymentAuthorizationTruth, 'captures'> {
  createdAt: string;
  expiresAt: string;
  captures: CaptureRecord[];
}

export type CaptureResult =
  | { kind: 'captured'; capture: PaymentCapture }
  | { kind: 'unknown-authorization' }
  | { kind: 'expired' }
  | { kind: 'voided' }
  | { kind: 'exceeds'; capturableCents: number };

export type VoidResult =
  | { kind: 'voided'; authorization: PaymentAuthorization }
  | { kind: 'unknown-authorization' }
  | { kind: 'expired' }
  | { kind: 'fully-captured' };

export type RefundResult =
  | { kind: 'refunded'; refund: PaymentRefund }
  | { kind: 'unknown-capture' }
  | { kind: 'exceeds'; refundableCents: number };

function refundView(refund: RefundRecord): PaymentRefund {
  return { refundId: refund.refundId, captureId: refund.captureId, amountCents: refund.amountCents, createdAt: refund.createdAt };
}

function captureView(capture: CaptureRecord): PaymentCapture {
  return {
    captureId: capture.captureId,
    authorizationId: capture.authorizationId,
    amountCents: capture.amountCents,
    refundedCents: capture.refundedCents,
    createdAt: capture.createdAt,
    refunds: capture.refunds.map(refundView),
  };
}

function authorizationView(auth: AuthorizationRecord): PaymentAuthorization {
  return {
    authorizationId: auth.authorizationId,
    reference: auth.reference,
    amountCents: auth.amountCents,
    currency: auth.currency,
    capturedCents: auth.capturedCents,
    refundedCents: auth.refundedCents,
    status: auth.status,
    createdAt: auth.createdAt,
    expiresAt: auth.expiresAt,
    captures: auth.captures.map(captureView),
  };
}

export class PaymentLedger {
  private readonly authorizations = new Map<string, AuthorizationRecord>();
  private readonly byReference = new Map<string, AuthorizationRecord[]>();
  private readonly captures = new Map<string, CaptureRecord>();
  /** Open authorisations oldest first: with one TTL, that is also soonest to expire first. */
  private expiryQueue: AuthorizationRecord[] = [];
  private expiryHead = 0;
  /** When the one pending expiry sweep runs, or null when none is pending. */
  private sweepAtMs: number | null = null;
  private refundCount = 0;

  constructor(
    private readonly env: FakeEnv,
    private readonly ttlHours: number,
  ) {}

  authorize(request: NewAuthorization): PaymentAuthorization {
    const nowMs = this.env.nowMs();
    const expiresAtMs = nowMs + this.ttlHours * HOUR_MS;
    const auth: AuthorizationRecord = {
      authorizationId: `auth_${this.authorizations.size + 1}`,
      reference: request.reference,
      amountCents: request.amountCents,
      currency: request.currency,
      status: 'AUTHORIZED',
      capturedCents: 0,
      refundedCents: 0,
      createdAtMs: nowMs,
      expiresAtMs,
      closedAtMs: null,
      createdAt: utcIso(nowMs),
      expiresAt: utcIso(expiresAtMs),
      captures: [],
    };
    this.authorizations.set(auth.authorizationId, auth);
    const sameReference = this.byReference.get(auth.reference);
    if (sameReference === undefined) this.byReference.set(auth.reference, [auth]);
    else sameReference.push(auth);
    this.expiryQueue.push(auth);
    if (this.sweepAtMs === null) this.scheduleSweep(nowMs);
    this.env.trace.record('payment.authorized', auth.reference, `${auth.authorizationId} ${auth.amountCents} ${auth.currency}`);
    return authorizationView(auth);
  }

  capture(authorizationId: string, amountCents: number): CaptureResult {
    const auth = this.authorizations.get(authorizationId);
    if (auth === undefined) return { kind: 'unknown-authorization' };
    if (auth.status === 'EXPIRED') return { kind: 'expired' };
    if (auth.status === 'VOIDED') return { kind: 'voided' };
    const capturableCents = auth.amountCents - auth.capturedCents;
    if (amountCents > capturableCents) return { kind: 'exceeds', capturableCents };
    const atMs = this.env.nowMs();
    const capture: CaptureRecord = {
      captureId: `cap_${this.captures.size + 1}`,
      authorizationId,
      amountCents,
      refundedCents: 0,
      atMs,
      createdAt: utcIso(atMs),
      refunds: [],
    };
    this.captures.set(capture.captureId, capture);
    auth.captures.push(capture);
    auth.capturedCents += amountCents;
    if (auth.capturedCents === auth.amountCents) auth.status = 'CAPTURED';
    this.env.trace.record('payment.captured', auth.reference, `${capture.captureId} ${authorizationId} ${amountCents} (captured ${auth.capturedCents} of ${auth.amountCents})`);
    return { kind: 'captured', capture: captureView(capture) };
  }

  /** Releases what was not captured. Voiding a voided authorisation returns it unchanged. */
  void(authorizationId: string): VoidResult {
    const auth = this.authorizations.get(authorizationId);
    if (auth === undefined) return { kind: 'unknown-authorization' };
    if (auth.status === 'EXPIRED') return { kind: 'expired' };
    if (auth.status === 'CAPTURED') return { kind: 'fully-captured' };
    if (auth.status === 'AUTHORIZED') {
      this.close(auth, 'VOIDED', this.env.nowMs());
      this.env.trace.record('payment.voided', auth.reference, `${authorizationId} released ${auth.amountCents - auth.capturedCents}`);
    }
    return { kind: 'voided', authorization: authorizationView(auth) };
  }

  refund(captureId: string, amountCents: number): RefundResult {
    const capture = this.captures.get(captureId);
    if (capture === undefined) return { kind: 'unknown-capture' };
    const refundableCents = capture.amountCents - capture.refundedCents;
    if (amountCents > refundableCents) return { kind: 'exceeds', refundableCents };
    const auth = this.authorizations.get(capture.authorizationId) as AuthorizationRecord;
    this.refundCount += 1;
    const atMs = this.env.nowMs();
    const refund: RefundRecord = { refundId: `re_${this.refundCount}`, captureId, amountCents, atMs, createdAt: utcIso(atMs) };
    capture.refunds.push(refund);
    capture.refundedCents += amountCents;
    auth.refundedCents += amountCents;
    this.env.trace.record('payment.refunded', auth.reference, `${refund.refundId} ${captureId} ${amountCents} (refunded ${capture.refundedCents} of ${capture.amountCents})`);
    return { kind: 'refunded', refund: refundView(refund) };
  }

  authorization(authorizationId: string): PaymentAuthorization | undefined {
    const auth = this.authorizations.get(authorizationId);
    return auth === undefined ? undefined : authorizationView(auth);
  }

  /** Every authorisation with that reference, oldest first, captures and refunds nested. */
  withReference(reference: string): PaymentAuthorization[] {
    return (this.byReference.get(reference) ?? []).map(authorizationView);
  }

  /** The reference of the authorisation an id (authorisation or capture) belongs to; '' if unknown. */
  referenceOf(id: string): string {
    // Authorisation ids (`auth_`) and capture ids (`cap_`) never coincide, so the look-ups can go
    // in either order: authorisations first, what most requests (captures, voids) name.
    const auth = this.authorizations.get(id);
    if (auth !== undefined) return auth.reference;
    const capture = this.captures.get(id);
    return capture === undefined ? '' : (this.authorizations.get(capture.authorizationId)?.reference ?? '');
  }

  /** Expires every open authorisation whose time has come (from `expiresAt` on, inclusive). */
  /**
   * One sweep pending at a time, at the earliest open authorisation's expiry, so the expiry shows
   * in the trace when it happens, not when someone next asks. Every authorisation lives the same
   * TTL, so the queue is in expiry order; one timer per authorisation kept a kernel event per
   * payment pending for days.
   */
  private scheduleSweep(nowMs: number): void {
    while (this.expiryHead < this.expiryQueue.length && (this.expiryQueue[this.expiryHead] as AuthorizationRecord).status !== 'AUTHORIZED') this.expiryHead += 1;
    const next = this.expiryQueue[this.expiryHead];
    if (next === undefined) return;
    const atMs = next.expiresAtMs;
    this.sweepAtMs = atMs;
    this.env.schedule('payment.expire', Math.max(0, atMs - nowMs), () => {
      this.sweepAtMs = null;
      this.expireDue();
      this.scheduleSweep(this.env.nowMs());
    });
  }

  expireDue(): void {
    const nowMs = this.env.nowMs();
    while (this.expiryHead < this.expiryQueue.length) {
      const auth = this.expiryQueue[this.expiryHead] as AuthorizationRecord;
      if (auth.expiresAtMs > nowMs) break;
      this.expiryHead += 1;
      if (auth.status !== 'AUTHORIZED') continue;
      // It lapsed at expiresAt, however late anyone noticed.
      this.close(auth, 'EXPIRED', auth.expiresAtMs);
      this.env.trace.record('payment.expired', auth.reference, `${auth.authorizationId} released ${auth.amountCents - auth.capturedCents}`);
    }
    // Drop the processed head now and then, so the queue stays as long as what is still open.
    if (this.expiryHead > 1_024 && this.expiryHead * 2 > this.expiryQueue.length) {
      this.expiryQueue = this.expiryQueue.slice(this.expiryHead);
      this.expiryHead = 0;
    }
  }

  truth(): PaymentAuthorizationTruth[] {
    return [...this.authorizations.values()].map((auth) => ({
      authorizationId: auth.authorizationId,
      reference: auth.reference,
      amountCents: auth.amountCents,
      currency: auth.currency,
      status: auth.status,
      capturedCents: auth.capturedCents,
      refundedCents: auth.refundedCents,
      createdAtMs: auth.createdAtMs,
      expiresAtMs: auth.expiresAtMs,
      closedAtMs: auth.closedAtMs,
      captures: auth.captures.map((capture) => ({
        captureId: capture.captureId,
        amountCents: capture.amountCents,
        refundedCents: capture.refundedCents,
        capturedAtMs: capture.atMs,
        refunds: capture.refunds.map((refund) => ({ refundId: refund.refundId, amountCents: refund.amountCents, refundedAtMs: refund.atMs })),
      })),
    }));
  }

  private close(auth: AuthorizationRecord, status: 'VOIDED' | 'EXPIRED', atMs: number): void {
    auth.status = status;
    auth.closedAtMs = atMs;
  }
}
