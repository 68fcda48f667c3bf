import { localIso } from '../../legacy-fakes/local-time.ts';
import { fieldsOf } from '../kernel/trace-detail.ts';
import { stateKeyedBy } from './run-state.ts';
import { pointer, type CheckContext, type InvariantChecker } from './types.ts';

/** Per run: the distinct FOs assigned per `<nodeId>|<local date>`. */
const assignedOf = stateKeyedBy<CheckContext, Map<string, Set<string>>>(() => new Map());

/**
 * Incident 23 (a holiday spike overloads a store): no node is assigned more FOs on one of its
 * local calendar days than its `capacityPerDay`, counted from the orchestrator's own
 * `fulfillment.assigned` events, on the node's local day at the instant each was decided. An FO assigned to the same node
 * again the same day (back from an exception) is one FO, not two; nodes without a capacity are
 * not counted.
 */
export const capacityChecker: InvariantChecker = {
  name: 'routing.capacity-per-local-day',
  kinds: ['fulfillment.assigned'],
  onEvent(event, context, report) {
    if (event.kind !== 'fulfillment.assigned') return;
    const payload = fieldsOf(event);
    const nodeId = typeof payload.nodeId === 'string' ? payload.nodeId : '';
    const node = context.world.nodes.find((candidate) => candidate.nodeId === nodeId);
    if (node?.capacityPerDay === undefined) return;
    const foId = typeof payload.foId === 'string' ? payload.foId : event.ref;
    // The day the decision was made on: an event relayed after a restart may come after midnight.
    const day = localIso(context.world.occurredAtMs(event), node.timeZone).slice(0, 10);
    const key = `${nodeId}|${day}`;
    const assigned = assignedOf(context).get(key) ?? new Set<string>();
    assignedOf(context).set(key, assigned);
    if (assigned.has(foId)) return;
    assigned.add(foId);
    if (assigned.size === node.capacityPerDay + 1) {
      report({ invariant: this.name, orderId: event.orderId, detail: `${nodeId} was assigned ${assigned.size} FOs on its local day ${day} (the last: ${foId}); its capacity is ${node.capacityPerDay} a day`, firstBadEvent: pointer(event) });
    }
  },
};
