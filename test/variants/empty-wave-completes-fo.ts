/**
 * Treats a WMS wave that shipped 0 units of every line of an FO like any short ship: the FO keeps
 * the lines that shipped (none), the rest is routed elsewhere, and the empty FO completes. The
 * customer is told an FO shipped that sent nothing. Caught by `lines.counters-balance` (a
 * COMPLETED FO that shipped and handed over nothing).
 */
import { brokenPart } from './broken-plugin.ts';

export default brokenPart('empty-wave-completes-fo', { rejectEmptyWave: false });
