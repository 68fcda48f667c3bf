import type { StorePort } from '../../orchestrator/ports.ts';

type UndoEntry = { namespace: string; key: string; existed: boolean; value: unknown };

/**
 * The orchestrator's durable store in a simulation: namespaced Maps, iterated in insertion
 * order (deterministic). A crash-restart keeps this object and drops the orchestrator instance;
 * because the store is synchronous, a crash between events can never catch a transaction
 * half-done, and a transaction that throws is rolled back from its undo log.
 */
export class MemoryStore implements StorePort {
  private readonly namespaces = new Map<string, Map<string, unknown>>();
  private undo: UndoEntry[] | null = null;
  /** Key order of a namespace before a transaction's first delete there, to restore it on rollback. */
  private orderBeforeDelete = new Map<string, string[]>();

  get<T>(namespace: string, key: string): T | undefined {
    return this.namespaces.get(namespace)?.get(key) as T | undefined;
  }

  put<T>(namespace: string, key: string, value: T): void {
    let table = this.namespaces.get(namespace);
    if (table === undefined) {
      table = new Map();
      this.namespaces.set(namespace, table);
    }
    this.undo?.push({ namespace, key, existed: table.has(key), value: table.get(key) });
    table.set(key, value);
  }

  delete(namespace: string, key: string): void {
    const table = this.namespaces.get(namespace);
    if (table === undefined || !table.has(key)) return;
    if (this.undo !== null && !this.orderBeforeDelete.has(namespace)) this.orderBeforeDelete.set(namespace, [...table.keys()]);
    this.undo?.push({ namespace, key, existed: true, value: table.get(key) });
    table.delete(key);
  }

  /** A snapshot, as SQLite gives: writes made while iterating do not show up in the iteration. */
  values<T>(namespace: string): IterableIterator<T> {
    const table = this.namespaces.get(namespace);
    return (table === undefined ? [] : [...table.values()])[Symbol.iterator]() as IterableIterator<T>;
  }

  transaction<T>(work: () => T): T {
    if (this.undo !== null) return work(); // nested: part of the outer transaction
    this.undo = [];
    try {
      const result = work();
      return result;
    } catch (error) {
      this.rollBack(this.undo);
      throw error;
    } finally {
      this.undo = null;
      this.orderBeforeDelete.clear();
    }
  }

  /** Entries per namespace, for the run's summary. */
  sizes(): Record<string, number> {
    return Object.fromEntries([...this.namespaces].map(([name, table]) => [name, table.size]));
  }

  private rollBack(log: readonly UndoEntry[]): void {
    for (const entry of [...log].reverse()) {
      const table = this.namespaces.get(entry.namespace);
      if (table === undefined) continue;
      if (entry.existed) table.set(entry.key, entry.value);
      else table.delete(entry.key);
    }
    // Restored keys went to the end of their Map: put every namespace that lost keys back in order.
    for (const [namespace, order] of this.orderBeforeDelete) {
      const table = this.namespaces.get(namespace);
      if (table === undefined) continue;
      const entries = new Map(table);
      table.clear();
      for (const key of order) if (entries.has(key)) table.set(key, entries.get(key));
      for (const [key, value] of entries) if (!table.has(key)) table.set(key, value);
    }
  }
}
