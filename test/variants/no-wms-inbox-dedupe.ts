/**
 * Incident 8: the WMS re-exports a shipment confirmation after a job restart, and the
 * orchestrator has no inbox (no de-duplication by file, control number or shipment id): it
 * counts the shipment again. Caught by `inbox.shipment-applied-once` (then `lines.counters-balance`).
 */
import type { Inbox } from '../../orchestrator/reference/parts.ts';
import { storeInbox } from '../../orchestrator/reference/parts.ts';
import { brokenPart } from './broken-plugin.ts';

export default brokenPart('no-wms-inbox-dedupe', {
  // Still writes what it applied (the shipment rows are data too), never asks whether it did.
  inbox: (store): Inbox => ({ seen: () => false, record: storeInbox(store).record }),
});
