import { applyToBelief, differences, emptyBelief, isOrderEvent, type OrderBelief } from './consumer-projection.ts';
import { stateKeyedBy } from './run-state.ts';
import { pointer, type CheckContext, type EndOfRun, type EventPointer, type InvariantChecker } from './types.ts';

const NAME = 'events.consumer-view-matches';
/** Differences named per order; the rest are counted. */
const SHOWN = 4;

interface Consumer {
  beliefs: Map<string, { belief: OrderBelief; last: EventPointer }>;
  /** Per aggregate: sequences 1..through applied, and any applied beyond a hole (at least once delivery: each once). */
  applied: Map<string, { through: number; beyond: Set<number> | undefined }>;
}

const consumers = stateKeyedBy<CheckContext, Consumer>(() => ({ beliefs: new Map(), applied: new Map() }));
/** Orders the end-of-run pass compared, so `atEnd` can name beliefs about orders the view lacks. */
const compared = stateKeyedBy<EndOfRun, Set<string>>(() => new Set());

/** True the first time this aggregate's sequence is seen (and records it). */
function firstTime(consumer: Consumer, aggregateId: string, sequence: number): boolean {
  let seen = consumer.applied.get(aggregateId);
  if (seen === undefined) {
    seen = { through: 0, beyond: undefined };
    consumer.applied.set(aggregateId, seen);
  }
  if (sequence <= seen.through || seen.beyond?.has(sequence) === true) return false;
  if (sequence !== seen.through + 1) {
    (seen.beyond ??= new Set()).add(sequence);
    return true;
  }
  seen.through = sequence;
  while (seen.beyond?.delete(seen.through + 1) === true) seen.through++;
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
    let entry = consumer.beliefs.get(orderId);
    if (entry === undefined) {
      entry = { belief: emptyBelief(), last: at };
      consumer.beliefs.set(orderId, entry);
    }
    applyToBelief(entry.belief, published);
    entry.last = at;
  },
  atEndOrder(order, end, report) {
    compared(end).add(order.orderId);
    const entry = consumers(end.context).beliefs.get(order.orderId);
    if (entry === undefined) {
      report({ invariant: NAME, orderId: order.orderId, detail: `no event about order ${order.orderId} was ever published (it is ${order.status}${order.closed ? ', closed' : ''}): a downstream consumer does not know it exists`, firstBadEvent: end.context.lastEventOf(order.orderId) });
      return;
    }
    const found = differences(entry.belief, order);
    if (found.length === 0) return;
    const more = found.length > SHOWN ? `; and ${found.length - SHOWN} more` : '';
    report({ invariant: NAME, orderId: order.orderId, detail: `a consumer of the published events believes otherwise: ${found.slice(0, SHOWN).join('; ')}${more}`, firstBadEvent: entry.last });
  },
  atEnd(context, report, end) {
    const seen = compared(end);
    for (const [orderId, entry] of consumers(context).beliefs) {
      if (!seen.has(orderId)) report({ invariant: NAME, orderId, detail: `events were published about order ${orderId}, the orchestrator's view has no such order`, firstBadEvent: entry.last });
    }
  },
};
