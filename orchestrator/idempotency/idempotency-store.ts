import type { ClockPort, StorePort } from '../ports.ts';
import { inBatches } from '../store/in-batches.ts';

/**
 * Stripe-like idempotency for commands: the key and the request's fingerprint are stored before
 * the work starts, the outcome before success is acknowledged.
 */
interface IdempotencyRecord<T> {
  key: string;
  fingerprint: string;
  state: 'in-progress' | 'done';
  outcome?: T;
  /** When the key was first claimed: retention counts from the client's first attempt. */
  createdAtMs: number;
}

/** One entry of the age index: enough to decide "too young" without reading the record. */
interface AgeEntry {
  key: string;
  createdAtMs: number;
}

export type Claim<T> = { kind: 'new' } | { kind: 'replay'; outcome: T } | { kind: 'conflict' } | { kind: 'in-progress' };

export const IDEMPOTENCY_NAMESPACE = 'idempotency';
/**
 * Keys in first-claim order. StorePort keeps first-insertion order, and a key only enters this
 * namespace when it is claimed afresh (after a delete it goes to the back), so with a clock that
 * does not go backwards the front always holds the oldest records and `prune` can stop at the
 * first young one instead of reading every record.
 */
export const IDEMPOTENCY_AGE_INDEX = 'idempotency-by-age';

/** Records forgotten per transaction by `prune` (two writes each). */
export const DEFAULT_PRUNED_PER_TRANSACTION = 100;

/** Stripe keeps keys for 24 h; a sensible default for callers of `prune`. */
export const DEFAULT_IDEMPOTENCY_RETENTION_MS = 24 * 3_600_000;

export class IdempotencyStore {
  constructor(
    private readonly store: StorePort,
    private readonly clock: ClockPort,
  ) {}

  /** Claims `key` for a request with `fingerprint`, or says why the caller must not run it. */
  claim<T>(key: string, fingerprint: string): Claim<T> {
    // Record and index entry commit together, so a crash never leaves a record prune cannot find.
    return this.store.transaction((): Claim<T> => {
      const existing = this.store.get<IdempotencyRecord<T>>(IDEMPOTENCY_NAMESPACE, key);
      if (existing === undefined) {
        const createdAtMs = this.clock.nowMs();
        this.store.put<IdempotencyRecord<T>>(IDEMPOTENCY_NAMESPACE, key, { key, fingerprint, state: 'in-progress', createdAtMs });
        this.store.put<AgeEntry>(IDEMPOTENCY_AGE_INDEX, key, { key, createdAtMs });
        return { kind: 'new' };
      }
      if (existing.fingerprint !== fingerprint) return { kind: 'conflict' };
      if (existing.state === 'in-progress') return { kind: 'in-progress' };
      return { kind: 'replay', outcome: existing.outcome as T };
    });
  }

  /** Stores the outcome of a claimed key; later claims with the same fingerprint replay it. */
  complete<T>(key: string, fingerprint: string, outcome: T): void {
    this.store.transaction(() => {
      const existing = this.store.get<IdempotencyRecord<T>>(IDEMPOTENCY_NAMESPACE, key);
      // Keeping the claim's time means a slow operation does not extend the key's retention.
      const createdAtMs = existing?.createdAtMs ?? this.clock.nowMs();
      this.store.put<IdempotencyRecord<T>>(IDEMPOTENCY_NAMESPACE, key, { key, fingerprint, state: 'done', outcome, createdAtMs });
      if (existing === undefined) this.store.put<AgeEntry>(IDEMPOTENCY_AGE_INDEX, key, { key, createdAtMs });
    });
  }

  /** Forgets a failed attempt so the caller may try again with the same key. */
  abandon(key: string): void {
    this.store.transaction(() => {
      this.store.delete(IDEMPOTENCY_NAMESPACE, key);
      this.store.delete(IDEMPOTENCY_AGE_INDEX, key);
    });
  }

  /**
   * Forgets done records claimed more than `retentionMs` before `nowMs` (strictly older), so the
   * store stays bounded. A forgotten key runs again as new: `retentionMs` must exceed the longest
   * time any client keeps retrying one request, or a late retry repeats the side effect.
   * In-progress records are never pruned: their outcome is still to be stored. Returns how many
   * records were deleted.
   *
   * Reads and deletes only the expired records, the in-progress ones older than the cutoff, and
   * one young index entry. (StorePort.values snapshots the whole index namespace in both stores
   * today, but that is a copy of small entries, not a read of every record's outcome.)
   *
   * At most `recordsPerTransaction` records are forgotten per transaction (each with its index
   * entry): a day's keys forgotten in one transaction were 882 writes at holiday-spike, which a
   * process losing power every few hundred writes never commits. Pruning is safe to stop anywhere:
   * the next prune goes on from the oldest entry left.
   */
  prune(nowMs: number, retentionMs: number, recordsPerTransaction = DEFAULT_PRUNED_PER_TRANSACTION): number {
    if (!Number.isFinite(retentionMs) || retentionMs < 0) throw new RangeError(`prune: retentionMs must be a non-negative number of ms, got ${retentionMs}`);
    const cutoffMs = nowMs - retentionMs;
    const expired: string[] = [];
    for (const entry of this.store.values<AgeEntry>(IDEMPOTENCY_AGE_INDEX)) {
      if (entry.createdAtMs >= cutoffMs) break;
      expired.push(entry.key);
    }
    let deleted = 0;
    inBatches(this.store, expired, recordsPerTransaction, 'prune: recordsPerTransaction', (batch) => {
      for (const key of batch) {
        const record = this.store.get<IdempotencyRecord<unknown>>(IDEMPOTENCY_NAMESPACE, key);
        if (record?.state === 'in-progress') continue;
        this.store.delete(IDEMPOTENCY_NAMESPACE, key);
        this.store.delete(IDEMPOTENCY_AGE_INDEX, key);
        if (record !== undefined) deleted++;
      }
    });
    return deleted;
  }
}
