/**
 * Incidents 6 and 7: a WMS stock snapshot taken before a ship wave is applied as if taken when it
 * arrives, so shipments after its as-of are not subtracted: the stale count overwrites newer
 * movements and the orchestrator promises stock the DC no longer has. Caught by
 * `inventory.snapshot-as-of-is-the-owners` (the as-of it applied is not one the WMS took).
 */
import { brokenPart } from './broken-plugin.ts';

export default brokenPart('snapshot-as-of-ignored', { snapshotCountsAt: (_asOfMs, appliedAtMs) => appliedAtMs });
