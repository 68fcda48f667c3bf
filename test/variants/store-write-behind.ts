/**
 * A write-behind cache in front of the store, for throughput: a step's writes land in memory and
 * reach the database in one batch every 30 s, or before a scan reads a whole namespace. The
 * process reads the cache first, so it never notices. A crash loses up to 30 s of steps whose
 * effects already left the process: answers given to the channel, holds placed, files written,
 * events published. The restarted process places holds again, re-numbers events, forgets orders
 * it confirmed. Caught in simulation on crash-restart, and by the live kill soak with a real
 * SIGKILL (`npm run soak:live -- --orchestrator test/variants/store-write-behind.ts`).
 */
import { createReferenceOrchestrator } from '../../orchestrator/reference/reference-orchestrator.ts';
import type { StorePort, TimersPort } from '../../orchestrator/ports.ts';
import { brokenPlugin } from './broken-plugin.ts';

const FLUSH_EVERY_MS = 30_000;
const DELETED = Symbol('deleted');
type Pending = Map<string, Map<string, unknown>>;

class WriteBehindStore implements StorePort {
  private pending: Pending = new Map();
  private depth = 0;
  private flushBooked = false;

  constructor(
    private readonly durable: StorePort,
    private readonly timers: TimersPort,
  ) {}

  get<T>(namespace: string, key: string): T | undefined {
    const cached = this.pending.get(namespace)?.get(key);
    if (cached === DELETED) return undefined;
    return cached !== undefined ? (cached as T) : this.durable.get<T>(namespace, key);
  }

  put<T>(namespace: string, key: string, value: T): void {
    this.write(namespace, key, value);
  }

  delete(namespace: string, key: string): void {
    this.write(namespace, key, DELETED);
  }

  values<T>(namespace: string): IterableIterator<T> {
    // A scan needs the database's order of keys: the cache is written out first.
    if (this.depth === 0) this.flush();
    else if (this.pending.has(namespace)) return this.mergedValues<T>(namespace);
    return this.durable.values<T>(namespace);
  }

  transaction<T>(work: () => T): T {
    const before: Pending = new Map([...this.pending].map(([namespace, keys]) => [namespace, new Map(keys)]));
    this.depth += 1;
    try {
      return work();
    } catch (error) {
      this.pending = before;
      throw error;
    } finally {
      this.depth -= 1;
    }
  }

  inTransaction(): boolean {
    return this.depth > 0;
  }

  private mergedValues<T>(namespace: string): IterableIterator<T> {
    const cached = this.pending.get(namespace) as Map<string, unknown>;
    const merged: T[] = [...this.durable.values<T>(namespace)];
    for (const value of cached.values()) if (value !== DELETED) merged.push(value as T);
    return merged[Symbol.iterator]();
  }

  private write(namespace: string, key: string, value: unknown): void {
    let keys = this.pending.get(namespace);
    if (keys === undefined) {
      keys = new Map();
      this.pending.set(namespace, keys);
    }
    keys.set(key, value);
    if (!this.flushBooked) {
      this.flushBooked = true;
      this.timers.setTimer('store.write-behind', FLUSH_EVERY_MS, () => {
        this.flushBooked = false;
        if (this.depth === 0) this.flush();
      });
    }
  }

  private flush(): void {
    if (this.pending.size === 0) return;
    const pending = this.pending;
    this.pending = new Map();
    this.durable.transaction(() => {
      for (const [namespace, keys] of pending) {
        for (const [key, value] of keys) {
          if (value === DELETED) this.durable.delete(namespace, key);
          else this.durable.put(namespace, key, value);
        }
      }
    });
  }
}

export default brokenPlugin('store-write-behind', (ports, config) => createReferenceOrchestrator({ ...ports, store: new WriteBehindStore(ports.store, ports.timers) }, config));
