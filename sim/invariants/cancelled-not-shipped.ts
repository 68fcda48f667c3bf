import type { OrderView } from '../../orchestrator/plugin.ts';
import type { CheckContext, InvariantChecker } from './types.ts';

/** The FO is cancelled and was at that store (a hold elsewhere under its reference is another story). */
function cancelledAt(order: OrderView | undefined, foId: string, storeId: string): boolean {
  return order?.fulfillmentOrders.some((fo) => fo.foId === foId && fo.state === 'CANCELLED' && fo.nodeId === storeId) ?? false;
}

/**
 * Incidents 4 and 5 (a cancel reaches the store after it picked, or the WMS after wave release,
 * and it ships anyway): nothing of a cancelled FO was shipped or handed over, by the
 * orchestrator's view or by the owner's own books (POS holds, WMS lines), unless the order is on
 * the exception queue for a person to sort out.
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
    // The store's own books too: a hold shipped or handed over whose FO the orchestrator cancelled.
    // (A context built by hand for one DC may have no POS at all.)
    for (const store of (context.pos as CheckContext['pos'] | undefined)?.truth() ?? []) {
      for (const hold of store.holds) {
        if (hold.status !== 'SHIPPED' && hold.status !== 'PICKED_UP') continue;
        const foId = hold.externalRef.slice(0, hold.externalRef.lastIndexOf(':'));
        const orderId = cancelled.get(foId);
        if (orderId === undefined || excepted.has(orderId) || !cancelledAt(context.view.order(orderId), foId, store.storeId)) continue;
        report({ invariant: this.name, orderId, detail: `${store.storeId} ${hold.status === 'SHIPPED' ? 'shipped' : 'handed over'} ${hold.quantity} of ${hold.externalRef} (hold ${hold.holdId}), which the orchestrator shows cancelled`, firstBadEvent: context.lastEventOf(orderId) });
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
