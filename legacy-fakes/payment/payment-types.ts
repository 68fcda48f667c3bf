/** The payment gateway fake's configuration, wire shapes and ground truth (docs/legacy-protocols.md). */
import type { Ratio } from '../http.ts';
import type { OfflineWindow } from '../offline-windows.ts';

/** While `fromMs <= now < toMs` (epoch ms) the gateway is unreachable: connections hang or are refused. */
export type PaymentOfflineWindow = OfflineWindow;

/**
 * Faults of a real card gateway, each off unless configured, each drawn from its own seeded
 * stream (`payment.<quirk>`). docs/fakes/payment.md describes each one.
 */
export interface PaymentQuirks {
  /** Server time per answered request, whole ms, both ends inclusive (absent: 0). */
  serviceMs?: { min: number; max: number };
  /** A capture is applied but its reply is lost: the caller times out on a capture that happened. */
  captureGhostSuccess?: Ratio;
  /** A request is lost on its way in: never applied, never answered. */
  lostRequest?: Ratio;
  /**
   * A successful (2xx) reply arrives garbled, well-framed JSON that is not the record: `{}`, the
   * record without its id, its amounts as strings, `null`, or a bare `"OK"`. What was asked was done.
   */
  garbledReply?: Ratio;
  /** The gateway sheds load: 503 with `retry-after`, nothing applied. */
  unavailable?: { ratio: Ratio; retryAfterSeconds: number };
  /** Outages, in epoch ms. */
  offline?: readonly PaymentOfflineWindow[];
}

export interface PaymentConfig {
  /** An authorisation not fully captured expires this many hours after it was made (cards: about 7 days). */
  authorizationTtlHours: number;
  /** An Idempotency-Key is remembered this many hours after its first use (Stripe: 24). */
  idempotencyRetentionHours: number;
  /** Absent: a well-behaved gateway, and no random stream is touched. */
  quirks?: PaymentQuirks;
}

/**
 * AUTHORIZED: open, maybe partly captured. CAPTURED: fully captured. VOIDED: the caller released
 * the uncaptured rest. EXPIRED: the uncaptured rest lapsed. Captures made before a void or an
 * expiry stand, and stay refundable.
 */
export type PaymentAuthorizationStatus = 'AUTHORIZED' | 'CAPTURED' | 'VOIDED' | 'EXPIRED';

export interface PaymentRefund {
  refundId: string;
  captureId: string;
  amountCents: number;
  /** UTC ISO. */
  createdAt: string;
}

export interface PaymentCapture {
  captureId: string;
  authorizationId: string;
  amountCents: number;
  refundedCents: number;
  createdAt: string;
  refunds: PaymentRefund[];
}

export interface PaymentAuthorization {
  authorizationId: string;
  reference: string;
  amountCents: number;
  currency: string;
  capturedCents: number;
  refundedCents: number;
  status: PaymentAuthorizationStatus;
  createdAt: string;
  expiresAt: string;
  captures: PaymentCapture[];
}

export interface PaymentRefundTruth {
  refundId: string;
  amountCents: number;
  refundedAtMs: number;
}

export interface PaymentCaptureTruth {
  captureId: string;
  amountCents: number;
  refundedCents: number;
  capturedAtMs: number;
  refunds: PaymentRefundTruth[];
}

export interface PaymentAuthorizationTruth {
  authorizationId: string;
  reference: string;
  amountCents: number;
  currency: string;
  status: PaymentAuthorizationStatus;
  capturedCents: number;
  refundedCents: number;
  createdAtMs: number;
  expiresAtMs: number;
  /** When it was voided or expired; null while AUTHORIZED or CAPTURED. */
  closedAtMs: number | null;
  captures: PaymentCaptureTruth[];
}

/** The gateway's books: ground truth for every money invariant (refunded <= captured <= authorised). */
export interface PaymentTruth {
  authorizations: PaymentAuthorizationTruth[];
}
