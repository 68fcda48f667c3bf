import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { IDEMPOTENCY_AGE_INDEX, IDEMPOTENCY_NAMESPACE, IdempotencyStore, type Claim } from '../../orchestrator/idempotency/idempotency-store.ts';
import type { StorePort } from '../../orchestrator/ports.ts';
import { SqliteStore } from '../../orchestrator/store/sqlite-store.node.ts';
import { MemoryStore } from '../../sim/world/memory-store.ts';
import { removeDatabase } from '../store/store-contract.ts';
import { runWithPowerCuts } from './power-cuts.ts';

/**
 * The model: what a client may expect from Stripe-like keys, as a plain Map and a clock. No index,
 * no store, no transactions: pruning is a filter over every entry.
 */
interface ModelEntry {
  fingerprint: string;
  state: 'in-progress' | 'done';
  outcome: Outcome | undefined;
  createdAtMs: number;
}
interface Model {
  nowMs: number;
  entries: Map<string, ModelEntry>;
}
/** A JSON value with nesting, so a store that mangles it on the way through is caught. */
interface Outcome {
  n: number;
  tags: string[];
}
interface Real {
  clock: { nowMs: number };
  store: StorePort;
  idempotency: IdempotencyStore;
}

/** Few keys and fingerprints, so claims collide with each other all the time. */
const KEYS = ['k1', 'k2', 'k3'] as const;
const FINGERPRINTS = ['fp-a', 'fp-b'] as const;

function expectedClaim(model: Model, key: string, fingerprint: string): Claim<Outcome> {
  const entry = model.entries.get(key);
  if (entry === undefined) return { kind: 'new' };
  if (entry.fingerprint !== fingerprint) return { kind: 'conflict' };
  if (entry.state === 'in-progress') return { kind: 'in-progress' };
  return { kind: 'replay', outcome: entry.outcome as Outcome };
}

class ClaimCommand implements fc.Command<Model, Real> {
  constructor(
    readonly key: string,
    readonly fingerprint: string,
  ) {}
  check(): boolean {
    return true;
  }
  run(model: Model, real: Real): void {
    const expected = expectedClaim(model, this.key, this.fingerprint);
    const answer = real.idempotency.claim<Outcome>(this.key, this.fingerprint);
    expect(answer.kind).toBe(expected.kind);
    expect(answer).toEqual(expected);
    if (expected.kind === 'new') model.entries.set(this.key, { fingerprint: this.fingerprint, state: 'in-progress', outcome: undefined, createdAtMs: model.nowMs });
  }
  toString(): string {
    return `claim(${this.key}, ${this.fingerprint})`;
  }
}

/** The caller that claimed a key stores its outcome: only for keys in progress, as in the orchestrator. */
class CompleteCommand implements fc.Command<Model, Real> {
  constructor(
    readonly key: string,
    readonly outcome: Outcome,
  ) {}
  check(model: Readonly<Model>): boolean {
    return model.entries.get(this.key)?.state === 'in-progress';
  }
  run(model: Model, real: Real): void {
    const entry = model.entries.get(this.key) as ModelEntry;
    real.idempotency.complete(this.key, entry.fingerprint, this.outcome);
    model.entries.set(this.key, { ...entry, state: 'done', outcome: this.outcome });
  }
  toString(): string {
    return `complete(${this.key}, ${JSON.stringify(this.outcome)})`;
  }
}

/** The caller that claimed a key gives up on a failed attempt. */
class AbandonCommand implements fc.Command<Model, Real> {
  constructor(readonly key: string) {}
  check(model: Readonly<Model>): boolean {
    return model.entries.get(this.key)?.state === 'in-progress';
  }
  run(model: Model, real: Real): void {
    real.idempotency.abandon(this.key);
    model.entries.delete(this.key);
  }
  toString(): string {
    return `abandon(${this.key})`;
  }
}

class AdvanceCommand implements fc.Command<Model, Real> {
  constructor(readonly ms: number) {}
  check(): boolean {
    return true;
  }
  run(model: Model, real: Real): void {
    model.nowMs += this.ms;
    real.clock.nowMs += this.ms;
  }
  toString(): string {
    return `advance(${this.ms})`;
  }
}

class PruneCommand implements fc.Command<Model, Real> {
  constructor(
    readonly retentionMs: number,
    readonly perTransaction: number,
  ) {}
  check(): boolean {
    return true;
  }
  run(model: Model, real: Real): void {
    let expectedDeleted = 0;
    for (const [key, entry] of model.entries) {
      if (entry.state === 'done' && model.nowMs - entry.createdAtMs > this.retentionMs) {
        model.entries.delete(key);
        expectedDeleted++;
      }
    }
    expect(real.idempotency.prune(model.nowMs, this.retentionMs, this.perTransaction)).toBe(expectedDeleted);
    // Nothing leaks: the store holds exactly the keys the model remembers, records and index alike.
    const remembered = [...model.entries.keys()].sort();
    expect([...real.store.values<{ key: string }>(IDEMPOTENCY_NAMESPACE)].map((record) => record.key).sort()).toEqual(remembered);
    expect([...real.store.values<{ key: string }>(IDEMPOTENCY_AGE_INDEX)].map((entry) => entry.key).sort()).toEqual(remembered);
  }
  toString(): string {
    return `prune(${this.retentionMs}, ${this.perTransaction} a transaction)`;
  }
}

