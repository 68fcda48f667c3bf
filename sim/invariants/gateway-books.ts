import type { PaymentFake } from '../../legacy-fakes/payment/payment-fake.ts';

/** One order's money as the card gateway's books hold it (the ground truth for money). */
export interface GatewayBooks {
  captured: number;
  refunded: number;
  /** Authorisations still holding part of the card. */
  open: string[];
  /** Every authorisation under the order's reference: its amount and what was captured on it. */
  authorizations: { authorizationId: string; amountCents: number; capturedCents: number }[];
}

/** The gateway's books per order reference. */
export function gatewayBooksByOrder(payment: PaymentFake): Map<string, GatewayBooks> {
  const byReference = new Map<string, GatewayBooks>();
  for (const auth of payment.truth().authorizations) {
    const entry = byReference.get(auth.reference) ?? { captured: 0, refunded: 0, open: [], authorizations: [] };
    entry.authorizations.push({ authorizationId: auth.authorizationId, amountCents: auth.amountCents, capturedCents: auth.capturedCents });
    entry.captured += auth.capturedCents;
    entry.refunded += auth.refundedCents;
    if (auth.status === 'AUTHORIZED' && auth.capturedCents < auth.amountCents) entry.open.push(auth.authorizationId);
    byReference.set(auth.reference, entry);
  }
  return byReference;
}
