import { isLiveStatus } from '../../legacy-fakes/pos/pos-fake.ts';
import { posBaseUrl } from '../world/topology.ts';
import { stateKeyedBy } from './run-state.ts';
import { pointer, type CheckContext, type InvariantChecker } from './types.ts';

/** The network's copy of a hold request just delivered: `<atMs>|<orderId>|<store's base URL>`. */
const copyInFlight = stateKeyedBy<CheckContext, { key: string | null }>(() => ({ key: null }));

/**
 * Safety (incident 1: a retried reserve after a ghost success): at most one live hold per
 * (FO line, node), checked the moment a hold is created.
 *
 * One exception, which the network makes, not the orchestrator: the POS has no idempotency, so a
 * copy of a hold request the network delivers twice (`network.duplicate` on the POS link) is a
 * second hold whatever the orchestrator does. The world delivers such a copy and the POS applies
 * it in the same instant, so a hold created at the instant of a copied `POST /holds` for the same
 * order and store is that copy, and is not counted here. Releasing it is the orchestrator's job
 * all the same: `convergence.view-matches-owners` fails a closed FO that leaves any hold live.
 */
export const holdUniquenessChecker: InvariantChecker = {
  name: 'idempotency.one-live-hold-per-line-and-node',
  onEvent(event, context, report) {
    const copy = copyInFlight(context);
    if (event.kind === 'http.duplicated') {
      copy.key = event.detail === 'POST /holds' ? `${event.atMs}|${event.orderId}|${event.ref}` : null;
      return;
    }
    if (event.kind !== 'pos.hold.created') return;
    const createdAt = event.detail.slice(0, event.detail.indexOf(' '));
    const networkCopy = copy.key === `${event.atMs}|${event.orderId}|${posBaseUrl(createdAt)}`;
    copy.key = null;
    if (networkCopy) return;
    const perStore = new Map<string, string[]>();
    for (const { storeId, hold } of context.pos.holdsWithReference(event.ref)) {
      if (!isLiveStatus(hold.status)) continue;
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
