import { pointer, type InvariantChecker } from './types.ts';
import { stateKeyedBy } from './run-state.ts';

/** Per run: refunds and returns the orchestrator published, by order (cents), and the events counted. */
const tally = stateKeyedBy<object, { byOrder: Map<string, { refunded: number; returned: number }>; counted: Set<string> }>(() => ({ byOrder: new Map(), counted: new Set() }));

function cents(payload: Readonly<Record<string, unknown>>): number {
  const value = payload['amountCents'];
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
  onPublished(published, traced, context, report) {
    if (published.type !== 'refund.issued' && published.type !== 'return.requested') return;
    const { byOrder, counted } = tally(context);
    // Delivery is at least once: an event relayed again after a crash is the same refund, counted once.
    const id = `${published.aggregateId}#${published.sequence}`;
    if (counted.has(id)) return;
    counted.add(id);
    const entry = byOrder.get(published.correlationId) ?? { refunded: 0, returned: 0 };
    if (published.type === 'refund.issued') entry.refunded += cents(published.payload);
    else entry.returned += cents(published.payload);
    byOrder.set(published.correlationId, entry);
    if (entry.refunded > entry.returned) {
      report({ invariant: this.name, orderId: published.correlationId, detail: `refunded ${entry.refunded} cents against returns worth ${entry.returned} cents`, firstBadEvent: pointer(traced) });
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
