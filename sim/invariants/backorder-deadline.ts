import type { FoView, OrderView } from '../../orchestrator/plugin.ts';
import { fieldsOf, textField } from '../kernel/trace-detail.ts';
import type { TraceEvent } from '../kernel/trace.ts';
import { stateKeyedBy } from './run-state.ts';
import { offersDelivery, openUnits } from './serving-nodes.ts';
import { pointer, type CheckContext, type Finding, type InvariantChecker } from './types.ts';

const HOUR_MS = 3_600_000;
/** Stale facts park a backorder after this many deadlines (docs/routing.md, "Backorders"). */
export const PARK_AFTER_DEADLINES = 3;
/** Stock that exists but that routing will not take (capacity, claims not given back) waits at most this long. */
export const STOCK_WAIT_LIMIT_MS = 7 * 24 * HOUR_MS;
/** A decision is made by a sweep: one retry interval late at most, and another for a restart or a slow store. */
const SWEEPS_OF_GRACE = 2;

interface Waiting {
  orderId: string;
  /** When its units started waiting (epoch ms): a part split off a waiting FO keeps the original's. */
  sinceMs: number;
  /** The event that started the wait. */
  event: TraceEvent;
  /** On the exception queue now (a person's to decide): not overdue. */
  parked: boolean;
}

interface RunState {
  /** FOs whose units wait (BACKORDERED, or routing again from there), by FO id. */
  waiting: Map<string, Waiting>;
  /**
   * The latest routing decision: its order, the FO it was about and since when that FO's units
   * waited. One is enough: a decision's events (the FO it splits off to wait included) are
   * published together, before any other decision's.
   */
  decision: { orderId: string; foId: string; sinceMs: number | undefined } | null;
  /** Next trace instant (ms since start) at which overdue waits are looked for. */
  nextLookMs: number;
}

const stateOf = stateKeyedBy<CheckContext, RunState>(() => ({ waiting: new Map(), decision: null, nextLookMs: 0 }));

function hours(ms: number): string {
  return `${Math.round(ms / HOUR_MS)} h`;
}

/**
 * The backorder deadline (docs/routing.md, "Backorders: wait, re-evaluate, then decide"), in both
 * directions, against the scenario's `backorderTimeoutMs`:
 * - not cut short: units that waited (BACKORDERED) are cancelled as unavailable (`reason:
 *   'unavailable: ...'`) no sooner than the timeout after they started waiting, and a waiting FO is parked UNROUTABLE no sooner
 *   than three timeouts after (stale facts are waited on first). A lower part of an FO routed in
 *   part keeps waiting since the FO first did; units cancelled by the customer are not a decision.
 * - not kept too long: a waiting FO leaves BACKORDERED (routed, cancelled or parked) within three
 *   timeouts, plus two retry intervals for the sweep; within the week-long limit (plus the same)
 *   when its units exist somewhere but routing could not take them (capacity). During the run only
 *   the week-long bound is checked; at the end, with the owners' books to read, the tighter one.
 * The orchestrator's own counters are never read: when waits start comes from its transitions.
 */
export const backorderDeadlineChecker: InvariantChecker = {
  name: 'backorder.decided-at-its-deadline',
  onEvent(event, context, report) {
    const state = stateOf(context);
    if (event.atMs >= state.nextLookMs) lookForOverdue(this.name, context, state, event, report);
    if (event.kind === 'routing.decided') {
      const foId = textField(fieldsOf(event).foId);
      state.decision = { orderId: event.orderId, foId, sinceMs: state.waiting.get(foId)?.sinceMs };
    } else if (event.kind === 'exception.opened') {
      const payload = fieldsOf(event);
      const waiting = state.waiting.get(textField(payload.foId));
      if (payload.category !== 'UNROUTABLE' || waiting === undefined) return;
      const waitedMs = context.world.occurredAtMs(event) - waiting.sinceMs;
      const parkAfterMs = PARK_AFTER_DEADLINES * context.world.timing.backorderTimeoutMs;
      if (waitedMs < parkAfterMs) {
        report({ invariant: this.name, orderId: event.orderId, detail: `${textField(payload.foId)} was parked UNROUTABLE ${hours(waitedMs)} after its units started waiting; the policy waits ${PARK_AFTER_DEADLINES} x backorderTimeoutMs (${hours(parkAfterMs)}) for fresh facts first`, firstBadEvent: pointer(event) });
      }
    } else if (event.kind === 'fo.transitioned') {
      onTransition(this.name, event, context, state, report);
    }
  },
  atEndOrder(order, end, report) {
    const { context } = end;
    const state = stateOf(context);
    for (const fo of order.fulfillmentOrders) {
      const waiting = state.waiting.get(fo.foId);
      if (fo.state !== 'BACKORDERED' || waiting === undefined) continue;
      const waitedMs = context.world.nowMs() - waiting.sinceMs;
      const { backorderTimeoutMs, backorderRetryIntervalMs } = context.world.timing;
      const limitMs = (unitsExistSomewhere(context, order, fo) ? Math.max(PARK_AFTER_DEADLINES * backorderTimeoutMs, STOCK_WAIT_LIMIT_MS) : PARK_AFTER_DEADLINES * backorderTimeoutMs) + SWEEPS_OF_GRACE * backorderRetryIntervalMs;
      if (waitedMs <= limitMs) continue;
      report({ invariant: this.name, orderId: order.orderId, detail: `${fo.foId} still BACKORDERED at the end, ${hours(waitedMs)} after its units started waiting: past the deadline's decision (cancel what no node has, park what stays unknown) by more than the sweep's grace (limit ${hours(limitMs)})`, firstBadEvent: pointer(waiting.event) });
    }
  },
};

