/**
 * A key store without a delete: a request refused after its key was claimed (a return of more
 * units than were shipped) leaves the key "in progress" for good. The customer corrects the return
 * and the portal sends it under the same key; it is answered `in-progress` every time, and the
 * refund never comes. Nothing disagrees between the owners (no return, no refund), so only the
 * answers show it. Caught by `commands.key-rules` (a refused request leaves its key free).
 */
import { IdempotencyStore } from '../../orchestrator/idempotency/idempotency-store.ts';
import { createReferenceOrchestrator } from '../../orchestrator/reference/reference-orchestrator.ts';
import { brokenPlugin } from './broken-plugin.ts';

class NoDeleteStore extends IdempotencyStore {
  override abandon(_key: string): void {
    // The table has no delete: the claim stays.
  }
}

export default brokenPlugin('refused-request-keeps-its-key', (ports, config) => createReferenceOrchestrator(ports, config, { idempotency: (store, clock) => new NoDeleteStore(store, clock) }));
