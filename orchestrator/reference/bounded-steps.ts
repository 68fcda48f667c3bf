import type { StorePort } from '../ports.ts';

/**
 * One pass over a list of items. Its items may depend on what earlier passes carried, never on
 * what its own items add: after a restart in the middle of it, they are listed again from the
 * carried state as it was committed, and the pass goes on at the same index.
 */
export interface Pass<S> {
  items(carried: S): readonly unknown[];
  apply(item: unknown, carried: S): void;
}

/** A pass over items of one type (the list of passes mixes types). */
export function pass<S, I>(items: (carried: S) => readonly I[], apply: (item: I, carried: S) => void): Pass<S> {
  return { items, apply: (item, carried) => apply(item as I, carried) };
}

/** How far a piece of work got, committed with the effects of its last step. */
interface StepProgress<S> {
  pass: number;
  next: number;
  carried: S;
}

export interface BoundedWork<S> {
  store: StorePort;
  /** Where its progress is kept between steps, under a key naming the work (the same after a restart). */
  namespace: string;
  key: string;
  /** Items applied in one transaction at most. */
  itemsPerStep: number;
  /** What the passes carry to each other, before the first: JSON-compatible, as it is stored. */
  start(): S;
  passes: readonly Pass<S>[];
  /** Runs in the last step's transaction, after the last item. */
  finish(carried: S): void;
}

/**
 * Applies long work (a WMS document of hundreds of rows) in steps of at most `itemsPerStep`
 * items, each its own transaction that commits the items' effects with how far the work got.
 * One transaction for all of it is written whole or not at all: a process that keeps losing
 * power (or being killed) inside it starts over every time and never gets past it, while every
 * other step waits behind it. Power lost between two steps loses none of them and repeats none:
 * called again with the same work, it goes on after the last step that committed. The progress
 * is forgotten in the last step, with `finish`. Work that fits in one step writes no progress.
 * Steps follow each other without an await, so nothing else in the process runs between them.
 */
export function applyInSteps<S>(work: BoundedWork<S>): void {
  const { store, namespace, key, passes } = work;
  if (!Number.isInteger(work.itemsPerStep) || work.itemsPerStep < 1) throw new RangeError(`itemsPerStep must be a whole number of at least 1, got ${work.itemsPerStep}`);
  let finished = false;
  while (!finished) {
    finished = store.transaction(() => {
      const saved = store.get<StepProgress<S>>(namespace, key);
      // The stored record is immutable: the passes change a copy of what it carried.
      const carried = saved === undefined ? work.start() : structuredClone(saved.carried);
      let passIndex = saved?.pass ?? 0;
      let next = saved?.next ?? 0;
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
        (passes[passIndex] as Pass<S>).apply(items[next], carried);
        next += 1;
        budget -= 1;
      }
      if (passIndex < passes.length) {
        store.put<StepProgress<S>>(namespace, key, { pass: passIndex, next, carried });
        return false;
      }
      work.finish(carried);
      if (saved !== undefined) store.delete(namespace, key);
      return true;
    });
  }
}
