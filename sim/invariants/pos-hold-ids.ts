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
  onEvent(event, _context, report) {
    if (event.kind !== 'pos.hold.unknown') return;
    report({ invariant: this.name, orderId: event.orderId, detail: event.detail, firstBadEvent: pointer(event) });
  },
};
