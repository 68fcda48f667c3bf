import type { TraceEvent } from '../kernel/trace.ts';

/** The first place two histories part: the index, and each side's event there (null when that history had ended). */
export interface FirstDifference {
  index: number;
  recorded: TraceEvent | null;
  replayed: TraceEvent | null;
}

function sameEvent(a: TraceEvent, b: TraceEvent): boolean {
  return a.atMs === b.atMs && a.kind === b.kind && a.source === b.source && a.orderId === b.orderId && a.ref === b.ref && a.detail === b.detail;
}

/**
 * Compares a replay with a recording as the replay runs, keeping nothing but the first
 * difference. `recordedComplete` false means the recording holds only a prefix of the run:
 * past its end, nothing can be compared event by event (the trace hash still is).
 */
export class TraceDiff {
  private seen = 0;
  private difference: FirstDifference | null = null;
  /** The replay's first event past the end of a complete recording, if it went on longer. */
  private extra: TraceEvent | null = null;

  constructor(
    private readonly recorded: readonly TraceEvent[],
    private readonly recordedComplete: boolean,
  ) {}

  readonly listen = (event: TraceEvent): void => {
    const index = this.seen++;
    if (index === this.recorded.length) this.extra = event;
    if (this.difference !== null || index >= this.recorded.length) return;
    const expected = this.recorded[index];
    if (expected !== undefined && !sameEvent(expected, event)) this.difference = { index, recorded: expected, replayed: event };
  };

  /** After the run: the first difference, including one history ending before the other. */
  result(): FirstDifference | null {
    if (this.difference !== null) return this.difference;
    if (this.seen < this.recorded.length) return { index: this.seen, recorded: this.recorded[this.seen] ?? null, replayed: null };
    if (this.seen > this.recorded.length && this.recordedComplete) return { index: this.recorded.length, recorded: null, replayed: this.extra };
    return null;
  }

  get replayedEvents(): number {
    return this.seen;
  }
}
