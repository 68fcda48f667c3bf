import type { OrderView } from '../../orchestrator/plugin.ts';
import { gatewayAttemptPointers } from './gateway-attempt-pointers.ts';
import type { InvariantChecker } from './types.ts';

const NAME = 'money.authorisation-within-what-is-owed';

/** What the customer ordered, at the prices the order was taken at. */
function orderedCents(order: OrderView): number {
  const lines = order.lines ?? order.fulfillmentOrders.flatMap((fo) => fo.lines);
  return lines.reduce((sum, line) => sum + line.quantity * line.unitPriceCents, 0);
}


/**
 * An authorisation holds the customer's money: it may ask for no more than the order still owes,
 * its value as ordered minus what the gateway already captured for it (a re-authorisation after
 * an expiry or a void comes after partial captures). Read from the gateway's own log of requests
 * it applied, in the order it applied them; what the orchestrator believes it authorised plays
 * no part. An authorisation for less is the settlement check's to judge: the capture it cannot
 * cover shows there.
 */
export const authorisationAmountChecker: InvariantChecker = {
  name: NAME,
  onEvent(event, context) {
    gatewayAttemptPointers.note(event, context);
  },
  atEnd(context, report) {
    const captured = new Map<string, number>();
    for (const attempt of context.payment.attempts()) {
      if (attempt.outcome !== 'applied' || attempt.amountCents === null) continue;
      if (attempt.operation === 'capture') captured.set(attempt.reference, (captured.get(attempt.reference) ?? 0) + attempt.amountCents);
      if (attempt.operation !== 'authorize') continue;
      const order = context.view.order(attempt.target);
      if (order === undefined) continue;
      const owed = orderedCents(order) - (captured.get(attempt.target) ?? 0);
      if (attempt.amountCents <= owed) continue;
      report({
        invariant: NAME,
        orderId: order.orderId,
        detail: `authorisation under key ${attempt.idempotencyKey ?? '(none)'} asked the gateway for ${attempt.amountCents} cents; the order still owed ${owed} (${orderedCents(order)} ordered, ${captured.get(attempt.target) ?? 0} captured before it)`,
        firstBadEvent: gatewayAttemptPointers.at(attempt.seq, context) ?? context.lastEventOf(order.orderId),
      });
    }
  },
};
