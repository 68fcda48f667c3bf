import { isLiveStatus } from '../../legacy-fakes/pos/pos-fake.ts';
import { pointer, type InvariantChecker } from './types.ts';

/**
 * Safety (incident 1: a retried reserve after a ghost success): at most one live hold per
 * (FO line, node), checked the moment a hold is created.
 *
 * Holds the network made are not counted: the POS has no idempotency, so the copy of a hold
 * request the network delivers twice (`network.duplicate` on the POS link) is a second hold
 * whatever the orchestrator does. The POS keeps which holds a copy made (ground truth its
 * answers never show). Releasing such a hold is the orchestrator's job all the same:
 * `convergence.view-matches-owners` fails a closed FO that leaves any hold live.
 */
export const holdUniquenessChecker: InvariantChecker = {
  name: 'idempotency.one-live-hold-per-line-and-node',
  kinds: ['pos.hold.created'],
  onEvent(event, context, report) {
    if (event.kind !== 'pos.hold.created') return;
    const perStore = new Map<string, string[]>();
    for (const { storeId, hold } of context.pos.holdsWithReference(event.ref)) {
      if (!isLiveStatus(hold.status) || context.pos.madeByNetworkCopy(storeId, hold.holdId)) continue;
      perStore.set(storeId, [...(perStore.get(storeId) ?? []), hold.holdId]);
    }
    for (const [storeId, holdIds] of perStore) {
      if (holdIds.length < 2) continue;
      report({
        invariant: this.name,
        orderId: event.orderId,
        detail: `${holdIds.length} live holds for ${event.ref} at ${storeId}: ${holdIds.join(', ')}`,
        firstBadEvent: pointer(event),
      });
    }
  },
};
