import type { InvariantChecker } from './types.ts';

/**
 * Incident 5 (a cancel reaches the WMS after wave release and it ships anyway): nothing of a
 * cancelled FO was shipped or handed over, by the orchestrator's view or by the WMS's own
 * books, unless the order is on the exception queue for a person to sort out.
 */
export const cancelledNotShippedChecker: InvariantChecker = {
  name: 'cancel.cancelled-units-never-shipped',
  atEnd(context, report) {
    const excepted = new Set(context.view.openExceptions().map((item) => item.orderId));
    const cancelled = new Map<string, string>();
    for (const order of context.view.orders()) {
      for (const fo of order.fulfillmentOrders) {
        if (fo.state !== 'CANCELLED') continue;
        cancelled.set(fo.foId, order.orderId);
        const fulfilled = fo.lines.filter((line) => line.shipped + line.pickedUp > 0);
        if (fulfilled.length === 0 || excepted.has(order.orderId)) continue;
        report({ invariant: this.name, orderId: order.orderId, detail: `cancelled ${fo.foId} shows ${fulfilled.map((line) => `line ${line.lineNo}: ${line.shipped} shipped, ${line.pickedUp} picked up`).join('; ')}`, firstBadEvent: context.lastEventOf(order.orderId) });
      }
    }
    for (const dc of context.wms.truth()) {
      for (const line of dc.lines) {
        const orderId = cancelled.get(line.foId);
        if (orderId === undefined || line.shippedQuantity === 0 || excepted.has(orderId)) continue;
        report({ invariant: this.name, orderId, detail: `${dc.dcId} shipped ${line.shippedQuantity} of ${line.foId}:${line.lineNo}, which the orchestrator shows cancelled`, firstBadEvent: context.lastEventOf(orderId) });
      }
    }
  },
};
