import type { OrchestratorContext } from './context.ts';
import { applyFoEvent } from './lifecycle.ts';
import { restoreAvailability, routeFo } from './routing-service.ts';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
/** Waits before each automatic retry of a store that is not answering; the last repeats. */
const RETRY_BACKOFF_MS = [15 * MINUTE_MS, HOUR_MS, 4 * HOUR_MS, 12 * HOUR_MS];
/**
 * How long retries of a silent store go on from the first time an FO was parked: longer than
 * most outages a store network has (a cut line is mended within days), so the store's return,
 * not a count of attempts, ends them. Past it the store is not asked again on the FO's account
 * (it may be gone for good): the exception waits for a person, or for the store to answer the
 * journal poll again, which brings its FOs back however long it was away.
 */
const RETRY_FOR_MS = 7 * 24 * HOUR_MS;
/** A store that answers again gets its parked FOs back this soon after they were parked, not after the backoff. */
const ANSWERING_AGAIN_WAIT_MS = 15 * MINUTE_MS;
/** Parked FOs retried per store per pass (the rest next pass): a retry storm is what makes a register time out. */
const RETRIES_PER_STORE_PER_PASS = 10;

interface RetryRecord {
  retries: number;
  firstParkedAtMs: number;
}

/** The stored record (older stores kept a bare count). */
function retryRecord(stored: unknown, openedAtMs: number): RetryRecord {
  if (typeof stored === 'number') return { retries: stored, firstParkedAtMs: openedAtMs };
  if (stored !== null && typeof stored === 'object') return stored as RetryRecord;
  return { retries: 0, firstParkedAtMs: openedAtMs };
}

/**
 * Safe automatic remediations for FOs parked because a system did not answer (or answered
 * garbage), with growing waits, until it answers again: a store that answers its journal poll
 * gets its FOs back within a pass. A shipment goes to another node if one can serve it (the
 * silent one is left out; if none can, it waits as a backorder, see backorders.ts); a pickup
 * waits for the store the customer chose. Staying at the node, the holds it has are kept and a
 * line in doubt is looked up by reference before anything is re-sent; moving, its holds there are
 * released. After `RETRY_FOR_MS` the exception stays for a person.
 */
export function retryUnreachable(context: OrchestratorContext, answering: (nodeId: string) => boolean): void {
  const now = context.ports.clock.nowMs();
  const retriedAt = new Map<string, number>();
  for (const item of context.exceptions.openItems()) {
    if (item.suggestedAction !== 'retry') continue;
    const record = retryRecord(context.ports.store.get<unknown>('exception-retries', item.foId), item.openedAtMs);
    const fo = context.repo.fo(item.foId);
    if (fo === undefined || fo.state !== 'EXCEPTION') continue;
    const back = answering(fo.nodeId);
    // An outage longer than the retries (a store offline for over a week) still ends: its return brings the FO back.
    if (now - record.firstParkedAtMs >= RETRY_FOR_MS && !(back && context.parts.retryPastTheWeekWhenBack)) continue;
    const backoffMs = RETRY_BACKOFF_MS[Math.min(record.retries, RETRY_BACKOFF_MS.length - 1)] as number;
    const waitMs = back ? Math.min(backoffMs, ANSWERING_AGAIN_WAIT_MS) : backoffMs;
    if (now - item.openedAtMs < waitMs) continue;
    const done = retriedAt.get(fo.nodeId) ?? 0;
    if (done >= RETRIES_PER_STORE_PER_PASS) continue;
    retriedAt.set(fo.nodeId, done + 1);
    const order = context.repo.requireOrder(fo.orderId);
    context.ports.store.transaction(() => {
      context.ports.store.put<RetryRecord>('exception-retries', fo.foId, { retries: record.retries + 1, firstParkedAtMs: record.firstParkedAtMs });
      const resolved = context.exceptions.resolve(item.exceptionId, `automatic retry ${record.retries + 1}`);
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
