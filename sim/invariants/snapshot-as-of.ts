import { fieldsOf } from '../kernel/trace-detail.ts';
import { pointer, type CheckContext, type InvariantChecker } from './types.ts';
import { stateKeyedBy } from './run-state.ts';

/** Per run: the last order routed to each node (the snapshot's count is what promised it). */
const lastOrderAt = stateKeyedBy<CheckContext, Map<string, string>>(() => new Map());

/** A snapshot held back before a ship wave is delivered at the next snapshot run: well within a day. */
const MAX_STALE_SNAPSHOT_AGE_MS = 24 * 3_600_000;

/**
 * Incidents 6 and 7 and the WMS's local times (no offset, the DC's own time zone): when the
 * orchestrator applies a stock snapshot, the as-of it publishes (`inventory.snapshot_applied`)
 * is an instant the WMS really took a snapshot at: a regular snapshot's to the second, a stale
 * one's before it was written and within a day. An as-of read in the wrong time zone, or taken to
 * be the moment the file was applied, is the first step of a count that erases newer movements.
 */
export const snapshotAsOfChecker: InvariantChecker = {
  name: 'inventory.snapshot-as-of-is-the-owners',
  kinds: ['fulfillment.assigned', 'inventory.snapshot_applied'],
  onEvent(event, context, report) {
    const orders = lastOrderAt(context);
    if (event.kind === 'fulfillment.assigned') {
      const assigned = fieldsOf(event);
      if (typeof assigned.nodeId === 'string') orders.set(assigned.nodeId, event.orderId);
      return;
    }
    if (event.kind !== 'inventory.snapshot_applied') return;
    const payload = fieldsOf(event);
    if (typeof payload.dcId !== 'string' || typeof payload.asOfMs !== 'number') return;
    const asOfMs = payload.asOfMs;
    const dc = context.wms.stockTruth().find((candidate) => candidate.dcId === payload.dcId);
    if (dc === undefined) return;
    const snapshots = dc.filesWritten.filter((file) => file.docType === 'SNAPSHOT');
    const matches = snapshots.some((file) => (file.origin === 'STALE_SNAPSHOT' ? file.writtenAtMs >= asOfMs && file.writtenAtMs - asOfMs <= MAX_STALE_SNAPSHOT_AGE_MS : Math.floor(file.writtenAtMs / 1000) * 1000 === asOfMs));
    if (matches) return;
    const latest = snapshots.at(-1);
    report({
      invariant: this.name,
      // The last order promised from this DC's count: where to start looking (the snapshot is about the DC, not one order).
      orderId: orders.get(payload.dcId) ?? '',
      detail: `${payload.dcId} snapshot applied as of ${new Date(asOfMs).toISOString()}, but the WMS took none then${latest === undefined ? '' : ` (latest: ${latest.name} at ${new Date(latest.writtenAtMs).toISOString()})`}`,
      firstBadEvent: pointer(event),
    });
  },
};
