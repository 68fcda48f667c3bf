import { fieldsOf } from '../kernel/trace-detail.ts';
import { stateKeyedBy } from './run-state.ts';
import { pointer, type CheckContext, type EventPointer, type InvariantChecker } from './types.ts';

const NAME = 'exceptions.none-left-stale';

/** Per FO: when (epoch ms) and where it last left EXCEPTION. */
const leftParking = stateKeyedBy<CheckContext, Map<string, { atMs: number; at: EventPointer; to: string }>>(() => new Map());

/**
 * The queue holds what a person must still decide. An FO that left EXCEPTION (remediated,
 * resolved, re-routed) has no item left open from before it left, unless it is parked again:
 * a stale item sends a person after an order that already moved on, and counts against the
 * parking budget for nothing. Items of FOs that never left EXCEPTION, and order-level items,
 * are the other checkers' (parked-for-a-real-cause judges each).
 */
export const staleExceptionsChecker: InvariantChecker = {
  name: NAME,
  kinds: ['fo.transitioned'],
  onEvent(event, context) {
    if (event.kind !== 'fo.transitioned') return;
    const { foId, from, to } = fieldsOf(event);
    if (from !== 'EXCEPTION' || typeof foId !== 'string') return;
    leftParking(context).set(foId, { atMs: context.world.occurredAtMs(event), at: pointer(event), to: String(to) });
  },
  atEndOrder(order, end, report) {
    const left = leftParking(end.context);
    for (const fo of order.fulfillmentOrders) {
      if (fo.state === 'EXCEPTION') continue;
      const departure = left.get(fo.foId);
      if (departure === undefined) continue;
      for (const item of end.exceptionsOf(fo.foId)) {
        if (item.openedAtMs > departure.atMs) continue;
        report({ invariant: NAME, orderId: order.orderId, detail: `${item.exceptionId} (${item.category}) is still open, but ${fo.foId} left EXCEPTION for ${departure.to} and is ${fo.state} now`, firstBadEvent: departure.at });
      }
    }
  },
};
