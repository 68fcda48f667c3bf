import { stateKeyedBy } from './run-state.ts';
import type { CheckContext, EndOfRun, InvariantChecker } from './types.ts';

/** A cancelled FO, as the per-order pass saw it: whose, and at which node. */
interface CancelledFo {
  orderId: string;
  nodeId: string;
}

/** Per end-of-run pass: every cancelled FO (a few per cent of FOs), for the owners' books after it. */
const cancelledOf = stateKeyedBy<EndOfRun, Map<string, CancelledFo>>(() => new Map());

/**
 * Incidents 4 and 5 (a cancel reaches the store after it picked, or the WMS after wave release,
 * and it ships anyway): nothing of a cancelled FO was shipped or handed over, by the
 * orchestrator's view or by the owner's own books (POS holds, WMS lines), unless the order is on
 * the exception queue for a person to sort out.
 */
export const cancelledNotShippedChecker: InvariantChecker = {
  name: 'cancel.cancelled-units-never-shipped',
  atEndOrder(order, end, report) {
    for (const fo of order.fulfillmentOrders) {
      if (fo.state !== 'CANCELLED') continue;
      cancelledOf(end).set(fo.foId, { orderId: order.orderId, nodeId: fo.nodeId });
      const fulfilled = fo.lines.filter((line) => line.shipped + line.pickedUp > 0);
      if (fulfilled.length === 0 || end.exceptedOrderIds().has(order.orderId)) continue;
      report({ invariant: this.name, orderId: order.orderId, detail: `cancelled ${fo.foId} shows ${fulfilled.map((line) => `line ${line.lineNo}: ${line.shipped} shipped, ${line.pickedUp} picked up`).join('; ')}`, firstBadEvent: end.context.lastEventOf(order.orderId) });
    }
  },
  atEnd(context, report, end) {
    const cancelled = cancelledOf(end);
    const excepted = end.exceptedOrderIds();
    // The store's own books too: a hold shipped or handed over whose FO the orchestrator cancelled
    // at that store (a hold elsewhere under its reference is another story).
    // (A context built by hand for one DC may have no POS at all.)
    for (const store of (context.pos as CheckContext['pos'] | undefined)?.truth() ?? []) {
      for (const hold of store.holds) {
        if (hold.status !== 'SHIPPED' && hold.status !== 'PICKED_UP') continue;
        const foId = hold.externalRef.slice(0, hold.externalRef.lastIndexOf(':'));
        const fo = cancelled.get(foId);
        if (fo === undefined || excepted.has(fo.orderId) || fo.nodeId !== store.storeId) continue;
        report({ invariant: this.name, orderId: fo.orderId, detail: `${store.storeId} ${hold.status === 'SHIPPED' ? 'shipped' : 'handed over'} ${hold.quantity} of ${hold.externalRef} (hold ${hold.holdId}), which the orchestrator shows cancelled`, firstBadEvent: context.lastEventOf(fo.orderId) });
      }
    }
    for (const dc of context.wms.truth()) {
      for (const line of dc.lines) {
        const fo = cancelled.get(line.foId);
        if (fo === undefined || line.shippedQuantity === 0 || excepted.has(fo.orderId)) continue;
        report({ invariant: this.name, orderId: fo.orderId, detail: `${dc.dcId} shipped ${line.shippedQuantity} of ${line.foId}:${line.lineNo}, which the orchestrator shows cancelled`, firstBadEvent: context.lastEventOf(fo.orderId) });
      }
    }
  },
};
