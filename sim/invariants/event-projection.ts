import { applyToBelief, differences, isOrderEvent, type OrderBelief } from './consumer-projection.ts';
import { applyOnce, NONE_APPLIED, type AppliedSequences } from './applied-sequences.ts';
import { stateKeyedBy } from './run-state.ts';
import { pointer, type CheckContext, type EndOfRun, type EventPointer, type InvariantChecker } from './types.ts';

const NAME = 'events.consumer-view-matches';
/** Differences named per order; the rest are counted. */
const SHOWN = 4;

/** What the consumer believes of an order, and the last event it applied about it (where a finding points). */
interface Known extends OrderBelief {
  last: EventPointer;
}

interface Consumer {
  beliefs: Map<string, Known>;
  /** Per aggregate: the sequences applied (at least once delivery: each once). */
  applied: Map<string, AppliedSequences>;
}

const consumers = stateKeyedBy<CheckContext, Consumer>(() => ({ beliefs: new Map(), applied: new Map() }));
/** Orders the end-of-run pass compared, so `atEnd` can name beliefs about orders the view lacks. */
const compared = stateKeyedBy<EndOfRun, Set<string>>(() => new Set());

/** True the first time this aggregate's sequence is seen (and records it). */
function firstTime(consumer: Consumer, aggregateId: string, sequence: number): boolean {
  const applied = applyOnce(consumer.applied.get(aggregateId) ?? NONE_APPLIED, sequence);
  if (applied === undefined) return false;
  consumer.applied.set(aggregateId, applied);
  return true;
}

/**
 * What a downstream consumer would believe equals what the orchestrator believes: replaying the
 * published events (each once, in the order they came, consumer-projection.ts) gives, for every
 * order at the end of the run, the view's FO states, each FO line's shipped, picked-up and
 * cancelled units, units returned, money captured and refunded, and whether it is closed. An
 * order the events never mention is a finding too: the plugin contract (docs/plugins.md) asks
 * for the canonical events of every order.
 */
export const eventProjectionChecker: InvariantChecker = {
  name: NAME,
  onPublished(published, traced, context) {
    if (!isOrderEvent(published.type)) return;
    const consumer = consumers(context);
    if (!firstTime(consumer, published.aggregateId, published.sequence)) return;
    const orderId = published.correlationId;
    const at = pointer(traced);
    let known = consumer.beliefs.get(orderId);
    if (known === undefined) {
      // Written out, not spread from emptyBelief(): a spread gave each order's record its own hidden class.
      known = { fos: [], lines: [], returned: [], captured: 0, refunded: 0, closed: false, last: at };
      consumer.beliefs.set(orderId, known);
    }
    applyToBelief(known, published);
    known.last = at;
  },
  atEndOrder(order, end, report) {
    compared(end).add(order.orderId);
    const known = consumers(end.context).beliefs.get(order.orderId);
    if (known === undefined) {
      report({ invariant: NAME, orderId: order.orderId, detail: `no event about order ${order.orderId} was ever published (it is ${order.status}${order.closed ? ', closed' : ''}): a downstream consumer does not know it exists`, firstBadEvent: end.context.lastEventOf(order.orderId) });
      return;
    }
    const found = differences(known, order);
    if (found.length === 0) return;
    const more = found.length > SHOWN ? `; and ${found.length - SHOWN} more` : '';
    report({ invariant: NAME, orderId: order.orderId, detail: `a consumer of the published events believes otherwise: ${found.slice(0, SHOWN).join('; ')}${more}`, firstBadEvent: known.last });
  },
  atEnd(context, report, end) {
    const seen = compared(end);
    for (const [orderId, entry] of consumers(context).beliefs) {
      if (!seen.has(orderId)) report({ invariant: NAME, orderId, detail: `events were published about order ${orderId}, the orchestrator's view has no such order`, firstBadEvent: entry.last });
    }
  },
};