function onTransition(name: string, event: TraceEvent, context: CheckContext, state: RunState, report: (finding: Finding) => void): void {
  const payload = fieldsOf(event);
  const foId = textField(payload.foId);
  const atMs = context.world.occurredAtMs(event);
  if (payload.to === 'BACKORDERED') {
    const waiting = state.waiting.get(foId);
    if (waiting !== undefined) {
      waiting.parked = false; // routed again and still waiting: since when it first did
      return;
    }
    const decided = state.decision;
    // The lines a routing decision could not place wait on in a new FO, since when the routed FO's did.
    const inherited = decided !== null && decided.orderId === event.orderId && decided.foId !== foId ? decided.sinceMs : undefined;
    state.waiting.set(foId, { orderId: event.orderId, sinceMs: inherited ?? atMs, event, parked: false });
    return;
  }
  const waiting = state.waiting.get(foId);
  if (payload.to === 'ALLOCATED' || payload.to === 'CANCELLED' || payload.to === 'COMPLETED') state.waiting.delete(foId);
  else if (payload.to === 'EXCEPTION' && waiting !== undefined) waiting.parked = true;
  const reason = textField(payload.reason);
  if (!reason.startsWith('unavailable')) return;
  // Units given up without ever waiting are no backorder: `idempotency.command-applied-once`
  // judges those against the owners' books (no eligible node had them), which a plugin without a
  // backorder queue (a DC-only one whose only DC refused the line) may rightly do at once.
  if (waiting === undefined) return;
  const waitedMs = atMs - waiting.sinceMs;
  const { backorderTimeoutMs } = context.world.timing;
  if (waitedMs >= backorderTimeoutMs) return;
  report({ invariant: name, orderId: event.orderId, detail: `${foId} was given up as unavailable ${hours(waitedMs)} after its units started waiting, before its deadline (backorderTimeoutMs ${hours(backorderTimeoutMs)}): ${reason}`, firstBadEvent: pointer(event) });
}

/** During the run: a wait past even the week-long limit (a sweep that never decides). Looked for once a retry interval. */
function lookForOverdue(name: string, context: CheckContext, state: RunState, event: TraceEvent, report: (finding: Finding) => void): void {
  const { backorderTimeoutMs, backorderRetryIntervalMs } = context.world.timing;
  state.nextLookMs = event.atMs + backorderRetryIntervalMs;
  const limitMs = Math.max(PARK_AFTER_DEADLINES * backorderTimeoutMs, STOCK_WAIT_LIMIT_MS) + SWEEPS_OF_GRACE * backorderRetryIntervalMs;
  const nowMs = context.world.startEpochMs + event.atMs;
  for (const [foId, waiting] of state.waiting) {
    if (waiting.parked || nowMs - waiting.sinceMs <= limitMs) continue;
    state.waiting.delete(foId);
    report({ invariant: name, orderId: waiting.orderId, detail: `${foId} has waited ${hours(nowMs - waiting.sinceMs)} since its units started waiting, past every limit of the policy (${hours(limitMs)} with the sweep's grace)`, firstBadEvent: pointer(waiting.event) });
  }
}

/**
 * Whether some node offering the order's delivery has on hand, above its safety stock, each of
 * the FO's open lines, by its owner's books, holds and reservations left aside: in doubt the
 * orchestrator is given the longer wait that stock nobody can take yet allows.
 */
function unitsExistSomewhere(context: CheckContext, order: OrderView, fo: FoView): boolean {
  const delivery = context.world.deliveryOf(order.channel, order.channelOrderId);
  const dcs = new Map(context.wms.stockTruth().map((dc) => [dc.dcId, dc.onHand]));
  return openUnits(fo).some((line) =>
    context.world.nodes.some((node) => {
      if (!offersDelivery(node, delivery)) return false;
      const onHand = node.kind === 'STORE' ? context.pos.position(node.nodeId, line.sku).onHand : (dcs.get(node.nodeId)?.get(line.sku) ?? 0);
      return onHand - node.safetyStock >= line.quantity;
    }),
  );
}
