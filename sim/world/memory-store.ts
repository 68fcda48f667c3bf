import type { StorePort } from '../../orchestrator/ports.ts';

/**
 * The undo log, flat: four slots per write (the table, the key, whether the key existed, its value
 * before), so a write inside a transaction allocates no entry object. Almost every write of a run
 * is inside one, and almost no transaction rolls back.
 */
type UndoLog = unknown[];
const STRIDE = 4;

/** Marks a key deleted inside a transaction: it keeps its place until the transaction commits. */
const TOMBSTONE: unique symbol = Symbol('deleted in this transaction');

/**
 * The orchestrator's durable store in a simulation: namespaced Maps, iterated in insertion
 * order (deterministic). Values are frozen all the way down when put: a real store hands back
 * copies, so code that changes a record after putting it (or one it read) would pass here and
 * lose the change in production; frozen, the change throws at once. A crash-restart keeps this
 * object and drops the orchestrator instance; because the store is synchronous, a crash between
 * events can never catch a transaction half-done (power lost inside a step is PowerLossStore's). A transaction that throws is rolled back from its undo log; keys it deleted were
 * only tombstoned, so they come back in their old place without copying the namespace.
 */
export class MemoryStore implements StorePort {
  private readonly namespaces = new Map<string, Map<string, unknown>>();
  private undo: UndoLog | null = null;
  private tombstones: [Map<string, unknown>, string][] = [];
  /** Key order before a deleted key was put again in the same transaction (rare): restored on rollback. */
  private orderBeforeReput = new Map<string, string[]>();

  get<T>(namespace: string, key: string): T | undefined {
    const value = this.namespaces.get(namespace)?.get(key);
    return (value === TOMBSTONE ? undefined : value) as T | undefined;
  }

  put<T>(namespace: string, key: string, value: T): void {
    let table = this.namespaces.get(namespace);
    if (table === undefined) {
      table = new Map();
      this.namespaces.set(namespace, table);
    }
    const previous = table.get(key);
    if (previous === TOMBSTONE) {
      // Deleted and put again in one transaction: like SQLite, the key moves to the end.
      if (!this.orderBeforeReput.has(namespace)) this.orderBeforeReput.set(namespace, [...table.keys()]);
      // Undone back to the tombstone, so a savepoint that throws leaves the key deleted.
      this.undo?.push(table, key, true, TOMBSTONE);
      table.delete(key);
    } else {
      // A stored value is never undefined (the port stores objects and numbers), so one look-up says whether it existed.
      this.undo?.push(table, key, previous !== undefined || table.has(key), previous);
    }
    table.set(key, deepFreeze(value));
  }

  delete(namespace: string, key: string): void {
    const table = this.namespaces.get(namespace);
    if (table === undefined) return;
    const value = table.get(key);
    if (value === TOMBSTONE || (value === undefined && !table.has(key))) return;
    if (this.undo === null) {
      table.delete(key);
      return;
    }
    this.undo.push(table, key, true, value);
    table.set(key, TOMBSTONE);
    this.tombstones.push([table, key]);
  }

  /** A snapshot, as SQLite gives: writes made while iterating do not show up in the iteration. */
  values<T>(namespace: string): IterableIterator<T> {
    const table = this.namespaces.get(namespace);
    const live: T[] = [];
    if (table !== undefined) for (const value of table.values()) if (value !== TOMBSTONE) live.push(value as T);
    return live[Symbol.iterator]();
  }

  inTransaction(): boolean {
    return this.undo !== null;
  }

  transaction<T>(work: () => T): T {
    if (this.undo !== null) return this.savepoint(work);
    this.undo = [];
    try {
      const result = work();
      for (const [table, key] of this.tombstones) if (table.get(key) === TOMBSTONE) table.delete(key);
      return result;
    } catch (error) {
      this.rollBack(this.undo);
      throw error;
    } finally {
      this.undo = null;
      this.tombstones = [];
      this.orderBeforeReput.clear();
    }
  }


  /**
   * A nested transaction, as SQLite's savepoint: if it throws, its own writes are undone and the
   * outer one goes on; if it returns, its writes stay part of the outer one.
   */
  private savepoint<T>(work: () => T): T {
    const undo = this.undo as UndoLog;
    const mark = undo.length;
    try {
      return work();
    } catch (error) {
      undoBack(undo, mark);
      undo.length = mark;
      throw error;
    }
  }

  private rollBack(log: UndoLog): void {
    undoBack(log, 0);
    for (const [namespace, order] of this.orderBeforeReput) {
      const table = this.namespaces.get(namespace);
      if (table === undefined) continue;
      const entries = new Map(table);
      table.clear();
      for (const key of order) if (entries.has(key)) table.set(key, entries.get(key));
      for (const [key, value] of entries) if (!table.has(key)) table.set(key, value);
    }
  }
}

/** Undoes the log's writes from its end back to `mark`, newest first. */
function undoBack(log: UndoLog, mark: number): void {
  for (let at = log.length - STRIDE; at >= mark; at -= STRIDE) {
    const table = log[at] as Map<string, unknown>;
    const key = log[at + 1] as string;
    if (log[at + 2] === true) table.set(key, log[at + 3]);
    else table.delete(key);
  }
}

/**
 * Frozen all the way down, as a row read back from a real store is a copy: mutating one after put
 * throws. Records share frozen parts with the ones they were made from (an FO's untouched lines),
 * and those are skipped whole; frozen before its parts, a record with a cycle ends too.
 */
function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  Object.freeze(value);
  if (Array.isArray(value)) {
    for (const inner of value) if (typeof inner === 'object' && inner !== null) deepFreeze(inner);
  } else {
    // for-in over a plain record: no array of its values made per put.
    for (const key in value) {
      const inner = value[key];
      if (typeof inner === 'object' && inner !== null) deepFreeze(inner);
    }
  }
  return value;
}
