/**
 * A home-grown key store that remembers the key and the first answer, not what was asked: any
 * later request under a used key gets the first answer back. A channel whose request-id generator
 * repeats after a deploy sends a new order under the id of one taken minutes before, and is told
 * `replayed` with the other customer's order id; an edited order sent under its key is told its
 * edit went through. Nothing is applied twice, so the money, stock and once-only checkers see
 * nothing wrong. Caught by `commands.key-rules` (another request under a used key is a conflict).
 */
import { IdempotencyStore, type Claim } from '../../orchestrator/idempotency/idempotency-store.ts';
import { createReferenceOrchestrator } from '../../orchestrator/reference/reference-orchestrator.ts';
import { brokenPlugin } from './broken-plugin.ts';

/** Every request under one key looks the same to this store. */
const ANY_REQUEST = '';

class KeyOnlyStore extends IdempotencyStore {
  override claim<T>(key: string, _fingerprint: string): Claim<T> {
    return super.claim<T>(key, ANY_REQUEST);
  }

  override complete<T>(key: string, _fingerprint: string, outcome: T): void {
    super.complete(key, ANY_REQUEST, outcome);
  }
}

export default brokenPlugin('key-remembers-no-request', (ports, config) => createReferenceOrchestrator(ports, config, { idempotency: (store, clock) => new KeyOnlyStore(store, clock) }));
