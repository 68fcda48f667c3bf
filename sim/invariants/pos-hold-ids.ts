import { pointer, type InvariantChecker } from './types.ts';

/**
 * The POS protocol: a pick or a release names a hold id the store issued (the id its answer to
 * the create, its journal or a look-up gave). A request for any other id (a null id, a stale id
 * from a line that moved, another store's id) is answered 404 by this POS and harms nothing here,
 * but a real POS that numbers holds per store could release another customer's hold under it.
 * The POS keeps such a request in the trace (`pos.hold.unknown`), so every one is a violation.
 */
export const posHoldIdsChecker: InvariantChecker = {
  name: 'pos.requests-name-issued-holds',
  kinds: ['pos.hold.unknown'],
  onEvent(event, context, report) {
    if (event.kind !== 'pos.hold.unknown') return;
    // A stale id another store issued names the order through the reference that store holds.
    const owner = event.orderId === '' ? context.pos.issuerOf(event.ref) : undefined;
    const orderId = owner === undefined ? event.orderId : context.orderOf(owner.hold.externalRef);
    const where = owner === undefined ? '' : ` (${owner.storeId} issued it, for ${owner.hold.externalRef})`;
    report({ invariant: this.name, orderId, detail: `${event.detail}${where}`, firstBadEvent: pointer(event) });
  },
};
