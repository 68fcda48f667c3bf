import type { StorePort } from '../ports.ts';

/** A bound on the items of one transaction: a whole number of at least 1, or the work would never end. */
export function requireBatchSize(perTransaction: number, what: string): void {
  if (!Number.isInteger(perTransaction) || perTransaction < 1) throw new RangeError(`${what} must be a whole number of at least 1, got ${perTransaction}`);
}

/**
 * Runs `apply` on consecutive slices of at most `perTransaction` items, each slice in its own
 * transaction, in order; an empty list is no transaction, or one on an empty slice with
 * `evenIfEmpty` (work that has more to commit than its items: a cursor). One transaction of
 * hundreds of writes is never committed by a process that keeps losing power inside it; in slices,
 * a power cut costs the slice it hit. The work must be whole after any slice (a cursor moved, a
 * record deleted with its index entry): the caller's next run goes on from what committed.
 */
export function inBatches<T>(store: StorePort, items: readonly T[], perTransaction: number, what: string, apply: (batch: readonly T[], at: { first: boolean; last: boolean }) => void, { evenIfEmpty = false } = {}): void {
  requireBatchSize(perTransaction, what);
  if (items.length === 0 && !evenIfEmpty) return;
  let start = 0;
  do {
    const batch = items.slice(start, start + perTransaction);
    const at = { first: start === 0, last: start + perTransaction >= items.length };
    store.transaction(() => apply(batch, at));
    start += perTransaction;
  } while (start < items.length);
}
