import type { StorePort } from '../../orchestrator/ports.ts';

/**
 * The orchestrator's durable store in a simulation: namespaced Maps, iterated in insertion
 * order (deterministic). A crash-restart keeps this object and drops everything else.
 */
export class MemoryStore implements StorePort {
  private readonly namespaces = new Map<string, Map<string, unknown>>();

  get<T>(namespace: string, key: string): T | undefined {
    return this.namespaces.get(namespace)?.get(key) as T | undefined;
  }

  put<T>(namespace: string, key: string, value: T): void {
    let table = this.namespaces.get(namespace);
    if (table === undefined) {
      table = new Map();
      this.namespaces.set(namespace, table);
    }
    table.set(key, value);
  }

  delete(namespace: string, key: string): void {
    this.namespaces.get(namespace)?.delete(key);
  }

  values<T>(namespace: string): IterableIterator<T> {
    return (this.namespaces.get(namespace) ?? new Map<string, T>()).values() as IterableIterator<T>;
  }

  /** Entries per namespace, for the run's summary. */
  sizes(): Record<string, number> {
    return Object.fromEntries([...this.namespaces].map(([name, table]) => [name, table.size]));
  }
}
