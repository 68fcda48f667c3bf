import type { TraceEvent } from '../kernel/trace.ts';
import { fieldsOf } from '../kernel/trace-detail.ts';
import { pointer, type InvariantChecker } from './types.ts';
import { stateKeyedBy } from './run-state.ts';

interface Transition {
  foId: string;
  from: string;
  to: string;
}

function parse(event: TraceEvent): Transition | undefined {
  const value = fieldsOf(event);
  return typeof value.foId === 'string' && typeof value.from === 'string' && typeof value.to === 'string' ? { foId: value.foId, from: value.from, to: value.to } : undefined;
}

/** FOs with a cancel request nobody has answered yet (neither cancelled nor cancel-rejected). */
const unansweredIn = stateKeyedBy<object, Set<string>>(() => new Set());

/**
 * Incident 4 (cancel after the store picked): read from the orchestrator's published
 * transitions, an FO with a cancel request is never shipped or handed over until the request
 * was answered with a cancel-rejected step.
 */
export const cancelRaceChecker: InvariantChecker = {
  name: 'cancel.never-fulfilled-while-requested',
  kinds: ['fo.transitioned'],
  onEvent(event, context, report) {
    if (event.kind !== 'fo.transitioned') return;
    const transition = parse(event);
    if (transition === undefined) return;
    const open = unansweredIn(context);
    if (transition.to === 'SHIPPED' || transition.to === 'PICKED_UP') {
      if (transition.from === 'CANCEL_REQUESTED' || open.has(transition.foId)) {
        report({ invariant: this.name, orderId: event.orderId, detail: `${transition.foId} went ${transition.from} -> ${transition.to} while its cancel request was unanswered (no CANCEL_REJECTED first)`, firstBadEvent: pointer(event) });
      }
    }
    if (transition.to === 'CANCEL_REQUESTED') open.add(transition.foId);
    else if (transition.from === 'CANCEL_REQUESTED') open.delete(transition.foId);
  },
};
