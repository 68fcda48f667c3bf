import { fieldsOf } from '../kernel/trace-detail.ts';
import type { TraceEvent } from '../kernel/trace.ts';
import { pointer, type CheckContext, type InvariantChecker } from './types.ts';
import { stateKeyedBy } from './run-state.ts';
import { OwnerStockBooks } from './owner-stock.ts';
import { nodesThatCouldServe, pendingCommitments, refusedBy } from './serving-nodes.ts';

interface RunState {
  /** `<channel>:<channelOrderId>` to the trace index of the first `order.created` for it (all a finding names). */
  created: Map<string, number>;
  /** Per order: units customers asked to cancel per line number; 'all' once any request said so. */
  asked: Map<string, Map<number, number> | 'all'>;
  /** FOs the orchestrator cancelled on its own (an expired pickup), whose units no customer asked for. */
  expired: Set<string>;
  /** Per order: cancel requests customers made, and cancel requests the orchestrator published. */
  cancels: Map<string, { asked: number; published: number }>;
  /** Per order: units per line the orchestrator cancelled as unavailable when no node could serve them (checked then). */
  unavailable: Map<string, Map<number, number>>;
}

const stateOf = stateKeyedBy<CheckContext, RunState>((): RunState => ({ created: new Map(), asked: new Map(), expired: new Set(), cancels: new Map(), unavailable: new Map() }));

/** The reason prefix an orchestrator gives a cancel of units no node can serve (docs/plugins.md). */
export const UNAVAILABLE_REASON = 'unavailable';

/**
 * An FO whose units the orchestrator cancelled on its own because no node could serve them (its
 * transition says `unavailable: ...`; to CANCELLED, or COMPLETED with the rest given up): true only if, by
 * the owners' books at that moment, no eligible node had the units. Returns the finding's detail
 * if it was not true; notes the units as rightly cancelled if it was.
 */
function checkUnavailable(state: RunState, event: TraceEvent, context: CheckContext, foId: string): string | undefined {
  const order = context.view.order(event.orderId);
  const fo = order?.fulfillmentOrders.find((candidate) => candidate.foId === foId);
  if (order === undefined || fo === undefined) return undefined;
  const stock = new OwnerStockBooks(context);
  const refused = refusedBy(context, stock, order);
  const servable: string[] = [];
  const units = state.unavailable.get(order.orderId) ?? new Map<number, number>();
  // What the orchestrator promised elsewhere and the owners do not count yet, read only if needed.
  let committed: ReadonlyMap<string, number> | undefined;
  for (const line of fo.lines) {
    if (line.cancelled === 0) continue;
    const needed = { sku: line.sku, quantity: line.cancelled };
    let nodes = nodesThatCouldServe(context, stock, order, needed, refused);
    if (nodes.length > 0) {
      committed ??= pendingCommitments(context, stock);
      nodes = nodesThatCouldServe(context, stock, order, needed, refused, committed);
    }
    if (nodes.length > 0) servable.push(`line ${line.lineNo} ${line.sku}x${line.cancelled} at ${nodes.map((node) => `${node.nodeId} (${node.available} available)`).join(', ')}`);
    else units.set(line.lineNo, (units.get(line.lineNo) ?? 0) + line.cancelled);
  }
  state.unavailable.set(order.orderId, units);
  return servable.length === 0 ? undefined : `${foId} cancelled as unavailable, but by the owners' books it could be served: ${servable.join('; ')}`;
}

function noteCancelAsked(state: RunState, event: TraceEvent): void {
  const before = state.asked.get(event.orderId);
  if (event.detail === 'all' || before === 'all') {
    state.asked.set(event.orderId, 'all');
    return;
  }
  const units = before ?? new Map<number, number>();
  for (const part of event.detail.split(' ')) {
    const [lineNo, quantity] = part.split('x').map(Number);
    if (lineNo !== undefined && quantity !== undefined && Number.isInteger(lineNo) && Number.isInteger(quantity)) units.set(lineNo, (units.get(lineNo) ?? 0) + quantity);
  }
  state.asked.set(event.orderId, units);
}

