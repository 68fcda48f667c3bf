import { DEFAULT_PICKUP_WINDOW_MS } from '../plugin.ts';
import type { OrchestratorContext } from './context.ts';
import { POS_ADAPTER_VERSION } from '../adapters/pos/pos-adapter.ts';
import { applyFoEvent, foIdsAgedAtLeast, READY_FOR_PICKUP_INDEX, type TransitionAudit } from './lifecycle.ts';
import { restoreAvailability } from './routing-service.ts';
import type { StoreFlow } from './store-flow.ts';

export function pickupWindowMs(context: OrchestratorContext): number {
  return context.config.timing.pickupWindowMs ?? DEFAULT_PICKUP_WINDOW_MS;
}

/**
 * Pickups nobody collected within the window: the store is asked first (incident 16: handed
 * over at the till but not yet in the journal must complete, never expire), then the holds are
 * released and the FO expires and restocks. The order's close voids what was never captured.
 */
export async function expirePickups(context: OrchestratorContext, stores: StoreFlow): Promise<void> {
  const now = context.ports.clock.nowMs();
  const windowMs = pickupWindowMs(context);
  for (const foId of foIdsAgedAtLeast(context.ports.store, READY_FOR_PICKUP_INDEX, now, windowMs)) {
    const fo = context.repo.requireFo(foId);
    if (fo.state !== 'READY_FOR_PICKUP' || now - fo.stateSinceMs < windowMs) continue;
    if (!(await stores.refreshHolds(foId))) continue; // the store did not answer: ask again next sweep
    if (context.repo.requireFo(foId).state !== 'READY_FOR_PICKUP') continue; // collected after all
    const results = await stores.releaseHoldsFor(foId);
    // Handed over between the look-up and the release (or no answer): the next sweep looks again.
    if ([...results.values()].some((result) => result !== 'released')) continue;
    context.ports.store.transaction(() => {
      const latest = context.repo.requireFo(foId);
      if (latest.state !== 'READY_FOR_PICKUP') return;
      restoreAvailability(context, latest);
      // The sweep decided; the store's answer to the releases made it possible.
      const audit: TransitionAudit = { actor: 'sweep', via: POS_ADAPTER_VERSION };
      const expired = applyFoEvent(context, latest, 'expire', {}, `not collected within ${Math.round(windowMs / 3_600_000)} h`, audit);
      applyFoEvent(context, expired, 'restock', { lines: expired.lines.map((line) => ({ ...line, cancelled: line.quantity - line.shipped - line.pickedUp })) }, 'pickup expired', audit);
    });
  }
}
