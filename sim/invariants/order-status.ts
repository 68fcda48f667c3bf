import type { DerivedOrderStatus, FoView } from '../../orchestrator/plugin.ts';
import type { InvariantChecker } from './types.ts';

const NAME = 'views.order-status-follows-its-fos';

const FULFILLED: ReadonlySet<string> = new Set(['SHIPPED', 'PICKED_UP', 'COMPLETED']);

/**
 * An order's status as docs/plugins.md ("The view out") derives it from its FOs' states, in
 * this order: any FO on the exception queue: EXCEPTION; every FO cancelled: CANCELLED; every FO
 * fulfilled or cancelled: COMPLETED, or PARTIALLY_CANCELLED if any units were cancelled (a
 * whole FO, or some units of a fulfilled one); some FO
 * fulfilled: PARTIALLY_SHIPPED; some FO ready at a store: READY_FOR_PICKUP; else OPEN.
 */
export function statusFromFos(fos: readonly Pick<FoView, 'state' | 'lines'>[]): DerivedOrderStatus {
  const states = fos.map((fo) => fo.state);
  if (states.includes('EXCEPTION')) return 'EXCEPTION';
  if (states.length > 0 && states.every((state) => state === 'CANCELLED')) return 'CANCELLED';
  if (states.length > 0 && states.every((state) => FULFILLED.has(state) || state === 'CANCELLED')) {
    const someCancelled = states.includes('CANCELLED') || fos.some((fo) => fo.lines.some((line) => line.cancelled > 0));
    return someCancelled ? 'PARTIALLY_CANCELLED' : 'COMPLETED';
  }
  if (states.some((state) => FULFILLED.has(state))) return 'PARTIALLY_SHIPPED';
  if (states.includes('READY_FOR_PICKUP')) return 'READY_FOR_PICKUP';
  return 'OPEN';
}

/**
 * The status a customer-service screen shows is what the order's FOs say: an order shown
 * CANCELLED while one FO ships, or COMPLETED while a line was cancelled, tells the customer
 * something false that no owner's books contradict.
 */
export const orderStatusChecker: InvariantChecker = {
  name: NAME,
  atEndOrder(order, end, report) {
    const expected = statusFromFos(order.fulfillmentOrders);
    if (order.status === expected) return;
    const states = order.fulfillmentOrders.map((fo) => `${fo.foId} ${fo.state}`).join(', ');
    report({ invariant: NAME, orderId: order.orderId, detail: `order shows ${order.status}, but its FOs (${states || 'none'}) make it ${expected}`, firstBadEvent: end.context.lastEventOf(order.orderId) });
  },
};
