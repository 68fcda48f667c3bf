/**
 * A POS journal backlog is applied in steps that each commit and move the cursor. One
 * transaction for a page of hundreds of changes never commits in a process that keeps losing
 * power inside it, and then the cursor never moves: the orchestrator never hears of a hand-over.
 * In steps, power lost anywhere costs at most the step it hit; the next read goes on from the
 * cursor the last step left, and ends where an uninterrupted run would.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StorePort } from '../../orchestrator/ports.ts';
import { applyPageInSteps, type JournalPage } from '../../orchestrator/reference/journal-page.ts';
import { MemoryStore } from '../../sim/world/memory-store.ts';
import { forwardingStore } from './forwarding-store.ts';
import { expectGetsThroughPowerCuts, runWithPowerCuts, type PowerCuts } from './power-cuts.ts';

interface Change {
  holdId: string;
  status: string;
  seq: number;
}

/** An entry that did not read: its sequence is not known to the reader. */
interface Unreadable {
  raw: string;
}

/**
 * A journal as the POS keeps it: every change numbered, a read showing each hold's latest change
 * after the cursor, in sequence order; the changes at `unreadableSeqs` do not read.
 */
class Journal {
  readonly changes: Change[] = [];

  constructor(
    changes: number,
    holds: number,
    private readonly unreadableSeqs: ReadonlySet<number>,
  ) {
    for (let seq = 1; seq <= changes; seq++) this.changes.push({ holdId: `H${seq % holds}`, status: `S${seq}`, seq });
  }

  read(since: number): JournalPage<Change, Unreadable> {
    const latest = this.changes.filter((change) => change.seq > since && !this.changes.some((later) => later.holdId === change.holdId && later.seq > change.seq));
    const last = latest[latest.length - 1];
    return {
      changes: latest.filter((change) => !this.unreadableSeqs.has(change.seq)),
      unreadable: latest.filter((change) => this.unreadableSeqs.has(change.seq)).map((change) => ({ raw: `entry ${change.seq}` })),
      cursor: last === undefined ? since : last.seq,
    };
  }

}

/** One poll: read from the stored cursor and apply the page in steps through `store`. */
function poll(journal: Journal, store: StorePort, changesPerStep: number): void {
  const from = store.get<number>('cursors', 'S1') ?? 0;
  applyPageInSteps(journal.read(from), {
    store,
    cursorNamespace: 'cursors',
    cursorKey: 'S1',
    from,
    changesPerStep,
    apply: (change) => store.put('holds', change.holdId, change),
    // Once per entry and page, as addDeadLetter keeps a letter once per id.
    keep: (entry, index) => store.put('dead-letters', `${entry.raw} @${from}#${index}`, entry.raw),
  });
}

/** What the reader ends with: each hold's status, the cursor, and which entries were kept (once or more). */
function known(disk: MemoryStore): { holds: Record<string, string>; cursor: number | undefined; kept: string[] } {
  const holds = Object.fromEntries([...disk.values<Change>('holds')].map((change) => [change.holdId, change.status]));
  return { holds, cursor: disk.get<number>('cursors', 'S1'), kept: [...new Set(disk.values<string>('dead-letters'))].sort() };
}

/** What an uninterrupted read of the whole journal leaves: each hold's latest change where it reads, every latest change that does not kept. */
function expected(journal: Journal): ReturnType<typeof known> {
  const page = journal.read(0);
  return { holds: Object.fromEntries(page.changes.map((change) => [change.holdId, change.status])), cursor: page.cursor, kept: page.unreadable.map((entry) => entry.raw).sort() };
}