const key = fc.constantFrom(...KEYS);
const outcome = fc.record({ n: fc.integer({ min: -5, max: 5 }), tags: fc.array(fc.constantFrom('a', 'b'), { maxLength: 2 }) });
const commands = fc.commands(
  [
    fc.tuple(key, fc.constantFrom(...FINGERPRINTS)).map(([k, fingerprint]) => new ClaimCommand(k, fingerprint)),
    fc.tuple(key, outcome).map(([k, value]) => new CompleteCommand(k, value)),
    key.map((k) => new AbandonCommand(k)),
    // Zero included: records claimed in the same ms must not break the age order.
    fc.integer({ min: 0, max: 30 }).map((ms) => new AdvanceCommand(ms)),
    // A small bound per transaction too: forgetting in several transactions must forget the same keys.
    fc.tuple(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 1, max: 4 })).map(([ms, perTransaction]) => new PruneCommand(ms, perTransaction)),
  ],
  { maxCommands: 60 },
);

const START_MS = 1_700_000_000_000;

function runAgainst(makeStore: () => { store: StorePort; dispose: () => void }, numRuns: number): void {
  fc.assert(
    fc.property(commands, (cmds) => {
      const { store, dispose } = makeStore();
      const clock = { nowMs: START_MS };
      try {
        const setup = (): { model: Model; real: Real } => ({
          model: { nowMs: START_MS, entries: new Map() },
          real: { clock, store, idempotency: new IdempotencyStore(store, { nowMs: () => clock.nowMs }) },
        });
        fc.modelRun(setup, cmds);
      } finally {
        dispose();
      }
    }),
    { numRuns },
  );
}

describe('IdempotencyStore against a Map model', () => {
  it('answers every claim as the model does, on the simulation store', () => {
    runAgainst(() => ({ store: new MemoryStore(), dispose: () => undefined }), 300);
  });

  describe('on SQLite (the live store keeps the same contract for this use)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'converge-idempotency-'));
    let counter = 0;
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    it('answers every claim as the model does', () => {
      runAgainst(() => {
        const path = join(dir, `idem-${++counter}.db`);
        const store = new SqliteStore(path);
        return {
          store,
          dispose: () => {
            store.close();
            removeDatabase(path);
          },
        };
      }, 60);
    });
  });
});

describe('IdempotencyStore, worked examples', () => {
  function fresh(): { idempotency: IdempotencyStore; clock: { nowMs: number }; store: MemoryStore } {
    const clock = { nowMs: 0 };
    const store = new MemoryStore();
    return { idempotency: new IdempotencyStore(store, { nowMs: () => clock.nowMs }), clock, store };
  }

  it('replays a done key within retention and runs it again once pruned', () => {
    const { idempotency, clock } = fresh();
    expect(idempotency.claim('order_1:reserve:1', 'fp')).toEqual({ kind: 'new' });
    idempotency.complete('order_1:reserve:1', 'fp', { holdId: 'H1' });
    clock.nowMs = 1_000;
    expect(idempotency.prune(clock.nowMs, 1_000)).toBe(0); // exactly the retention old: kept
    expect(idempotency.claim('order_1:reserve:1', 'fp')).toEqual({ kind: 'replay', outcome: { holdId: 'H1' } });
    expect(idempotency.prune(1_001, 1_000)).toBe(1);
    expect(idempotency.claim('order_1:reserve:1', 'fp')).toEqual({ kind: 'new' });
  });

  it('never prunes a key still in progress, and prunes the done ones behind it', () => {
    const { idempotency, clock } = fresh();
    idempotency.claim('slow', 'fp');
    clock.nowMs = 10;
    idempotency.claim('fast', 'fp');
    idempotency.complete('fast', 'fp', 'ok');
    expect(idempotency.prune(1_000, 100)).toBe(1);
    expect(idempotency.claim('slow', 'fp')).toEqual({ kind: 'in-progress' });
    expect(idempotency.claim('fast', 'fp')).toEqual({ kind: 'new' });
  });

  it('counts retention from the claim, not from completion', () => {
    const { idempotency, clock } = fresh();
    idempotency.claim('k', 'fp');
    clock.nowMs = 500;
    idempotency.complete('k', 'fp', 'late');
    expect(idempotency.prune(601, 600)).toBe(1);
  });

  it('forgets a backlog in bounded transactions; power lost between or inside them leaves every record with its index entry', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 1, max: 9 }), fc.array(fc.integer({ min: 1, max: 200 }), { maxLength: 3 }), (records, perTransaction, cuts) => {
        const disk = new MemoryStore();
        const clock = { nowMs: 0 };
        const setup = new IdempotencyStore(disk, { nowMs: () => clock.nowMs });
        for (let i = 0; i < records; i++) {
          setup.claim(`k${i}`, 'f');
          setup.complete(`k${i}`, 'f', { i });
        }
        clock.nowMs = 10_000;
        let transactions = 0;
        const restarts = runWithPowerCuts(disk, { cutAfter: (write) => cuts.includes(write) }, (store) => {
          const counted: StorePort = {
            ...store,
            transaction: (step) => {
              transactions++;
              return store.transaction(step);
            },
          };
          new IdempotencyStore(counted, { nowMs: () => clock.nowMs }).prune(clock.nowMs, 1_000, perTransaction);
        });
        expect(restarts).toBeLessThanOrEqual(cuts.length);
        expect([...disk.values(IDEMPOTENCY_NAMESPACE)]).toEqual([]);
        expect([...disk.values(IDEMPOTENCY_AGE_INDEX)]).toEqual([]);
        if (cuts.length === 0) expect(transactions).toBe(Math.ceil(records / perTransaction));
      }),
    );
  });

  it('refuses a negative retention, and a bound of no records a transaction', () => {
    expect(() => new IdempotencyStore(new MemoryStore(), { nowMs: () => 0 }).prune(0, 1, 0)).toThrow(/recordsPerTransaction must be a whole number of at least 1, got 0/);
    const { idempotency } = fresh();
    expect(() => idempotency.prune(0, -1)).toThrow(/retentionMs must be a non-negative number of ms, got -1/);
  });
});
