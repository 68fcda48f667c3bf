/**
 * Incident 8, days later: the WMS inbox of documents and shipment rows (control numbers,
 * shipment ids) answers "seen" only for a day, a dedupe table with the 24-hour retention of the
 * command key store; the folder listing still remembers every file name it read. A confirmation
 * exported twice the same night is caught; a wave's confirmation exported again a day or two
 * later (an export re-run over past days: new file, new control number, the same shipment ids)
 * is applied a second time. Caught by `inbox.shipment-applied-once`.
 */
import { storeInbox, type Inbox } from '../../orchestrator/reference/parts.ts';
import { createReferenceOrchestrator } from '../../orchestrator/reference/reference-orchestrator.ts';
import type { ClockPort, StorePort } from '../../orchestrator/ports.ts';
import { brokenPlugin } from './broken-plugin.ts';

const RETENTION_MS = 24 * 3_600_000;
/** The folder listing's memory of file names read: kept for good (the files stay in `out/`). */
const FILES_READ = 'inbox-files';
/** When each inbox entry was recorded (the "TTL index" beside the entries themselves). */
const RECORDED_AT = 'inbox-recorded-at';

function forgetfulInbox(store: StorePort, clock: ClockPort): Inbox {
  const inbox = storeInbox(store);
  return {
    seen: (source, messageId) => {
      if (source === FILES_READ) return inbox.seen(source, messageId);
      const at = store.get<number>(RECORDED_AT, `${source}/${messageId}`);
      return inbox.seen(source, messageId) && at !== undefined && clock.nowMs() - at < RETENTION_MS;
    },
    // The entries stay (shipment rows are data too); only the answer to "seen?" expires.
    record: (source, messageId, value) => {
      inbox.record(source, messageId, value);
      store.put(RECORDED_AT, `${source}/${messageId}`, clock.nowMs());
    },
  };
}

export default brokenPlugin('wms-inbox-forgets-after-a-day', (ports, config) => createReferenceOrchestrator(ports, config, { inbox: (store) => forgetfulInbox(store, ports.clock) }));
