/** One sample of the world, taken at a bucket boundary of simulated time. */
export interface SeriesPoint {
  atMs: number;
  /** Disagreeing orders by category (see drift.ts). */
  drift: Record<string, number>;
  /** FOs by their last published state. */
  foStates: Record<string, number>;
  /** Open exception-queue items by SLA tier. */
  exceptionsByTier: Record<string, number>;
  /** Age of the oldest open exception-queue item, simulated ms (0 when none is open). */
  oldestExceptionMs: number;
}

/** Series start with samples every 15 simulated minutes. */
export const FIRST_BUCKET_MS = 15 * 60_000;
/** At most this many points: past it, every other point goes and the bucket doubles. */
export const MAX_POINTS = 1024;

/**
 * Samples the world on simulated time, bounded: a long run keeps MAX_POINTS points at a coarser
 * step rather than growing without end.
 */
export class SeriesSampler {
  readonly points: SeriesPoint[] = [];
  private bucketMs = FIRST_BUCKET_MS;
  private nextAtMs = 0;

  constructor(private readonly sample: (atMs: number) => SeriesPoint) {}

  get stepMs(): number {
    return this.bucketMs;
  }

  /** Before an event at `atMs` is folded in: samples every boundary the clock has passed. */
  advanceTo(atMs: number): void {
    if (atMs < this.nextAtMs) return;
    // The state is the same at every boundary crossed without an event: one sample, at the last.
    const boundary = this.nextAtMs + Math.floor((atMs - this.nextAtMs) / this.bucketMs) * this.bucketMs;
    this.push(this.sample(boundary));
    this.nextAtMs = boundary + this.bucketMs;
  }

  /** The state at the end of the history, whatever the bucket. */
  finish(atMs: number): void {
    const last = this.points.at(-1);
    if (last === undefined || last.atMs < atMs) this.push(this.sample(atMs));
  }

  private push(point: SeriesPoint): void {
    this.points.push(point);
    if (this.points.length <= MAX_POINTS) return;
    const kept = this.points.filter((_, i) => i % 2 === 0);
    this.points.length = 0;
    this.points.push(...kept);
    this.bucketMs *= 2;
  }
}

/** Samples of a duration, bounded: past `limit` the rest are counted but not kept. */
export class Samples {
  readonly values: number[] = [];
  dropped = 0;

  constructor(private readonly limit = 200_000) {}

  add(value: number): void {
    if (this.values.length < this.limit) this.values.push(value);
    else this.dropped++;
  }
}
