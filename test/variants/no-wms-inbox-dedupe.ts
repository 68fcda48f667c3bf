/**
 * Incident 8: the WMS re-exports a shipment confirmation after a job restart (a new file, the
 * same control number and shipment ids), and the orchestrator has no inbox: it remembers which
 * file names it read, but never asks whether it applied that document or shipment before, so it
 * counts the shipment again. Caught by `inbox.shipment-applied-once` (then `lines.counters-balance`).
 */
import { storeInbox, type Inbox } from '../../orchestrator/reference/parts.ts';
import { brokenPart } from './broken-plugin.ts';

/** The folder listing's memory of file names read (not an inbox: a re-export has a new name). */
const FILES_READ = 'inbox-files';

export default brokenPart('no-wms-inbox-dedupe', {
  inbox: (store): Inbox => {
    const files = storeInbox(store);
    // Still writes what it applied (the shipment rows are data too), never asks whether it did.
    return { seen: (source, messageId) => source === FILES_READ && files.seen(source, messageId), record: files.record };
  },
});
