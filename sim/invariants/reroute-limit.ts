import { fieldsOf, textField } from '../kernel/trace-detail.ts';
import { stateKeyedBy } from './run-state.ts';
import { pointer, type CheckContext, type InvariantChecker } from './types.ts';

/** Per run: how often each FO was routed again after a node rejected it (FOs never re-routed are not kept). */
const reroutesOf = stateKeyedBy<CheckContext, Map<string, number>>(() => new Map());

/**
 * `maxReroutes`, in both directions: an FO a node rejected is routed again at most `maxReroutes`
 * times (a loop between nodes that keep rejecting it is bounded), and it is parked REROUTE_LIMIT
 * only once it was routed again that many times (parking it sooner hands a person an order that
 * another node could still serve, and the parking itself is justified by the owner's refusal, so
 * `exceptions.parked-for-a-real-cause` cannot tell). Counted per FO from its `reroute` transitions
 * against the scenario's `maxReroutes`.
 */
export const rerouteLimitChecker: InvariantChecker = {
  name: 'routing.reroutes-within-limit',
  kinds: ['fo.transitioned', 'exception.opened'],
  onEvent(event, context, report) {
    const counts = reroutesOf(context);
    const { maxReroutes } = context.world.timing;
    if (event.kind === 'fo.transitioned') {
      const payload = fieldsOf(event);
      const foId = textField(payload.foId);
      if (payload.event === 'reroute') {
        const count = (counts.get(foId) ?? 0) + 1;
        counts.set(foId, count);
        if (count === maxReroutes + 1) report({ invariant: this.name, orderId: event.orderId, detail: `${foId} was routed again after rejections ${count} times (maxReroutes ${maxReroutes})`, firstBadEvent: pointer(event) });
      } else if (payload.to === 'COMPLETED' || payload.to === 'CANCELLED') {
        counts.delete(foId);
      }
    } else if (event.kind === 'exception.opened') {
      const payload = fieldsOf(event);
      if (payload.category !== 'REROUTE_LIMIT') return;
      const foId = textField(payload.foId);
      const count = counts.get(foId) ?? 0;
      if (count < maxReroutes) report({ invariant: this.name, orderId: event.orderId, detail: `${foId} was parked REROUTE_LIMIT after ${count} re-routes; the limit is ${maxReroutes}`, firstBadEvent: pointer(event) });
    }
  },
};
