import type { TraceEvent } from '../kernel/trace.ts';
import { stateKeyedBy } from './run-state.ts';
import { pointer, type CheckContext, type EventPointer } from './types.ts';

interface Pointers {
  /** Per gateway attempt (by its seq): the trace event just before the world noticed it, i.e. the request's own. */
  at: EventPointer[];
  last: TraceEvent | null;
}

const pointersOf = stateKeyedBy<CheckContext, Pointers>(() => ({ at: [], last: null }));

/**
 * Where each POST the card gateway received happened in the trace, so a finding about a gateway
 * attempt (found at the end, from the gateway's log) points at the request itself. One record per
 * run, shared by the checkers that read it (it is kept for every attempt of the run): each feeds
 * it every traced event, and a second note of the same event is skipped, as the gateway's count
 * has not moved since the first.
 */
export const gatewayAttemptPointers: { note(event: TraceEvent, context: CheckContext): void; at(seq: number, context: CheckContext): EventPointer | null } = {
  note(event, context) {
    const run = pointersOf(context);
    if (run.last === event) return; // the other checker's note of this event: the count has not moved since
    const count = context.payment.attemptCount();
    if (count > run.at.length) {
      const at = pointer(run.last ?? event);
      while (run.at.length < count) run.at.push(at);
    }
    run.last = event;
  },
  at: (seq, context) => pointersOf(context).at[seq] ?? null,
};
