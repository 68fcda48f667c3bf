import { rmSync } from 'node:fs';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import type { StorePort } from '../../orchestrator/ports.ts';

/** A store under test, and how to simulate a crash-restart of the process that owns it. */
export interface StoreUnderTest {
  store: StorePort;
  /** The store as a restarted process finds it (same object in memory; reopened file for SQLite). */
  reopen(): StorePort;
  dispose(): void;
}

/** The model: what a store must behave like. Much simpler than either implementation. */
class ModelStore {
  readonly tables = new Map<string, Map<string, unknown>>();

  put(namespace: string, key: string, value: unknown): void {
    const table = this.tables.get(namespace) ?? new Map<string, unknown>();
    table.set(key, value);
    this.tables.set(namespace, table);
  }

  delete(namespace: string, key: string): void {
    this.tables.get(namespace)?.delete(key);
  }

  values(namespace: string): unknown[] {
    return [...(this.tables.get(namespace)?.values() ?? [])];
  }

  clone(): ModelStore {
    const copy = new ModelStore();
    for (const [namespace, table] of this.tables) copy.tables.set(namespace, new Map(table));
    return copy;
  }
}

type Op =
  | { kind: 'put'; namespace: string; key: string; value: unknown }
  | { kind: 'delete'; namespace: string; key: string }
  | { kind: 'get'; namespace: string; key: string }
  | { kind: 'values'; namespace: string }
  | { kind: 'transaction'; ops: Op[]; fail: boolean }
  | { kind: 'restart' };

const namespaceArb = fc.constantFrom('orders', 'fos', 'idempotency');
const keyArb = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'k:1', 'k:2');
const valueArb = fc.jsonValue({ maxDepth: 2 }).map((value) => JSON.parse(JSON.stringify(value)) as unknown);
const simpleOp: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('put' as const), namespace: namespaceArb, key: keyArb, value: valueArb }),
  fc.record({ kind: fc.constant('delete' as const), namespace: namespaceArb, key: keyArb }),
  fc.record({ kind: fc.constant('get' as const), namespace: namespaceArb, key: keyArb }),
  fc.record({ kind: fc.constant('values' as const), namespace: namespaceArb }),
);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: simpleOp },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('transaction' as const), ops: fc.array(simpleOp, { maxLength: 6 }), fail: fc.boolean() }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'restart' as const }) },
);

class Abort extends Error {}

function apply(op: Op, store: StorePort, model: ModelStore): void {
  switch (op.kind) {
    case 'put':
      store.put(op.namespace, op.key, op.value);
      model.put(op.namespace, op.key, op.value);
      return;
    case 'delete':
      store.delete(op.namespace, op.key);
      model.delete(op.namespace, op.key);
      return;
    case 'get':
      expect(store.get(op.namespace, op.key)).toEqual(model.tables.get(op.namespace)?.get(op.key));
      return;
    case 'values':
      expect([...store.values(op.namespace)]).toEqual(model.values(op.namespace));
      return;
    default:
      throw new Error(`not a simple op: ${op.kind}`);
  }
}

