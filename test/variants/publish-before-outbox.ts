/**
 * A dual write: the publisher sends each event to the bus the moment it is built, and only then
 * stores it in the outbox (which the relay still sends, so nothing is ever missing). In one
 * process that never fails it looks right. But the event leaves before the step that caused it
 * commits: when power is lost later in that step, the bus has an event about a change the store
 * never kept, and after the restart the same sequence number is used again for another event.
 * Caught by the torn-step crash on crash-restart (`events.per-aggregate-sequence`).
 */
import type { StorePort } from '../../orchestrator/ports.ts';
import { createReferenceOrchestrator } from '../../orchestrator/reference/reference-orchestrator.ts';
import { brokenPlugin } from './broken-plugin.ts';

const OUTBOX = 'outbox';

export default brokenPlugin('publish-before-outbox', (ports, config) => {
  const store: StorePort = {
    get: (namespace, key) => ports.store.get(namespace, key),
    values: (namespace) => ports.store.values(namespace),
    delete: (namespace, key) => ports.store.delete(namespace, key),
    transaction: (work) => ports.store.transaction(work),
    inTransaction: () => ports.store.inTransaction(),
    put: (namespace, key, value) => {
      // "Send first, it is only a notification": the bus has it before the store does.
      if (namespace === OUTBOX) ports.events.publish(value as Parameters<typeof ports.events.publish>[0]);
      ports.store.put(namespace, key, value);
    },
  };
  return createReferenceOrchestrator({ ...ports, store }, config);
});
