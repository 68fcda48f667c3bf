import type { StorePort } from '../ports.ts';

/**
 * Stripe-like idempotency for commands: the key and the request's fingerprint are stored before
 * the work starts, the outcome before success is acknowledged.
 */
interface IdempotencyRecord<T> {
  key: string;
  fingerprint: string;
  state: 'in-progress' | 'done';
  outcome?: T;
}

export type Claim<T> = { kind: 'new' } | { kind: 'replay'; outcome: T } | { kind: 'conflict' } | { kind: 'in-progress' };

const NAMESPACE = 'idempotency';

export class IdempotencyStore {
  constructor(private readonly store: StorePort) {}

  /** Claims `key` for a request with `fingerprint`, or says why the caller must not run it. */
  claim<T>(key: string, fingerprint: string): Claim<T> {
    const existing = this.store.get<IdempotencyRecord<T>>(NAMESPACE, key);
    if (existing === undefined) {
      this.store.put<IdempotencyRecord<T>>(NAMESPACE, key, { key, fingerprint, state: 'in-progress' });
      return { kind: 'new' };
    }
    if (existing.fingerprint !== fingerprint) return { kind: 'conflict' };
    if (existing.state === 'in-progress') return { kind: 'in-progress' };
    return { kind: 'replay', outcome: existing.outcome as T };
  }

  complete<T>(key: string, fingerprint: string, outcome: T): void {
    this.store.put<IdempotencyRecord<T>>(NAMESPACE, key, { key, fingerprint, state: 'done', outcome });
  }

  /** Forgets a failed attempt so the caller may try again with the same key. */
  abandon(key: string): void {
    this.store.delete(NAMESPACE, key);
  }
}
