/**
 * A scheduled event. `seq` breaks ties in insertion order, never by identity. It is its own
 * cancellation handle: a separate handle and closure per event showed in the allocation profile.
 */
export class ScheduledEvent {
  cancelled = false;

  constructor(
    readonly atMs: number,
    readonly seq: number,
    readonly label: string,
    readonly action: () => void,
  ) {}

  cancel(): void {
    this.cancelled = true;
  }
}

function before(a: ScheduledEvent, b: ScheduledEvent): boolean {
  return a.atMs < b.atMs || (a.atMs === b.atMs && a.seq < b.seq);
}

/** Binary min-heap keyed by (atMs, seq). */
export class Scheduler {
  private readonly heap: ScheduledEvent[] = [];
  private nextSeq = 0;

  get size(): number {
    return this.heap.length;
  }

  add(atMs: number, label: string, action: () => void): ScheduledEvent {
    if (!Number.isInteger(atMs) || atMs < 0) throw new RangeError(`event "${label}" needs a non-negative integer time, got ${atMs}`);
    const event = new ScheduledEvent(atMs, this.nextSeq++, label, action);
    const heap = this.heap;
    let index = heap.length;
    heap.push(event);
    while (index > 0) {
      const parent = (index - 1) >> 1;
      const parentEvent = heap[parent] as ScheduledEvent;
      if (!before(event, parentEvent)) break;
      heap[index] = parentEvent;
      index = parent;
    }
    heap[index] = event;
    return event;
  }

  peek(): ScheduledEvent | undefined {
    return this.heap[0];
  }

  pop(): ScheduledEvent | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined || heap.length === 0) return top;
    let index = 0;
    const length = heap.length;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= length) break;
      const right = left + 1;
      let child = left;
      if (right < length && before(heap[right] as ScheduledEvent, heap[left] as ScheduledEvent)) child = right;
      const childEvent = heap[child] as ScheduledEvent;
      if (!before(childEvent, last)) break;
      heap[index] = childEvent;
      index = child;
    }
    heap[index] = last;
    return top;
  }
}
