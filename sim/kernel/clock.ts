/**
 * Virtual time: integer milliseconds since the scenario's start instant. The start instant is a
 * real calendar date, so time zones, batch windows and holidays mean something.
 */
export class VirtualClock {
  private offsetMs = 0;

  constructor(readonly startEpochMs: number) {
    if (!Number.isInteger(startEpochMs)) throw new RangeError(`start instant must be integer epoch ms, got ${startEpochMs}`);
  }

  /** Milliseconds since the start instant. */
  get elapsedMs(): number {
    return this.offsetMs;
  }

  /** Epoch milliseconds (UTC) of the current virtual instant. */
  nowMs(): number {
    return this.startEpochMs + this.offsetMs;
  }

  /** Moves time forward. Time never goes back: that would be a kernel bug, so it throws. */
  advanceTo(offsetMs: number): void {
    if (!Number.isInteger(offsetMs)) throw new RangeError(`virtual time is whole milliseconds, got ${offsetMs}`);
    if (offsetMs < this.offsetMs) {
      throw new Error(`virtual clock cannot go back: at ${this.offsetMs} ms, asked for ${offsetMs} ms`);
    }
    this.offsetMs = offsetMs;
  }
}