/** The contract every StorePort implementation must pass, model-based over random operation sequences. */
export function storeContract(open: () => StoreUnderTest): void {
  it('behaves like the model for any sequence of puts, deletes, reads, transactions and restarts', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 40 }), (ops) => {
        const subject = open();
        let store = subject.store;
        let model = new ModelStore();
        try {
          for (const op of ops) {
            if (op.kind === 'restart') {
              store = subject.reopen();
            } else if (op.kind === 'transaction') {
              const before = model.clone();
              try {
                store.transaction(() => {
                  for (const inner of op.ops) apply(inner, store, model);
                  if (op.fail) throw new Abort('rolled back on purpose');
                });
              } catch (error) {
                if (!(error instanceof Abort)) throw error;
                model = before;
              }
            } else {
              apply(op, store, model);
            }
          }
          for (const namespace of ['orders', 'fos', 'idempotency']) expect([...store.values(namespace)]).toEqual(model.values(namespace));
        } finally {
          subject.dispose();
        }
      }),
      { numRuns: 150 },
    );
  });

  it('keeps a re-put key in its first-insertion place', () => {
    const subject = open();
    try {
      subject.store.put('ns', 'first', 1);
      subject.store.put('ns', 'second', 2);
      subject.store.put('ns', 'first', 3);
      expect([...subject.store.values('ns')]).toEqual([3, 2]);
    } finally {
      subject.dispose();
    }
  });

  it('iterates a snapshot: writes made while iterating do not show up', () => {
    const subject = open();
    try {
      subject.store.put('ns', 'a', 1);
      const seen: unknown[] = [];
      for (const value of subject.store.values('ns')) {
        seen.push(value);
        subject.store.put('ns', `more-${String(value)}`, 2);
      }
      expect(seen).toEqual([1]);
    } finally {
      subject.dispose();
    }
  });

  it('keeps committed writes across a restart and loses a transaction that threw', () => {
    const subject = open();
    try {
      subject.store.put('orders', 'o1', { state: 'committed' });
      expect(() =>
        subject.store.transaction(() => {
          subject.store.put('orders', 'o1', { state: 'half-done' });
          subject.store.put('orders', 'o2', { state: 'half-done' });
          throw new Error('crash inside the unit of work');
        }),
      ).toThrow('crash inside');
      const restarted = subject.reopen();
      expect(restarted.get('orders', 'o1')).toEqual({ state: 'committed' });
      expect(restarted.get('orders', 'o2')).toBeUndefined();
    } finally {
      subject.dispose();
    }
  });

  it('rolls back a nested transaction that threw and was caught, and commits the rest of the outer one', () => {
    const subject = open();
    try {
      subject.store.put('orders', 'o1', { state: 'before' });
      subject.store.put('orders', 'o4', { state: 'before' });
      subject.store.transaction(() => {
        subject.store.put('orders', 'o1', { state: 'outer' });
        subject.store.delete('orders', 'o4');
        try {
          subject.store.transaction(() => {
            subject.store.put('orders', 'o1', { state: 'inner' });
            subject.store.put('orders', 'o2', { state: 'inner' });
            // Deleted by the outer step, put again by the inner one: it must stay deleted.
            subject.store.put('orders', 'o4', { state: 'inner' });
            subject.store.delete('orders', 'o1');
            throw new Abort('the inner step failed');
          });
        } catch (error) {
          if (!(error instanceof Abort)) throw error;
        }
        subject.store.put('orders', 'o3', { state: 'outer' });
      });
      const restarted = subject.reopen();
      expect(restarted.get('orders', 'o1')).toEqual({ state: 'outer' });
      expect(restarted.get('orders', 'o2')).toBeUndefined();
      expect(restarted.get('orders', 'o4')).toBeUndefined();
      expect([...restarted.values('orders')]).toEqual([{ state: 'outer' }, { state: 'outer' }]);
    } finally {
      subject.dispose();
    }
  });

  it('says whether a transaction is open: inside one (nested too), never outside, nor after one threw', () => {
    const subject = open();
    try {
      const { store } = subject;
      const seen: boolean[] = [store.inTransaction()];
      store.transaction(() => {
        seen.push(store.inTransaction());
        store.transaction(() => seen.push(store.inTransaction()));
        seen.push(store.inTransaction());
      });
      seen.push(store.inTransaction());
      expect(() =>
        store.transaction(() => {
          throw new Abort('failed');
        }),
      ).toThrow(Abort);
      seen.push(store.inTransaction());
      expect(seen).toEqual([false, true, true, true, false, false]);
    } finally {
      subject.dispose();
    }
  });

  it('never lets a value be changed through the object put or the object read (a copy, or frozen)', () => {
    const subject = open();
    try {
      const put = { state: 'put', lines: [{ units: 1 }] };
      subject.store.put('orders', 'o1', put);
      const read = subject.store.get<typeof put>('orders', 'o1');
      for (const target of [put, read]) {
        try {
          if (target !== undefined) (target.lines[0] as { units: number }).units = 99;
        } catch (error) {
          // A frozen value refuses the change: that is the point.
          if (!(error instanceof TypeError)) throw error;
        }
      }
      expect(subject.reopen().get('orders', 'o1')).toEqual({ state: 'put', lines: [{ units: 1 }] });
    } finally {
      subject.dispose();
    }
  });
}

export function removeDatabase(path: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
}
