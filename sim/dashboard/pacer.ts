/** Thrown out of the pause hook when the person quits: the run stops where it is, with no verdict. */
export class DashboardQuit extends Error {
  override readonly name = 'DashboardQuit';
  constructor() {
    super('quit from the dashboard before the run finished');
  }
}

/** Speeds a person can pick with + and -: simulated seconds per wall second; Infinity runs flat out. */
export const SPEEDS: readonly number[] = [60, 600, 3_600, 21_600, 86_400, Number.POSITIVE_INFINITY];

export interface PacerOptions {
  /** Wall clock, ms (performance.now). */
  now: () => number;
  /** Wall-clock wait (setTimeout). */
  sleep: (ms: number) => Promise<void>;
  /** One turn of the event loop, so frames render and keys arrive (setImmediate). */
  yieldTurn: () => Promise<void>;
  /** Virtual ms of the latest traced event. */
  simNowMs: () => number;
  /** Trace events so far: a step ends when it has grown. */
  traceEvents: () => number;
  /** Index into SPEEDS. */
  speedIndex?: number;
  /** Give the event loop a turn at least this often, wall ms. */
  yieldEveryMs?: number;
  /** A step gives up after this many kernel events that traced nothing. */
  maxStepEvents?: number;
}

export type PacerMode = 'running' | 'paused' | 'stepping' | 'quitting';

/**
 * The kernel's pause hook for a dashboard (RunLimits.pause): called between two kernel events,
 * it may hold the run (paused), let one batch through (step), slow it to a chosen speed, or
 * just give the event loop a turn so the screen and the keyboard stay alive. Waiting here never
 * changes what the world does next: nothing in it runs meanwhile.
 *
 * A step is one batch: kernel events up to and including the first that records anything in the
 * trace (one event and every microtask it set off), so each press shows a change.
 */
export class Pacer {
  private mode: PacerMode = 'running';
  private speed: number;
  private lastYieldMs: number;
  private wallAnchorMs: number;
  private simAnchorMs: number;
  private stepFromEvents = 0;
  private stepCalls = 0;
  private readonly waiters: { resolve: () => void; reject: (error: Error) => void }[] = [];
  private readonly holdListeners = new Set<() => void>();
  private readonly yieldEveryMs: number;
  private readonly maxStepEvents: number;

  constructor(private readonly options: PacerOptions) {
    this.speed = Math.min(SPEEDS.length - 1, Math.max(0, options.speedIndex ?? SPEEDS.length - 1));
    this.yieldEveryMs = options.yieldEveryMs ?? 20;
    this.maxStepEvents = options.maxStepEvents ?? 10_000;
    this.lastYieldMs = options.now();
    this.wallAnchorMs = this.lastYieldMs;
    this.simAnchorMs = 0;
  }

  get state(): { mode: PacerMode; speed: number; speedIndex: number } {
    return { mode: this.mode, speed: SPEEDS[this.speed] ?? Number.POSITIVE_INFINITY, speedIndex: this.speed };
  }

  /** The hook: pass it as `pause` to simulate(). */
  readonly pause = (): Promise<void> | undefined => {
    switch (this.mode) {
      case 'quitting':
        return Promise.reject(new DashboardQuit());
      case 'paused':
        return this.waitForKey();
      case 'stepping':
        this.stepCalls++;
        if (this.options.traceEvents() > this.stepFromEvents || this.stepCalls > this.maxStepEvents) {
          this.mode = 'paused';
          return this.waitForKey();
        }
        return undefined;
      case 'running':
        return this.pace();
    }
  };

  togglePause(): void {
    if (this.mode === 'running') this.mode = 'paused';
    else if (this.mode === 'paused' || this.mode === 'stepping') {
      this.mode = 'running';
      this.anchor();
      this.wake();
    }
  }

  /** Pauses if running, then lets one batch through. */
  step(): void {
    if (this.mode === 'quitting') return;
    this.mode = 'stepping';
    this.stepFromEvents = this.options.traceEvents();
    this.stepCalls = 0;
    this.wake();
  }

  faster(): void {
    this.speed = Math.min(SPEEDS.length - 1, this.speed + 1);
    this.anchor();
  }

  slower(): void {
    this.speed = Math.max(0, this.speed - 1);
    this.anchor();
  }

  /**
   * Calls `listener` each time the run stops at a boundary (paused, or a step's batch done). The
   * run goes on after a key until the next boundary, so a frame drawn at the key shows a state
   * from before the pause point: the screen redraws here, when nothing moves any more.
   * Returns the unsubscribe.
   */
  onHold(listener: () => void): () => void {
    this.holdListeners.add(listener);
    return () => this.holdListeners.delete(listener);
  }

  quit(): void {
    this.mode = 'quitting';
    for (const waiter of this.waiters.splice(0)) waiter.reject(new DashboardQuit());
  }

  private pace(): Promise<void> | undefined {
    const now = this.options.now();
    const speed = SPEEDS[this.speed] ?? Number.POSITIVE_INFINITY;
    if (Number.isFinite(speed)) {
      // Virtual ms may run `speed` times faster than wall ms since the last anchor.
      const aheadMs = this.options.simNowMs() - this.simAnchorMs - (now - this.wallAnchorMs) * speed;
      if (aheadMs > 0) {
        this.lastYieldMs = now;
        return this.options.sleep(Math.min(100, Math.max(1, aheadMs / speed)));
      }
    }
    if (now - this.lastYieldMs < this.yieldEveryMs) return undefined;
    this.lastYieldMs = now;
    return this.options.yieldTurn();
  }

  private anchor(): void {
    this.wallAnchorMs = this.options.now();
    this.simAnchorMs = this.options.simNowMs();
  }

  private waitForKey(): Promise<void> {
    const held = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    for (const listener of this.holdListeners) listener();
    return held;
  }

  private wake(): void {
    for (const waiter of this.waiters.splice(0)) waiter.resolve();
  }
}
