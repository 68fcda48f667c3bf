import type { StorePort } from '../ports.ts';

/** A write that must commit with others was made outside any transaction: a bug in the calling step. */
export class NoTransactionError extends Error {
  override readonly name = 'NoTransactionError';
}

/**
 * Asserts that `store` has a transaction open for `what`. A change to an order or an FO, its
 * events' outbox entries and the inbox records of what caused it must commit together (the
 * outbox/inbox pattern); one made outside a transaction is torn by the first crash after it.
 */
export function requireTransaction(store: StorePort, what: string): void {
  if (!store.inTransaction()) throw new NoTransactionError(`${what} outside a transaction: it must commit with the change that caused it (wrap the step in store.transaction)`);
}
