import { FO_STATES, isTerminal, type FoState } from '../../orchestrator/model/fo-state-machine.ts';
import { stateKeyedBy } from './run-state.ts';
import { pointer, type CheckContext, type InvariantChecker } from './types.ts';

const NAME = 'lifecycle.no-silent-stall';
const HOUR_MS = 3_600_000;
/**
 * How long an FO may sit in one open state, off the exception queue, while its node can be
 * reached: two weeks. Longer than any wait the domain has (a pickup window, a backorder deadline,
 * a DC's nights, every re-send and every request for a lost document), short enough that work
 * nobody moves is on a person's desk before the customer gives up on it.
 */
export const STALL_LIMIT_MS = 14 * 24 * HOUR_MS;
/** Stalls are looked for once a simulated hour, not at every event: the limit is in weeks. */
const SCAN_EVERY_MS = HOUR_MS;

/** A terminal state has nothing left to do, and EXCEPTION is the queue's own: neither stalls silently. */
function waits(state: string): boolean {
  const known = (FO_STATES as readonly string[]).includes(state);
  return known && state !== 'EXCEPTION' && !isTerminal(state as FoState);
}

interface Open {
  orderId: string;
  state: string;
  nodeId: string;
  sinceMs: number;
}

interface Watch {
  open: Map<string, Open>;
  lastScanMs: number;
}

const watches = stateKeyedBy<CheckContext, Watch>(() => ({ open: new Map(), lastScanMs: 0 }));

/**
 * Nothing stalls unseen: an FO that has not moved for two weeks while its node could be reached
 * is on the exception queue (EXCEPTION), where a person sees it. The orchestrator's own escalations
 * (a release never acknowledged, a confirmation that never comes, a hold the store never
 * answers) must fire before then; an orchestrator that only waits passes every end-of-run check
 * once the owners finally answer, and this is the check that sees the weeks nobody knew.
 * Time a store was configured offline does not count (its outages are the scenario's).
 */
export const noSilentStallChecker: InvariantChecker = {
  name: NAME,
  onPublished(published, traced, context) {
    if (published.type !== 'fo.transitioned') return;
    const foId = String(published.payload['foId'] ?? published.aggregateId);
    const to = String(published.payload['to'] ?? '');
    const { open } = watches(context);
    if (!waits(to)) {
      open.delete(foId);
      return;
    }
    open.set(foId, { orderId: traced.orderId, state: to, nodeId: String(published.payload['nodeId'] ?? ''), sinceMs: context.world.occurredAtMs(traced) });
  },
  onEvent(event, context, report) {
    const watch = watches(context);
    const nowMs = context.world.nowMs();
    if (nowMs - watch.lastScanMs < SCAN_EVERY_MS) return;
    watch.lastScanMs = nowMs;
    for (const [foId, fo] of watch.open) {
      // Outages only shorten a stall: one not even that long in all is not looked into.
      if (nowMs - fo.sinceMs <= STALL_LIMIT_MS) continue;
      const offlineMs = fo.nodeId === '' ? 0 : context.world.offlineMsBetween(fo.nodeId, fo.sinceMs, nowMs);
      const stalledMs = nowMs - fo.sinceMs - offlineMs;
      if (stalledMs <= STALL_LIMIT_MS) continue;
      watch.open.delete(foId);
      const node = fo.nodeId === '' ? '' : ` at ${fo.nodeId}`;
      report({
        invariant: NAME,
        orderId: fo.orderId,
        detail: `${foId} has been ${fo.state}${node} for ${Math.round(stalledMs / HOUR_MS)} h (not counting outages) and is not on the exception queue: past the ${STALL_LIMIT_MS / HOUR_MS} h a stall may stay unseen`,
        firstBadEvent: pointer(event),
      });
    }
  },
};
