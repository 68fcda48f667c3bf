import type { FoView, OrderView } from '../../orchestrator/plugin.ts';
import type { InvariantChecker } from './types.ts';

/** An order's FOs that are neither terminal nor parked, classified, on the exception queue. */
export function stuckFos(order: OrderView, exceptedFoIds: ReadonlySet<string>): FoView[] {
  return order.fulfillmentOrders.filter((fo) => !fo.terminal && !(fo.state === 'EXCEPTION' && exceptedFoIds.has(fo.foId)));
}

/**
 * Liveness: once the world has healed, every order is closed (every FO terminal), or each of its
 * open FOs is parked in EXCEPTION with an open, classified item on the exception queue, where a
 * person will see it. Anything else is an order stuck silently.
 */
export const lifecycleChecker: InvariantChecker = {
  name: 'lifecycle.every-order-terminal-or-excepted',
  atEndOrder(order, end, report) {
    if (order.closed) return;
    const stuck = stuckFos(order, end.exceptedFoIds());
    if (stuck.length === 0) return;
    report({
      invariant: this.name,
      orderId: order.orderId,
      detail: `order ${order.orderId} is ${order.status}, neither terminal nor on the exception queue after the convergence bound; open FOs: ${stuck.map((fo) => `${fo.foId}@${fo.nodeId || '-'} ${fo.state}`).join(', ')}`,
      firstBadEvent: end.context.lastEventOf(order.orderId),
    });
  },
};
