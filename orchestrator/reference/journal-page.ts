import type { StorePort } from '../ports.ts';
import { inBatches } from '../store/in-batches.ts';

/** One read of a change journal: the readable changes after the cursor, the entries that did not read, and where the page ends. */
export interface JournalPage<C extends { seq: number }, U> {
  changes: readonly C[];
  unreadable: readonly U[];
  cursor: number;
}

export interface PageSteps<C, U> {
  store: StorePort;
  /** Where the cursor is kept. */
  cursorNamespace: string;
  cursorKey: string;
  /** The cursor the page was read from. */
  from: number;
  /** Changes applied in one transaction at most. */
  changesPerStep: number;
  /** Applies one change; applying the same change twice must change nothing (a torn step's are read again). */
  apply(change: C): void;
  /** Keeps an entry that did not read (a dead letter), once per `index` of the page read from `from`. */
  keep(entry: U, index: number): void;
}

/**
 * Applies a journal page in steps of at most `changesPerStep` changes, by sequence, each a
 * transaction that moves the cursor to its last change. A backlog (a store back after hours
 * offline, an orchestrator back from a long stall) is hundreds of changes, and one transaction
 * for all of them is never written by a process that keeps losing power inside it: the cursor
 * never moves. Power lost between two steps leaves the cursor at the last one that committed, and
 * the next read from there shows the rest again (the journal shows each record's latest change).
 * Entries that did not read are kept in the first step: their sequence is unknown, so no cursor
 * may move past them before they are kept. A page of one step is one transaction, as it was.
 */
export function applyPageInSteps<C extends { seq: number }, U>(page: JournalPage<C, U>, steps: PageSteps<C, U>): void {
  // A journal answers in sequence order; one that does not must not make a cursor skip a change.
  const changes = [...page.changes].sort((a, b) => a.seq - b.seq);
  inBatches(steps.store, changes, steps.changesPerStep, 'changesPerStep', (step, { first, last }) => {
    for (const change of step) steps.apply(change);
    if (first) for (const [index, entry] of page.unreadable.entries()) steps.keep(entry, index);
    const reached = last ? page.cursor : (step[step.length - 1] as C).seq;
    steps.store.put(steps.cursorNamespace, steps.cursorKey, Math.max(steps.from, reached));
  }, { evenIfEmpty: true });
}
