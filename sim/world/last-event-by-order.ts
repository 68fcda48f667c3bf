import type { TraceEvent } from '../kernel/trace.ts';
import type { EventPointer } from '../invariants/types.ts';

/**
 * Where each order's history stands: the last trace event naming it, kept as a pointer (index,
 * instant, kind) and not as the event with its text, so a million orders hold a million small
 * records. End-of-run findings point at it when nothing earlier went wrong.
 */
export class LastEventByOrder {
  private readonly pointers = new Map<string, EventPointer>();

  note(event: TraceEvent): void {
    if (event.orderId === '') return;
    const last = this.pointers.get(event.orderId);
    if (last === undefined) {
      this.pointers.set(event.orderId, { index: event.index, atMs: event.atMs, kind: event.kind });
      return;
    }
    // Updated in place: one record per order, not one per event.
    last.index = event.index;
    last.atMs = event.atMs;
    last.kind = event.kind;
  }

  /** A copy: the record itself keeps moving with the order. */
  of(orderId: string): EventPointer | null {
    const last = this.pointers.get(orderId);
    return last === undefined ? null : { ...last };
  }
}
