import type { TraceEvent } from '../kernel/trace.ts';
import { stateKeyedBy } from './run-state.ts';
import { pointer, type CheckContext, type EventPointer } from './types.ts';

interface Pointers {
  /** Per gateway attempt (by its seq): the trace event just before the world noticed it, i.e. the request's own. */
  at: EventPointer[];
  last: TraceEvent | null;
}

/**
 * Where each POST the card gateway received happened in the trace, so a finding about a gateway
 * attempt (found at the end, from the gateway's log) points at the request itself. Each checker
 * that needs it makes its own with `gatewayAttemptPointers()`, feeds it every traced event and
 * reads it at the end.
 */
export function gatewayAttemptPointers(): { note(event: TraceEvent, context: CheckContext): void; at(seq: number, context: CheckContext): EventPointer | null } {
  const pointers = stateKeyedBy<CheckContext, Pointers>(() => ({ at: [], last: null }));
  return {
    note(event, context) {
      const run = pointers(context);
      const count = context.payment.attemptCount();
      if (count > run.at.length) {
        const at = pointer(run.last ?? event);
        while (run.at.length < count) run.at.push(at);
      }
      run.last = event;
    },
    at: (seq, context) => pointers(context).at[seq] ?? null,
  };
}
