import { pointer, type InvariantChecker } from './types.ts';
import { stateKeyedBy } from './run-state.ts';

/** Per run: refunds and returns the orchestrator published, by order (cents). */
const tally = stateKeyedBy<object, Map<string, { refunded: number; returned: number }>>(() => new Map());

function cents(detail: string): number {
  const value = (JSON.parse(detail) as { amountCents?: unknown }).amountCents;
  return typeof value === 'number' ? value : 0;
}

/**
 * Incidents 17 and 19: refunds never exceed captures (the gateway's books, per capture and per
 * order), money is only ever refunded for a return the customer asked for, and once an order's
 * returns are settled the gateway refunded exactly their value (cancels never need a refund:
 * capture happens at shipment or hand-over, so nothing cancelled was ever captured). Liveness:
 * by the end every return is refunded in full, or its order is on the exception queue.
 */
export const refundsChecker: InvariantChecker = {
  name: 'money.refunds-match-returns',
  onEvent(event, context, report) {
    if (event.kind !== 'refund.issued' && event.kind !== 'return.requested') return;
    const entry = tally(context).get(event.orderId) ?? { refunded: 0, returned: 0 };
    if (event.kind === 'refund.issued') entry.refunded += cents(event.detail);
    else entry.returned += cents(event.detail);
    tally(context).set(event.orderId, entry);
    if (entry.refunded > entry.returned) {
      report({ invariant: this.name, orderId: event.orderId, detail: `refunded ${entry.refunded} cents against returns worth ${entry.returned} cents`, firstBadEvent: pointer(event) });
    }
  },
  atEndOrder(order, end, report) {
    const books = end.gatewayBooks(order.orderId);
    const problems: string[] = [];
    if (books.refunded > books.captured) problems.push(`gateway refunded ${books.refunded} cents of ${books.captured} captured`);
    const returns = order.returns ?? [];
    const settled = returns.every((item) => item.state === 'refunded');
    const returnedValue = (order.lines ?? []).reduce((sum, line) => sum + line.returned * line.unitPriceCents, 0);
    if (order.payment !== null && settled && books.refunded !== returnedValue) problems.push(`gateway refunded ${books.refunded} cents, returns are worth ${returnedValue} cents`);
    // Liveness: after the world healed, a customer who returned goods has been paid back, or a person sees why not.
    if (!end.exceptedOrderIds().has(order.orderId)) {
      for (const item of returns) if (item.state !== 'refunded') problems.push(`return ${item.returnId} still owes the customer ${item.amountCents - item.refundedCents} of ${item.amountCents} cents at the end, and the order is not on the exception queue`);
    }
    for (const problem of problems) report({ invariant: this.name, orderId: order.orderId, detail: problem, firstBadEvent: end.context.lastEventOf(order.orderId) });
  },
};
