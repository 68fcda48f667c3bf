import type { OrchestratorContext } from './context.ts';
import { applyFoEvent } from './lifecycle.ts';
import { restoreAvailability, routeFo } from './routing-service.ts';

const MINUTE_MS = 60_000;
/** Waits before each automatic retry: long enough, in total, to outlast a store's network outage. */
const RETRY_BACKOFF_MS = [15 * MINUTE_MS, 60 * MINUTE_MS, 4 * 60 * MINUTE_MS, 12 * 60 * MINUTE_MS];

/**
 * Safe automatic remediations for FOs parked because a system did not answer, a bounded number
 * of times with growing waits. A shipment goes to another node if one can serve it (the silent
 * one is left out); a pickup waits for the store the customer chose. Staying at the node, the
 * holds it has are kept and a line in doubt is looked up by reference before anything is
 * re-sent; moving, its holds there are released. After the last retry the exception stays for a person.
 */
export function retryUnreachable(context: OrchestratorContext): void {
  const now = context.ports.clock.nowMs();
  for (const item of context.exceptions.openItems()) {
    if (item.suggestedAction !== 'retry') continue;
    const retries = context.ports.store.get<number>('exception-retries', item.foId) ?? 0;
    const waitMs = RETRY_BACKOFF_MS[retries];
    if (waitMs === undefined || now - item.openedAtMs < waitMs) continue;
    const fo = context.repo.fo(item.foId);
    if (fo === undefined || fo.state !== 'EXCEPTION') continue;
    const order = context.repo.requireOrder(fo.orderId);
    context.ports.store.transaction(() => {
      context.ports.store.put('exception-retries', fo.foId, retries + 1);
      const resolved = context.exceptions.resolve(item.exceptionId, `automatic retry ${retries + 1}`);
      if (resolved !== undefined) context.publisher.publish('exception.resolved', resolved.exceptionId, fo.orderId, 'remediation', { foId: fo.foId, resolution: resolved.resolution });
      if (fo.nodeId !== '') restoreAvailability(context, fo);
      const leaveOut = order.delivery.method === 'SHIP' && fo.nodeId !== '' && !fo.excludedNodeIds.includes(fo.nodeId);
      // The node and the lines' holds stay on the FO: routing keeps them if it stays there, and
      // gives them back (releases) if it moves.
      const audit = { actor: 'remediation', causationId: item.exceptionId } as const;
      const again = applyFoEvent(context, fo, 'resolve', { excludedNodeIds: leaveOut ? [...fo.excludedNodeIds, fo.nodeId] : fo.excludedNodeIds }, '', audit);
      routeFo(context, again.foId, audit);
    });
  }
}
