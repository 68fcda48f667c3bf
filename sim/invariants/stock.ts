import { pointer, type InvariantChecker } from './types.ts';

/**
 * No oversell. Safety, at every hold change: a store never has negative stock on hand. In-store
 * shoppers may leave live holds claiming more than is on the shelf (incident 14): that drift is
 * the orchestrator's to detect and resolve, so at the end no store may still hold more than it
 * has, and no DC may have negative stock (checked nightly at its snapshot and at the end). Holds
 * of an FO parked on the exception queue are a person's to resolve (as an order that cannot
 * converge may wait there, classified): the orchestrator could not reach the store to learn the
 * shelf was empty, and said so. Only the other holds must fit on the shelf.
 */
export const stockChecker: InvariantChecker = {
  name: 'stock.no-oversell',
  kinds: ['pos.hold.*', 'pos.sale', 'pos.sales.forwarded', 'wms.snapshot.written'],
  onEvent(event, context, report) {
    if (event.kind.startsWith('pos.hold.') || event.kind === 'pos.sale' || event.kind === 'pos.sales.forwarded') {
      for (const { storeId, hold } of context.pos.holdsWithReference(event.ref)) {
        const position = context.pos.position(storeId, hold.sku);
        if (position.onHand >= 0) continue;
        report({ invariant: this.name, orderId: event.orderId, detail: `${storeId} ${hold.sku}: on hand ${position.onHand}`, firstBadEvent: pointer(event) });
      }
    } else if (event.kind === 'wms.snapshot.written') {
      for (const dc of context.wms.stockTruth()) {
        for (const [sku, onHand] of dc.onHand) {
          if (onHand < 0) report({ invariant: this.name, orderId: '', detail: `${dc.dcId} ${sku}: on hand ${onHand} at the snapshot`, firstBadEvent: pointer(event) });
        }
      }
    }
  },
  atEnd(context, report, end) {
    for (const dc of context.wms.truth()) {
      for (const [sku, onHand] of dc.onHand) {
        if (onHand < 0) report({ invariant: this.name, orderId: '', detail: `${dc.dcId} ${sku}: on hand ${onHand} at the end`, firstBadEvent: null });
      }
    }
    const excepted = end.exceptedFoIds();
    const foOf = (externalRef: string): string => externalRef.slice(0, Math.max(0, externalRef.lastIndexOf(':')));
    for (const store of context.pos.truth()) {
      for (const [sku, onHand] of store.onHand) {
        const position = context.pos.position(store.storeId, sku);
        if (onHand < 0 || position.held > onHand) {
          const holders = store.holds.filter((hold) => hold.sku === sku && (hold.status === 'HELD' || hold.status === 'PICK_REQUESTED' || hold.status === 'READY'));
          const heldOutsideQueue = holders.filter((hold) => !excepted.has(foOf(hold.externalRef))).reduce((sum, hold) => sum + hold.quantity, 0);
          if (onHand >= 0 && heldOutsideQueue <= onHand) continue;
          report({
            invariant: this.name,
            orderId: context.orderOf(holders[0]?.externalRef ?? ''),
            detail: `${store.storeId} ${sku}: ${position.held} still held against ${onHand} on hand at the end (holds ${holders.map((hold) => `${hold.holdId} ${hold.externalRef}`).join(', ')})`,
            firstBadEvent: null,
          });
        }
      }
    }
  },
};
