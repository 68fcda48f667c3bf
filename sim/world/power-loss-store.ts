import type { StorePort } from '../../orchestrator/ports.ts';

/** Thrown out of a transaction that was open when the power went: the store rolls it back whole. */
export class PowerLoss extends Error {
  constructor() {
    super('power lost inside this transaction: none of it was written');
    this.name = 'PowerLoss';
  }
}

/**
 * One orchestrator instance's view of the shared store, able to lose power between two writes of
 * a step (a torn step). After each write it asks `afterWrite` whether the power goes now; from
 * then on the instance is dead (`alive` turns false): its later writes never reach the disk, and
 * a transaction that was open when the power went, or opened after, is rolled back whole (the
 * memory store undoes it when PowerLoss is thrown out of it). A write outside a transaction is
 * durable at once, as with autocommit.
 */
export class PowerLossStore implements StorePort {
  constructor(
    private readonly store: StorePort,
    private readonly alive: () => boolean,
    private readonly afterWrite: () => void,
  ) {}

  get<T>(namespace: string, key: string): T | undefined {
    return this.store.get<T>(namespace, key);
  }

  values<T>(namespace: string): IterableIterator<T> {
    return this.store.values<T>(namespace);
  }

  put<T>(namespace: string, key: string, value: T): void {
    if (!this.alive()) return;
    this.store.put(namespace, key, value);
    this.afterWrite();
  }

  delete(namespace: string, key: string): void {
    if (!this.alive()) return;
    this.store.delete(namespace, key);
    this.afterWrite();
  }

  inTransaction(): boolean {
    return this.store.inTransaction();
  }

  transaction<T>(work: () => T): T {
    return this.store.transaction(() => {
      const result = work();
      if (!this.alive()) throw new PowerLoss();
      return result;
    });
  }
}