describe('applyPageInSteps', () => {
  it('applies a backlog longer than a step in steps that each move the cursor to their last change', () => {
    const journal = new Journal(12, 20, new Set([1]));
    const disk = new MemoryStore();
    const cursors: (number | undefined)[] = [];
    const store = forwardingStore(disk, {
      transaction: (step) => {
        const result = disk.transaction(step);
        cursors.push(disk.get<number>('cursors', 'S1'));
        return result;
      },
    });
    poll(journal, store, 5);
    // 11 readable changes (seq 2..12) in steps of 5, 5 and 1; the entry at seq 1 kept in the first.
    expect(cursors).toEqual([6, 11, 12]);
    expect(known(disk)).toEqual(expected(journal));
  });

  it('applies a page of one step in one transaction, keeping the unreadable entries in it', () => {
    const journal = new Journal(4, 20, new Set([4]));
    const disk = new MemoryStore();
    let transactions = 0;
    const store = forwardingStore(disk, {
      transaction: (step) => {
        transactions++;
        return disk.transaction(step);
      },
    });
    poll(journal, store, 50);
    expect(transactions).toBe(1);
    expect(known(disk)).toEqual({ holds: { H1: 'S1', H2: 'S2', H3: 'S3' }, cursor: 4, kept: ['entry 4'] });
  });

  it('moves the cursor past an empty page as before, and refuses a step of no changes', () => {
    const disk = new MemoryStore();
    poll(new Journal(0, 5, new Set()), disk, 5);
    expect(disk.get('cursors', 'S1')).toBe(0);
    expect(() => poll(new Journal(3, 5, new Set()), new MemoryStore(), 0)).toThrow(RangeError);
  });

  it('applies changes in sequence order even when the journal answers out of order', () => {
    const disk = new MemoryStore();
    const applied: number[] = [];
    applyPageInSteps(
      { changes: [{ holdId: 'H3', status: 'S3', seq: 3 }, { holdId: 'H1', status: 'S1', seq: 1 }, { holdId: 'H2', status: 'S2', seq: 2 }], unreadable: [], cursor: 3 },
      { store: disk, cursorNamespace: 'cursors', cursorKey: 'S1', from: 0, changesPerStep: 2, apply: (change) => applied.push(change.seq), keep: () => undefined },
    );
    expect(applied).toEqual([1, 2, 3]);
    expect(disk.get('cursors', 'S1')).toBe(3);
  });

  it('keeps an unreadable entry before the first step moves the cursor past it, though a later step is torn', () => {
    // Entry 2 does not read; steps of 3: seq 1, 3, 4 (cursor 4), then 5, 6, 7, torn at its first write.
    const journal = new Journal(7, 20, new Set([2]));
    const disk = new MemoryStore();
    const restarts = runWithPowerCuts(disk, { cutAfter: (write) => write === 6 }, (store) => poll(journal, store, 3));
    expect(restarts).toBe(1);
    expect(known(disk)).toEqual(expected(journal));
    expect(known(disk).kept).toEqual(['entry 2']);
  });

  it('gets through a backlog that one transaction would never get through, however often the power goes', () => {
    // 40 changes are 41 writes in one step; power lost every 15 writes tears such a step every time.
    const journal = new Journal(40, 13, new Set([3, 38]));
    const disk = new MemoryStore();
    expectGetsThroughPowerCuts(disk, 15, (store) => poll(journal, store, 6));
    expect(known(disk)).toEqual(expected(journal));
  });

  it('ends knowing each hold\'s latest change, with every unreadable entry kept, wherever the power goes (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 40 }),
        // Holds changed once or several times: a page shows only each one's latest change.
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 1, max: 8 }),
        fc.uniqueArray(fc.integer({ min: 1, max: 40 }), { maxLength: 5 }),
        fc.uniqueArray(fc.integer({ min: 1, max: 150 }), { maxLength: 6 }),
        fc.uniqueArray(fc.integer({ min: 1, max: 30 }), { maxLength: 4 }),
        (changes, holds, changesPerStep, unreadable, cuts, killedBefore) => {
          const journal = new Journal(changes, holds, new Set(unreadable));
          const disk = new MemoryStore();
          const power: PowerCuts = { cutAfter: (write) => cuts.includes(write), killedBefore: new Set(killedBefore) };
          runWithPowerCuts(disk, power, (store) => poll(journal, store, changesPerStep));
          expect(known(disk)).toEqual(expected(journal));
        },
      ),
    );
  });
});