/**
 * Incidents 11, 12 and 22: a customer's request takes effect once, however often the channel
 * delivers it (re-sends after a crash, duplicates, concurrent copies). Safety: one order per
 * (channel, channel order id), and no more cancel requests published for an order than its
 * customers made, once they made any (a re-sent command answered from its stored outcome
 * publishes nothing). At the end: no order line has more units cancelled than customers asked
 * to cancel, whether or not they asked for any, aside from pickups the orchestrator expired and
 * units it cancelled as unavailable (reason `unavailable: ...`) when, by the owners' books at that
 * moment, no eligible node could serve them. So cancelling is no more a sink than parking is.
 */
export const commandOnceChecker: InvariantChecker = {
  name: 'idempotency.command-applied-once',
  kinds: ['customer.cancel', 'order.cancel_requested', 'order.created', 'fo.transitioned'],
  onEvent(event, context, report) {
    const state = stateOf(context);
    if (event.kind === 'customer.cancel' || event.kind === 'order.cancel_requested') {
      const cancels = state.cancels.get(event.orderId) ?? { asked: 0, published: 0 };
      if (event.kind === 'customer.cancel') {
        cancels.asked++;
        noteCancelAsked(state, event);
      } else {
        cancels.published++;
      }
      state.cancels.set(event.orderId, cancels);
      // Only where the customers' requests are known: a test or an admin may cancel outside the workload.
      if (cancels.asked > 0 && cancels.published > cancels.asked) report({ invariant: this.name, orderId: event.orderId, detail: `cancel request published ${cancels.published} times for ${cancels.asked} customer request(s): a re-sent command ran again`, firstBadEvent: pointer(event) });
    } else if (event.kind === 'order.created') {
      const payload = fieldsOf(event);
      const key = `${String(payload.channel)}:${String(payload.channelOrderId)}`;
      const first = state.created.get(key);
      if (first === undefined) state.created.set(key, event.index);
      else report({ invariant: this.name, orderId: event.orderId, detail: `a second order for ${key} (the first was created at event ${first})`, firstBadEvent: pointer(event) });
    } else if (event.kind === 'fo.transitioned') {
      const payload = fieldsOf(event);
      if (typeof payload.foId !== 'string') return;
      if (payload.to === 'PICKUP_EXPIRED') state.expired.add(payload.foId);
      if (typeof payload.reason === 'string' && payload.reason.startsWith(UNAVAILABLE_REASON)) {
        const wrong = checkUnavailable(state, event, context, payload.foId);
        if (wrong !== undefined) report({ invariant: this.name, orderId: event.orderId, detail: wrong, firstBadEvent: pointer(event) });
      }
    }
  },
  atEndOrder(order, end, report) {
    const state = stateOf(end.context);
    const asked = state.asked.get(order.orderId) ?? new Map<number, number>();
    if (asked === 'all') return;
    const unavailable = state.unavailable.get(order.orderId);
    const cancelled = new Map<number, number>();
    for (const fo of order.fulfillmentOrders) {
      if (state.expired.has(fo.foId)) continue;
      for (const line of fo.lines) cancelled.set(line.lineNo, (cancelled.get(line.lineNo) ?? 0) + line.cancelled);
    }
    for (const [lineNo, units] of cancelled) {
      const wanted = asked.get(lineNo) ?? 0;
      const gone = unavailable?.get(lineNo) ?? 0;
      if (units > wanted + gone) report({ invariant: this.name, orderId: order.orderId, detail: `line ${lineNo}: ${units} units cancelled, customers asked to cancel ${wanted}${gone > 0 ? ` and ${gone} were rightly cancelled as unavailable` : ''}`, firstBadEvent: end.context.lastEventOf(order.orderId) });
    }
  },
};
