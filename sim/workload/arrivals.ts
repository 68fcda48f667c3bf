import type { RandomStream } from '../kernel/random.ts';
import { cumulativeMinuteWeights, type ArrivalShape } from './arrival-shape.ts';

const MINUTE_MS = 60_000;

/**
 * Exactly `count` arrival times over [0, durationMs), in increasing order, distributed by the
 * arrival shape (a diurnal curve with peak days and flash bursts, minute by minute). Generated one at a time in O(1) memory:
 * sorted uniforms by the sequential order-statistics method, mapped through the inverse of the
 * cumulative weight over the window.
 */
export class ArrivalSchedule {
  private readonly cumulative: Float64Array;
  private readonly total: number;
  private emitted = 0;
  private lastUniform = 0;

  constructor(
    private readonly random: RandomStream,
    readonly count: number,
    startEpochMs: number,
    private readonly durationMs: number,
    shape: ArrivalShape,
  ) {
    this.cumulative = cumulativeMinuteWeights(shape, startEpochMs, durationMs);
    this.total = this.cumulative[this.cumulative.length - 1] as number;
    if (!(this.total > 0)) throw new RangeError('the arrival weights are zero over the whole workload window');
  }

  get remaining(): number {
    return this.count - this.emitted;
  }

  /** The next arrival offset in ms, or undefined once all have been emitted. */
  next(): number | undefined {
    if (this.emitted >= this.count) return undefined;
    const left = this.count - this.emitted;
    // The minimum of `left` uniforms on [last, 1): last + (1 - last)(1 - U^(1/left)).
    this.lastUniform += (1 - this.lastUniform) * (1 - Math.pow(1 - this.random.next(), 1 / left));
    this.emitted++;
    return this.invert(this.lastUniform * this.total);
  }

  private invert(target: number): number {
    let low = 0;
    let high = this.cumulative.length - 1;
    while (high - low > 1) {
      const mid = (low + high) >> 1;
      if ((this.cumulative[mid] as number) <= target) low = mid;
      else high = mid;
    }
    const from = this.cumulative[low] as number;
    const width = (this.cumulative[high] as number) - from;
    const fraction = width > 0 ? (target - from) / width : 0;
    return Math.min(this.durationMs - 1, Math.floor((low + fraction) * MINUTE_MS));
  }
}
