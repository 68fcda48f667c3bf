/**
 * A copy of `items` with `item` added at the end, of exactly that length. Records a checker keeps
 * for the whole run (an aggregate's prints, a consumer's lines) grow this way rather than by
 * `push`, which leaves room for 16 more in every one. Copied by hand: `concat` was most of the
 * cost of the sequence checker, and an array made at its length and filled in a loop is several
 * times cheaper.
 */
export function appended<T>(items: readonly T[], item: T): T[] {
  const length = items.length;
  const copy = new Array<T>(length + 1);
  for (let at = 0; at < length; at++) copy[at] = items[at] as T;
  copy[length] = item;
  return copy;
}

/**
 * A copy of `items` with `removed` items from `at` replaced by `inserted`, of exactly the length
 * that leaves (what `toSpliced` returns), copied by hand for the same reason as `appended`.
 */
export function spliced<T>(items: readonly T[], at: number, removed: number, inserted: readonly T[]): T[] {
  const length = items.length;
  const copy = new Array<T>(length - removed + inserted.length);
  let to = 0;
  for (let from = 0; from < at; from++) copy[to++] = items[from] as T;
  for (const item of inserted) copy[to++] = item;
  for (let from = at + removed; from < length; from++) copy[to++] = items[from] as T;
  return copy;
}
