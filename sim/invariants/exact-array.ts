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
