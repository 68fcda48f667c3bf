import { VirtualClock } from './clock.ts';
import { RandomStreams } from './random.ts';
import { Scheduler } from './scheduler.ts';
import { settleMicrotasks } from './settle.node.ts';
import { Trace } from './trace.ts';

export interface KernelOptions {
  seed: number;
  startEpochMs: number;
}

export interface Cancellable {
  cancel(): void;
}

export interface RunLimits {
  /** Stop before the first event later than this (virtual ms since start). */
  untilMs: number;
  /** Upper bound on events, so a runaway world cannot loop forever. */
  maxEvents: number;
  /** Called between events; returning true stops the run early (after the current event). */
  shouldStop?: () => boolean;
  /**
   * Called between events, after every microtask has settled; a returned promise is awaited
   * before the next event (a dashboard pacing the run, or holding it paused). Nothing in the
   * world can run meanwhile, so waiting here never changes the history.
   */
  pause?: () => Promise<void> | undefined;
}

export interface RunStats {
  events: number;
  stoppedAtMs: number;
  reason: 'until' | 'drained' | 'max-events' | 'stopped';
}

/**
 * The deterministic world's engine: a virtual clock, a (time, seq) scheduler, named random
 * streams and the trace. Async code runs deterministically: after each event, every microtask it
 * started settles before the next event runs, and the clock never moves while any is pending.
 */
export class SimKernel {
  readonly clock: VirtualClock;
  readonly random: RandomStreams;
  readonly trace = new Trace();
  private readonly scheduler = new Scheduler();
  private readonly external = new Set<Promise<unknown>>();
  private eventsRun = 0;
  /** The first failure of work nobody awaits (`detach`): the run stops with it. */
  private detachedFailure: { error: unknown } | undefined;

  constructor(options: KernelOptions) {
    this.clock = new VirtualClock(options.startEpochMs);
    this.random = new RandomStreams(options.seed);
  }

  get elapsedMs(): number {
    return this.clock.elapsedMs;
  }

  get eventsExecuted(): number {
    return this.eventsRun;
  }

  get pendingEvents(): number {
    return this.scheduler.size;
  }

  /** Schedules `action` after `delayMs` of virtual time (0 = later in this instant). */
  schedule(label: string, delayMs: number, action: () => void): Cancellable {
    if (!(delayMs >= 0)) throw new RangeError(`"${label}" scheduled with a negative delay (${delayMs} ms)`);
    return this.scheduler.add(this.clock.elapsedMs + Math.ceil(delayMs), label, action);
  }

  /** Schedules at an absolute virtual time, which must not be in the past. */
  scheduleAt(label: string, atMs: number, action: () => void): Cancellable {
    if (atMs < this.clock.elapsedMs) throw new RangeError(`"${label}" scheduled in the past: ${atMs} < ${this.clock.elapsedMs}`);
    return this.scheduler.add(atMs, label, action);
  }

  /**
   * Registers real asynchronous work started inside an event (an msw-intercepted fetch, a real
   * server round trip). The kernel waits for it to finish, and for everything it triggers to
   * settle, before the next event, so virtual time does not move while it is in flight.
   */
  track<T>(work: Promise<T>): Promise<T> {
    this.external.add(work);
    const forget = (): void => {
      this.external.delete(work);
    };
    work.then(forget, forget);
    return work;
  }

  /**
   * Work the harness starts inside an event and does not await (a customer's follow-up request,
   * a command's answer on its way back). Its failure is a bug of the harness: the run stops at the
   * next event and \`run\` rejects with it, instead of the failure surfacing as an unhandled
   * rejection after the verdict (or never).
   */
  detach(work: Promise<unknown>): void {
    work.then(undefined, (error: unknown) => {
      this.detachedFailure ??= { error };
    });
  }

  /** Runs events in (time, seq) order until a limit is reached. */
  async run(limits: RunLimits): Promise<RunStats> {
    if (!Number.isInteger(limits.untilMs) || limits.untilMs < this.clock.elapsedMs) {
      throw new RangeError(`run(): untilMs must be a whole number of ms not before now (${this.clock.elapsedMs}), got ${limits.untilMs}`);
    }
    if (!Number.isInteger(limits.maxEvents) || limits.maxEvents < 0) throw new RangeError(`run(): maxEvents must be a whole number, got ${limits.maxEvents}`);
    await settleMicrotasks();
    for (;;) {
      if (this.detachedFailure !== undefined) throw this.detachedFailure.error;
      if (this.eventsRun >= limits.maxEvents) return this.stats('max-events');
      if (limits.shouldStop?.() === true) return this.stats('stopped');
      const paused = limits.pause?.();
      if (paused !== undefined) await paused;
      const next = this.scheduler.peek();
      if (next === undefined) return this.stats('drained');
      if (next.atMs > limits.untilMs) {
        this.clock.advanceTo(limits.untilMs);
        return this.stats('until');
      }
      this.scheduler.pop();
      if (next.cancelled) continue;
      this.clock.advanceTo(next.atMs);
      this.eventsRun++;
      next.action();
      await settleMicrotasks();
      while (this.external.size > 0) {
        await Promise.allSettled([...this.external]);
        await settleMicrotasks();
      }
    }
  }

  private stats(reason: RunStats['reason']): RunStats {
    return { events: this.eventsRun, stoppedAtMs: this.clock.elapsedMs, reason };
  }
}
