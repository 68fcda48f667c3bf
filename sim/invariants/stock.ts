import { pointer, type InvariantChecker } from './types.ts';

/**
 * Safety: no oversell. At a store, live holds never exceed what is on the shelf and on hand never
 * goes negative (checked at every hold change); at a DC, on hand never goes negative (checked at
 * every nightly snapshot and at the end).
 */
export const stockChecker: InvariantChecker = {
  name: 'stock.no-oversell',
  onEvent(event, context, report) {
    if (event.kind.startsWith('pos.hold.')) {
      for (const { storeId, hold } of context.pos.holdsWithReference(event.ref)) {
        const position = context.pos.position(storeId, hold.sku);
        if (position.onHand >= 0 && position.held <= position.onHand) continue;
        report({
          invariant: this.name,
          orderId: event.orderId,
          detail: `${storeId} ${hold.sku}: ${position.held} held against ${position.onHand} on hand`,
          firstBadEvent: pointer(event),
        });
      }
    } else if (event.kind === 'wms.snapshot.written') {
      // The DC's books close nightly: a negative snapshot position means it shipped what it did not have.
      for (const dc of context.wms.truth()) {
        for (const [sku, onHand] of dc.onHand) {
          if (onHand < 0) report({ invariant: this.name, orderId: '', detail: `${dc.dcId} ${sku}: on hand ${onHand} at the snapshot`, firstBadEvent: pointer(event) });
        }
      }
    }
  },
  atEnd(context, report) {
    for (const dc of context.wms.truth()) {
      for (const [sku, onHand] of dc.onHand) {
        if (onHand < 0) report({ invariant: this.name, orderId: '', detail: `${dc.dcId} ${sku}: on hand ${onHand} at the end`, firstBadEvent: null });
      }
    }
    for (const store of context.pos.truth()) {
      for (const [sku, onHand] of store.onHand) {
        const position = context.pos.position(store.storeId, sku);
        if (onHand < 0 || position.held > onHand) report({ invariant: this.name, orderId: '', detail: `${store.storeId} ${sku}: ${position.held} held against ${onHand} on hand at the end`, firstBadEvent: null });
      }
    }
  },
};
