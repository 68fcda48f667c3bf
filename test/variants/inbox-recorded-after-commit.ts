/**
 * The inbox is written after the document's effects commit, not with them: the adapter keeps the
 * batch's message ids in memory and marks them read once the batch is done, the way a consumer
 * commits its offsets at the end of a poll. Within one process it de-duplicates (it asks its
 * batch too). When power is lost after the effects committed and before the ids were written,
 * the restarted process reads the same WMS documents again and applies them a second time.
 * Caught by the torn-step crash on crash-restart (`inbox.shipment-applied-once`).
 */
import { storeInbox, type Inbox } from '../../orchestrator/reference/parts.ts';
import { createReferenceOrchestrator } from '../../orchestrator/reference/reference-orchestrator.ts';
import type { StorePort, TimersPort } from '../../orchestrator/ports.ts';
import { brokenPlugin } from './broken-plugin.ts';

function recordedAfterTheBatch(store: StorePort, timers: TimersPort): Inbox {
  const durable = storeInbox(store);
  const batch = new Map<string, { source: string; messageId: string; value: unknown }>();
  // Its own transaction, after the effects' one committed: that gap is the bug.
  const flush = (): void =>
    store.transaction(() => {
      for (const { source, messageId, value } of batch.values()) durable.record(source, messageId, value);
      batch.clear();
    });
  return {
    seen: (source, messageId) => batch.has(`${source}\0${messageId}`) || durable.seen(source, messageId),
    record: (source, messageId, value) => {
      if (batch.size === 0) timers.setTimer('inbox.commit-batch', 0, flush);
      batch.set(`${source}\0${messageId}`, { source, messageId, value });
    },
  };
}

export default brokenPlugin('inbox-recorded-after-commit', (ports, config) => createReferenceOrchestrator(ports, config, { inbox: (store) => recordedAfterTheBatch(store, ports.timers) }));
