import type { InvariantChecker } from './types.ts';

/** Liveness: once the world has healed, every order is closed (every FO terminal). */
export const lifecycleChecker: InvariantChecker = {
  name: 'lifecycle.every-order-terminal',
  atEnd(context, report) {
    for (const order of context.view.orders()) {
      if (order.closed) continue;
      const open = order.fulfillmentOrders.filter((fo) => !fo.terminal).map((fo) => `${fo.foId}@${fo.nodeId || '-'} ${fo.state}`);
      report({
        invariant: this.name,
        orderId: order.orderId,
        detail: `order ${order.orderId} is ${order.status}, not terminal after the convergence bound; open FOs: ${open.join(', ')}`,
        firstBadEvent: context.lastEventOf(order.orderId),
      });
    }
  },
};
