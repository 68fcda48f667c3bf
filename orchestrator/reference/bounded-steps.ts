import type { StorePort } from '../ports.ts';
import { requireBatchSize } from '../store/in-batches.ts';

/**
 * One pass over a list of items. Its items may depend on what earlier passes carried, never on
 * what its own items add: after a restart in the middle of it, they are listed again from the
 * carried state as it was committed, and the pass goes on at the same index. An item adds to the
 * carried state only through `note`, so each step stores its own notes, not the whole state.
 */
export interface Pass<S, N> {
  items(carried: Readonly<S>): readonly unknown[];
  apply(item: unknown, carried: Readonly<S>, note: (entry: N) => void): void;
}

/** A pass over items of one type (the list of passes mixes types). */
export function pass<S, N, I>(items: (carried: Readonly<S>) => readonly I[], apply: (item: I, carried: Readonly<S>, note: (entry: N) => void) => void): Pass<S, N> {
  return { items, apply: (item, carried, note) => apply(item as I, carried, note) };
}

/** How far a piece of work got, committed with the effects of its last step; `steps` notes records lie beside it. */
interface StepProgress {
  pass: number;
  next: number;
  steps: number;
}

export interface BoundedWork<S, N> {
  store: StorePort;
  /** Where its progress is kept between steps, under a key naming the work (the same after a restart). */
  namespace: string;
  key: string;
  /** Items applied in one transaction at most. */
  itemsPerStep: number;
  /** What the passes carry to each other, before the first note. */
  start(): S;
  /** Folds one note into the carried state, in place; after a restart the state is folded again from the stored notes (JSON-compatible). */
  fold(carried: S, entry: N): void;
  passes: readonly Pass<S, N>[];
  /** Runs in the last step's transaction, after the last item. */
  finish(carried: S): void;
}

/** The key of step `step`'s notes beside the progress record. */
function notesKey(key: string, step: number): string {
  return `${key}#notes${step}`;
}

/**
 * Applies long work (a WMS document of hundreds of rows) in steps of at most `itemsPerStep`
 * items, each its own transaction that commits the items' effects with how far the work got.
 * One transaction for all of it is written whole or not at all: a process that keeps losing
 * power (or being killed) inside it starts over every time and never gets past it, while every
 * other step waits behind it. Power lost between two steps loses none of them and repeats none:
 * called again with the same work, it goes on after the last step that committed. The progress
 * is forgotten in the last step, with `finish`. Work that fits in one step writes no progress.
 * Steps follow each other without an await, so nothing else in the process runs between them,
 * and the carried state stays in memory between them: each step stores only its own notes (a
 * copy of the whole state per step made a 5,000-row document cost quadratic time).
 */
export function applyInSteps<S, N>(work: BoundedWork<S, N>): void {
  const { store, namespace, key, passes } = work;
  requireBatchSize(work.itemsPerStep, 'itemsPerStep');
  const saved = store.get<StepProgress>(namespace, key);
  const carried = work.start();
  let passIndex = saved?.pass ?? 0;
  let next = saved?.next ?? 0;
  let steps = saved?.steps ?? 0;
  for (let step = 0; step < steps; step++) for (const entry of store.get<readonly N[]>(namespace, notesKey(key, step)) ?? []) work.fold(carried, entry);
  let progressStored = saved !== undefined;
  let finished = false;
  // A step that throws (power lost inside it) leaves this call: the in-memory state is then
  // thrown away with it, and the next call starts again from what the store committed.
  while (!finished) {
    finished = store.transaction(() => {
      const noted: N[] = [];
      const note = (entry: N): void => {
        work.fold(carried, entry);
        noted.push(entry);
      };
      let items = passes[passIndex]?.items(carried) ?? [];
      let budget = work.itemsPerStep;
      while (passIndex < passes.length) {
        if (next >= items.length) {
          passIndex += 1;
          next = 0;
          items = passes[passIndex]?.items(carried) ?? [];
          continue;
        }
        if (budget === 0) break;
        (passes[passIndex] as Pass<S, N>).apply(items[next], carried, note);
        next += 1;
        budget -= 1;
      }
      if (passIndex < passes.length) {
        if (noted.length > 0) {
          store.put<readonly N[]>(namespace, notesKey(key, steps), noted);
          steps += 1;
        }
        store.put<StepProgress>(namespace, key, { pass: passIndex, next, steps });
        progressStored = true;
        return false;
      }
      work.finish(carried);
      if (progressStored) {
        store.delete(namespace, key);
        for (let step = 0; step < steps; step++) store.delete(namespace, notesKey(key, step));
      }
      return true;
    });
  }
}
