/**
 * Incidents 11, 12 and 22: a command handler that answers first and writes its idempotency
 * record afterwards (a write-behind cache flushed a moment later). If the process dies in
 * between, the channel's re-send of the same command finds no record and runs again: a partial
 * cancel cancels twice as many units. Its command records are the only record it keeps of an
 * applied command (no applied-cancel keys kept with the order, which would answer the re-send
 * from the order instead). Caught by `idempotency.command-applied-once`.
 */
import { IDEMPOTENCY_NAMESPACE, IdempotencyStore, type Claim } from '../../orchestrator/idempotency/idempotency-store.ts';
import type { ClockPort, StorePort, TimersPort } from '../../orchestrator/ports.ts';
import { brokenPart } from './broken-plugin.ts';

/** How long after answering the record reaches the store. */
const WRITE_BEHIND_MS = 1_000;

class AnswerFirstIdempotencyStore extends IdempotencyStore {
  /** Claims and outcomes not written yet: lost if the process dies. */
  private readonly unsaved = new Map<string, { fingerprint: string; outcome?: unknown }>();

  constructor(
    private readonly durable: StorePort,
    clock: ClockPort,
    private readonly timers: TimersPort,
  ) {
    super(durable, clock);
  }

  override claim<T>(key: string, fingerprint: string): Claim<T> {
    const local = this.unsaved.get(key);
    if (local !== undefined) {
      if (local.fingerprint !== fingerprint) return { kind: 'conflict' };
      return local.outcome === undefined ? { kind: 'in-progress' } : { kind: 'replay', outcome: local.outcome as T };
    }
    if (this.durable.get(IDEMPOTENCY_NAMESPACE, key) !== undefined) return super.claim(key, fingerprint);
    this.unsaved.set(key, { fingerprint });
    return { kind: 'new' };
  }

  override complete<T>(key: string, fingerprint: string, outcome: T): void {
    this.unsaved.set(key, { fingerprint, outcome });
    this.timers.setTimer('orchestrator.idempotency-write-behind', WRITE_BEHIND_MS, () => {
      super.complete(key, fingerprint, outcome);
      this.unsaved.delete(key);
    });
  }
}

export default brokenPart('ack-before-persisting-idempotency', {
  idempotency: (store, clock, timers) => new AnswerFirstIdempotencyStore(store, clock, timers),
  rememberAppliedCancels: false,
});
