/** A call into a process that is gone (or never started): it never returns. A new promise each time, so nothing piles up on one. */
export function never<T>(): Promise<T> {
  return new Promise<T>(() => undefined);
}
