import { fieldsOf } from '../kernel/trace-detail.ts';
import type { TraceEvent } from '../kernel/trace.ts';
import type { CheckContext, Finding, InvariantChecker, WorldFacts } from './types.ts';
import { pointer } from './types.ts';
import { stateKeyedBy } from './run-state.ts';
import { configuredPickupWindowMs } from './pickup-window.ts';

/** Past its window a pickup waits at most this long for the expiry sweep (hourly) and the release at the store; outages come on top. */
export const PICKUP_EXPIRY_GRACE_MS = 12 * 3_600_000;

interface Waiting {
  orderId: string;
  storeId: string;
  readyAtMs: number;
  /** Its window plus grace. */
  allowedMs: number;
  /** When it is overdue: ready plus allowed, plus the time its store was offline once known. */
  dueAtMs: number;
  event: TraceEvent;
}

interface RunState {
  /** Pickups at the desk, in the order they became ready (so the oldest is first). */
  waiting: Map<string, Waiting>;
  /** Pickups whose store was down while they waited: their deadline moved by that long, so they are out of order. */
  extended: Map<string, Waiting>;
  expired: Set<string>;
  lastAtMs: number;
}

const stateOf = stateKeyedBy<CheckContext, RunState>((): RunState => ({ waiting: new Map(), extended: new Map(), expired: new Set(), lastAtMs: 0 }));

/**
 * The deadline once the store's outages are counted: while a store cannot be reached, the
 * orchestrator cannot release its hold, and expiring the pickup in its own books alone would
 * refund an order the till may be handing over. Every hour offline between ready and the
 * deadline moves the deadline an hour; the outages inside the moved part move it again.
 */
function deadlineCountingOutages(waiting: Waiting, world: WorldFacts): number {
  let dueAtMs = waiting.dueAtMs;
  for (;;) {
    const moved = waiting.readyAtMs + waiting.allowedMs + world.offlineMsBetween(waiting.storeId, waiting.readyAtMs, dueAtMs);
    if (moved === dueAtMs) return dueAtMs;
    dueAtMs = moved;
  }
}

function overdue(name: string, foId: string, waiting: Waiting, nowMs: number): Finding {
  const offlineMs = waiting.dueAtMs - waiting.readyAtMs - waiting.allowedMs;
  const outage = offlineMs > 0 ? ` and the ${Math.round(offlineMs / 3_600_000)} h ${waiting.storeId} was offline` : '';
  return { invariant: name, orderId: waiting.orderId, detail: `${foId} still READY_FOR_PICKUP ${Math.round((nowMs - waiting.readyAtMs) / 3_600_000)} h after it became ready, past its window plus ${PICKUP_EXPIRY_GRACE_MS / 3_600_000} h grace${outage}`, firstBadEvent: pointer(waiting.event) };
}

/** Runs at every event: a finding is made only for a pickup overdue (no closure per call). */
function reportOverdue(name: string, state: RunState, context: CheckContext, nowMs: number, report: (finding: Finding) => void): void {
  for (const [foId, waiting] of state.extended) {
    if (nowMs <= waiting.dueAtMs) continue;
    state.extended.delete(foId);
    report(overdue(name, foId, waiting, nowMs));
  }
  for (const [foId, waiting] of state.waiting) {
    if (nowMs <= waiting.dueAtMs) return; // the rest became ready later
    state.waiting.delete(foId);
    const dueAtMs = deadlineCountingOutages(waiting, context.world);
    if (nowMs <= dueAtMs) state.extended.set(foId, { ...waiting, dueAtMs });
    else report(overdue(name, foId, { ...waiting, dueAtMs }, nowMs));
  }
}

/**
 * Incident 15 (a customer never collects): no pickup stays READY_FOR_PICKUP longer than its
 * configured window (`pickupWindowMs`, default 4 days) plus grace; `pickup.window-not-cut-short`
 * checks the other direction. Incident 16 (handed over at the till, never synced): a pickup that expired
 * was not picked up at the store (the POS's own books), so it was never cancelled or refunded.
 */
export const pickupExpiryChecker: InvariantChecker = {
  name: 'pickup.expires-unless-collected',
  onEvent(event, context, report) {
    const state = stateOf(context);
    state.lastAtMs = event.atMs;
    if (event.kind === 'pickup.ready') {
      const detail = fieldsOf(event);
      // The scenario's window, not the one the orchestrator announces: a wrong announcement must not move the deadline.
      const windowMs = configuredPickupWindowMs(context.world);
      const readyAtMs = context.world.startEpochMs + event.atMs;
      const allowedMs = windowMs + PICKUP_EXPIRY_GRACE_MS;
      if (typeof detail.foId === 'string') state.waiting.set(detail.foId, { orderId: event.orderId, storeId: String(detail.storeId), readyAtMs, allowedMs, dueAtMs: readyAtMs + allowedMs, event });
    } else if (event.kind === 'fo.transitioned') {
      const detail = fieldsOf(event);
      if (typeof detail.foId !== 'string') return;
      if (detail.from === 'READY_FOR_PICKUP') {
        state.waiting.delete(detail.foId);
        state.extended.delete(detail.foId);
      }
      if (detail.to === 'PICKUP_EXPIRED') state.expired.add(detail.foId);
    }
    reportOverdue(this.name, state, context, context.world.startEpochMs + event.atMs, report);
  },
  atEndOrder(order, end, report) {
    const { context } = end;
    const state = stateOf(context);
    for (const fo of order.fulfillmentOrders) {
      if (!state.expired.has(fo.foId) || fo.state === 'PICKED_UP' || fo.state === 'COMPLETED') continue;
      for (const line of fo.lines) {
        const handedOver = context.pos.holdsWithReference(line.externalRef).some(({ hold }) => hold.status === 'PICKED_UP');
        if (handedOver) report({ invariant: this.name, orderId: order.orderId, detail: `${line.externalRef} was handed over at the till, but the orchestrator expired it (${fo.state})`, firstBadEvent: context.lastEventOf(order.orderId) });
      }
    }
  },
  atEnd(context, report) {
    const state = stateOf(context);
    reportOverdue(this.name, state, context, context.world.startEpochMs + state.lastAtMs, report);
  },
};
