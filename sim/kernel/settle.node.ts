/**
 * The one place the kernel touches the real event loop: a macrotask boundary, after which every
 * microtask queued so far (and every microtask those queued) has run. The simulation has no real
 * I/O or timers, so nothing else can run in between and the order stays deterministic.
 * Cost here: about 1.2 us per call (see PERFORMANCE.md); the kernel calls it only after events
 * that may have resumed async code.
 */
export function settleMicrotasks(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
