import { detailFields } from '../kernel/trace-detail.ts';
import type { TraceEvent } from '../kernel/trace.ts';
import type { CheckContext, Finding, InvariantChecker } from './types.ts';
import { pointer } from './types.ts';
import { stateKeyedBy } from './run-state.ts';
import { configuredPickupWindowMs } from './pickup-window.ts';

/** Past its window a pickup waits at most this long for the expiry sweep (hourly) and a store that may be offline. */
export const PICKUP_EXPIRY_GRACE_MS = 12 * 3_600_000;

interface Waiting {
  orderId: string;
  dueAtMs: number;
  event: TraceEvent;
}

interface RunState {
  /** Pickups at the desk, in the order they became ready (so the oldest is first). */
  waiting: Map<string, Waiting>;
  expired: Set<string>;
  lastAtMs: number;
}

const stateOf = stateKeyedBy<CheckContext, RunState>((): RunState => ({ waiting: new Map(), expired: new Set(), lastAtMs: 0 }));

function reportOverdue(name: string, state: RunState, nowMs: number, report: (finding: Finding) => void): void {
  for (const [foId, waiting] of state.waiting) {
    if (nowMs <= waiting.dueAtMs) return; // the rest became ready later
    state.waiting.delete(foId);
    report({ invariant: name, orderId: waiting.orderId, detail: `${foId} still READY_FOR_PICKUP ${Math.round((nowMs - waiting.event.atMs) / 3_600_000)} h after it became ready, past its window plus ${PICKUP_EXPIRY_GRACE_MS / 3_600_000} h grace`, firstBadEvent: pointer(waiting.event) });
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
      const detail = detailFields(event.detail);
      // The scenario's window, not the one the orchestrator announces: a wrong announcement must not move the deadline.
      const windowMs = configuredPickupWindowMs(context.world);
      if (typeof detail.foId === 'string') state.waiting.set(detail.foId, { orderId: event.orderId, dueAtMs: event.atMs + windowMs + PICKUP_EXPIRY_GRACE_MS, event });
    } else if (event.kind === 'fo.transitioned') {
      const detail = detailFields(event.detail);
      if (typeof detail.foId !== 'string') return;
      if (detail.from === 'READY_FOR_PICKUP') state.waiting.delete(detail.foId);
      if (detail.to === 'PICKUP_EXPIRED') state.expired.add(detail.foId);
    }
    reportOverdue(this.name, state, event.atMs, report);
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
    reportOverdue(this.name, state, state.lastAtMs, report);
  },
};
