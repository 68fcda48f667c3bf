import type { OrchestratorContext } from './context.ts';
import { applyFoEvent } from './lifecycle.ts';
import { restoreAvailability, routeFo } from './routing-service.ts';

const RETRY_AFTER_MS = 15 * 60_000;
/** After this many automatic retries an exception stays for a person. */
const MAX_AUTOMATIC_RETRIES = 3;

/**
 * Safe automatic remediations: an FO parked because a system did not answer is routed again
 * (possibly to the same node, where the hold is looked up by reference before anything is
 * re-sent), a bounded number of times. Everything else waits on the queue for a person.
 */
export function retryUnreachable(context: OrchestratorContext): void {
  const now = context.ports.clock.nowMs();
  for (const item of context.exceptions.openItems()) {
    if (item.suggestedAction !== 'retry' || now - item.openedAtMs < RETRY_AFTER_MS) continue;
    const fo = context.repo.fo(item.foId);
    if (fo === undefined || fo.state !== 'EXCEPTION') continue;
    const retries = (context.ports.store.get<number>('exception-retries', fo.foId) ?? 0) + 1;
    if (retries > MAX_AUTOMATIC_RETRIES) continue;
    context.ports.store.transaction(() => {
      context.ports.store.put('exception-retries', fo.foId, retries);
      const resolved = context.exceptions.resolve(item.exceptionId, `automatic retry ${retries}`);
      if (resolved !== undefined) context.publisher.publish('exception.resolved', resolved.exceptionId, fo.orderId, 'remediation', { foId: fo.foId, resolution: resolved.resolution });
      if (fo.nodeId !== '') restoreAvailability(context, fo);
      const again = applyFoEvent(context, fo, 'resolve', {
        nodeId: '',
        method: null,
        lines: fo.lines.map((line) => ({ ...line, holdId: null })),
      });
      routeFo(context, again.foId);
    });
  }
}
