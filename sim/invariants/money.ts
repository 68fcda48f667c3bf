import type { PaymentView } from '../../orchestrator/plugin.ts';
import type { GatewayBooks } from './gateway-books.ts';
import type { InvariantChecker } from './types.ts';

/**
 * The ledger's `authorizedCents` against the gateway: what earlier authorisations captured plus
 * the amount of the one in force (`authorizationId`). A ledger that adopts or replaces an
 * authorisation and books the wrong amount tells finance the customer agreed to another sum.
 */
function authorizedProblem(ledger: PaymentView, gateway: GatewayBooks): string | undefined {
  if (ledger.authorizationId === null) return undefined;
  const current = gateway.authorizations.find((auth) => auth.authorizationId === ledger.authorizationId);
  if (current === undefined) return `orchestrator's ledger names authorisation ${ledger.authorizationId}, which the gateway never issued for this order`;
  const earlier = gateway.authorizations.filter((auth) => auth !== current).reduce((sum, auth) => sum + auth.capturedCents, 0);
  const expected = earlier + current.amountCents;
  if (ledger.authorizedCents === expected) return undefined;
  return `orchestrator's ledger says ${ledger.authorizedCents} cents authorised; the gateway has ${current.amountCents} authorised under ${current.authorizationId} and ${earlier} captured under earlier authorisations (${expected})`;
}

/**
 * Money (incidents 15, 16, 17, 19, 25): the gateway's books are the truth. Refunds never exceed
 * captures; for a closed order, what was captured equals the value shipped or picked up, the
 * orchestrator's ledger agrees with the gateway, and no authorisation is left holding the rest.
 * For an order still open (parked) at the end, the ledger's captures agree with the gateway's.
 * The ledger agrees on refunds too (once every return is refunded), and on what was authorised.
 */
export const moneyChecker: InvariantChecker = {
  name: 'money.settlement-balances',
  atEndOrder(order, end, report) {
    if (order.payment === null) return;
    const gateway = end.gatewayBooks(order.orderId);
    if (!order.closed) {
      // A parked order's money is not settled yet, but its ledger must know what the gateway captured.
      if (order.payment.capturedCents !== gateway.captured) report({ invariant: this.name, orderId: order.orderId, detail: `orchestrator's ledger says ${order.payment.capturedCents} cents captured, the gateway ${gateway.captured} (order ${order.status}, not closed)`, firstBadEvent: end.context.lastEventOf(order.orderId) });
      return;
    }
    const fulfilled = order.fulfillmentOrders.flatMap((fo) => fo.lines).reduce((sum, line) => sum + (line.shipped + line.pickedUp) * line.unitPriceCents, 0);
    const returned = (order.lines ?? []).reduce((sum, line) => sum + line.returned * line.unitPriceCents, 0);
    const refundsSettled = (order.returns ?? []).every((item) => item.state === 'refunded');
    const problems: string[] = [];
    // Money kept = value kept: captured minus refunded against shipped or picked up minus returned.
    if (gateway.refunded === 0 && returned === 0) {
      if (gateway.captured !== fulfilled) problems.push(`gateway captured ${gateway.captured} cents, goods worth ${fulfilled} cents were shipped or picked up`);
    } else if (refundsSettled && gateway.captured - gateway.refunded !== fulfilled - returned) {
      problems.push(`gateway kept ${gateway.captured - gateway.refunded} cents (captured ${gateway.captured}, refunded ${gateway.refunded}), goods kept are worth ${fulfilled - returned} cents (${fulfilled} shipped or picked up, ${returned} returned)`);
    }
    if (order.payment.capturedCents !== gateway.captured) problems.push(`orchestrator's ledger says ${order.payment.capturedCents} cents captured, the gateway ${gateway.captured}`);
    if (order.returns !== undefined && refundsSettled && order.payment.refundedCents !== gateway.refunded) problems.push(`orchestrator's ledger says ${order.payment.refundedCents} cents refunded, the gateway ${gateway.refunded}`);
    const authorized = authorizedProblem(order.payment, gateway);
    if (authorized !== undefined) problems.push(authorized);
    if (gateway.open.length > 0) problems.push(`authorisation ${gateway.open.join(', ')} still holds the customer's card after the order closed`);
    for (const problem of problems) report({ invariant: this.name, orderId: order.orderId, detail: problem, firstBadEvent: end.context.lastEventOf(order.orderId) });
  },
  atEnd(context, report) {
    for (const auth of context.payment.truth().authorizations) {
      for (const capture of auth.captures) {
        if (capture.refundedCents > capture.amountCents) {
          report({ invariant: this.name, orderId: auth.reference, detail: `capture ${capture.captureId}: refunded ${capture.refundedCents} of ${capture.amountCents} cents`, firstBadEvent: context.lastEventOf(auth.reference) });
        }
      }
    }
  },
};
