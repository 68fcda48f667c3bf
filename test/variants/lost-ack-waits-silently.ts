/**
 * The orchestrator re-sends a release the WMS never acknowledges, asks for its documents, and
 * then simply keeps waiting: nobody is told. When the WMS's outbound transfer is stuck for weeks,
 * the released FOs sit RELEASED, off the exception queue, until the files finally arrive; every
 * end-of-run check passes because the orders do close in the end. Caught by
 * `lifecycle.no-silent-stall`.
 */
import { brokenPart } from './broken-plugin.ts';

export default brokenPart('lost-ack-waits-silently', { escalateLostAcks: false });
