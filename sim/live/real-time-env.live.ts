/**
 * A FakeEnv on real time, for live mode: the fakes run unchanged, as real servers, on a clock
 * that may run faster than the wall. Simulated time is the start instant plus the real time
 * elapsed (monotonic, performance.now) times the speed; actions run on real timers, scaled.
 * Random streams are forked from a seed exactly as the simulation forks them
 * (`<source>.<name>`), so a fake draws the same sequences; the order of events, and so what
 * they draw, now depends on real timing (when requests come, how late a timer fires), and live
 * mode is not deterministic.
 */
import type { FakeEnv } from '../../legacy-fakes/env.ts';
import { RandomStreams } from '../kernel/random.ts';
import { Scheduler } from '../kernel/scheduler.ts';
import { LiveClock, wallNowMs } from './live-clock.live.ts';

/** One ground-truth change a fake recorded, as it happened. */
export interface LiveTraceRecord {
  /** Simulated epoch ms when it was recorded. */
  epochMs: number;
  /** The fake that recorded it (`pos`, `wms`). */
  source: string;
  kind: string;
  reference: string;
  detail: string;
}

export interface RealTimeEnvOptions {
  seed: number;
  /** The simulated instant at start (epoch ms): put a batch window a few seconds away. */
  startEpochMs: number;
  /** Simulated ms per real ms: 1 is real time, 60 a minute a second. */
  speed: number;
  /** The wall-clock instant (epoch ms) simulated time was `startEpochMs`; default: now. Another process given the same three numbers shares this clock. */
  originWallMs?: number;
  onTrace: (record: LiveTraceRecord) => void;
  /** A scheduled action threw. Live mode reports it and goes on: one bad job must not stop a server. */
  onError: (label: string, error: unknown) => void;
}

/** Then the event loop gets a turn: a job that keeps booking work due now must not starve the server. */
const ACTIONS_PER_TURN_MAX = 10_000;
/** Faster than this, one real ms of timer slack is more than a simulated quarter hour. */
export const SPEED_MAX = 1_000_000;

export class LiveEnvError extends Error {
  override readonly name = 'LiveEnvError';
}

export class RealTimeEnv {
  readonly clock: LiveClock;
  private readonly streams: RandomStreams;
  /** Booked actions by (simulated due ms, booking order), as the kernel orders events. */
  private readonly queue = new Scheduler();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;
  /** The instant the action or request being handled now began: the fakes see one instant per job, as in simulation. */
  private frozenMs: number | undefined;

  constructor(private readonly options: RealTimeEnvOptions) {
    if (!Number.isSafeInteger(options.startEpochMs) || options.startEpochMs < 0) throw new LiveEnvError(`startEpochMs: expected whole epoch ms, got ${options.startEpochMs}`);
    if (!(options.speed > 0 && options.speed <= SPEED_MAX)) throw new LiveEnvError(`speed: expected a number above 0 and at most ${SPEED_MAX}, got ${options.speed}`);
    this.streams = new RandomStreams(options.seed);
    this.clock = new LiveClock({ startEpochMs: options.startEpochMs, originWallMs: options.originWallMs ?? wallNowMs(), speed: options.speed });
  }

  get speed(): number {
    return this.options.speed;
  }

  /** Simulated epoch ms now; never goes back (timeOrigin plus the monotonic performance.now). */
  nowMs(): number {
    return this.frozenMs ?? this.clock.nowMs();
  }

  /**
   * Runs `work` at one instant: every `nowMs()` inside it reads the time it began. A fake's job
   * (a batch window, a snapshot) or its answer to a request happens at one instant in
   * simulation; on the wall clock it would straddle several (a snapshot stamped 00:00:11 in its
   * file and recorded as written at 00:00:12), and the checkers compare the two.
   */
  atOneInstant<T>(work: () => T): T {
    if (this.frozenMs !== undefined) return work();
    this.frozenMs = this.clock.nowMs();
    try {
      return work();
    } finally {
      this.frozenMs = undefined;
    }
  }

  /** How many real ms `simulatedMs` take at this speed. */
  realMs(simulatedMs: number): number {
    return simulatedMs / this.options.speed;
  }

  /** Actions booked and not yet run. */
  get pending(): number {
    return this.queue.size;
  }

  /**
   * Runs `action` once `delayMs` of simulated time has passed: never earlier (so a job that
   * books its next run from `nowMs()`, a daily batch window, cannot run twice), and in
   * (due time, booking order) like the kernel, even when many fall in one real millisecond.
   */
  schedule(label: string, delayMs: number, action: () => void): void {
    if (this.stopped) return;
    const head = this.queue.peek();
    const event = this.queue.add(this.nowMs() + Math.max(0, Math.ceil(delayMs)), label, action);
    if (head === undefined || event.atMs < head.atMs) this.arm();
  }

  /** Cancels every booked action; nothing runs afterwards. */
  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    while (this.queue.pop() !== undefined);
  }

  /** One real timer, for the earliest booked action. */
  private arm(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const head = this.queue.peek();
    if (head === undefined || this.stopped) return;
    // A wait past Node's limit is clamped and re-armed when that timer fires early.
    const waitMs = this.clock.timerMs(head.atMs - this.nowMs());
    this.timer = setTimeout(() => this.runDue(), waitMs);
  }

  /** Runs what is due (real timers may fire a little early: then nothing is, and it re-arms). */
  private runDue(): void {
    this.timer = undefined;
    const nowMs = this.nowMs();
    for (let ran = 0; ran < ACTIONS_PER_TURN_MAX && !this.stopped; ran += 1) {
      const head = this.queue.peek();
      if (head === undefined || head.atMs > nowMs) break;
      this.queue.pop();
      try {
        this.atOneInstant(head.action);
      } catch (error) {
        this.options.onError(head.label, error);
      }
    }
    this.arm();
  }

  /** The environment one fake (`pos`, `wms`) sees: streams and trace records carry its name. */
  fake(source: string): FakeEnv {
    return {
      nowMs: () => this.nowMs(),
      schedule: (label, delayMs, action) => this.schedule(label, delayMs, action),
      random: (name) => this.streams.stream(`${source}.${name}`),
      trace: {
        record: (kind, reference, detail) => this.options.onTrace({ epochMs: this.nowMs(), source, kind, reference, detail }),
      },
    };
  }

}

/** One line per record: simulated instant (UTC), source, kind, reference, detail. */
export function formatTraceLine(record: LiveTraceRecord): string {
  const reference = record.reference === '' ? '' : ` ${record.reference}`;
  return `${new Date(record.epochMs).toISOString()} ${record.source} ${record.kind}${reference} ${record.detail}`;
}

/** An error as a log line: its stack when it has one. */
export function describeError(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

/** The real-time environment the live commands run on: every trace record and job failure goes to `log`. */
export function loggingRealTimeEnv(options: { seed: number; startEpochMs: number; speed: number; originWallMs?: number; log: (line: string) => void }): RealTimeEnv {
  return new RealTimeEnv({
    seed: options.seed,
    startEpochMs: options.startEpochMs,
    speed: options.speed,
    ...(options.originWallMs === undefined ? {} : { originWallMs: options.originWallMs }),
    onTrace: (record) => options.log(formatTraceLine(record)),
    onError: (label, error) => options.log(`${label} failed: ${describeError(error)}`),
  });
}
