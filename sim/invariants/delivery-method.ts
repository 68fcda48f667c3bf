import type { NodeSpec } from '../../orchestrator/plugin.ts';
import { fieldsOf, textField } from '../kernel/trace-detail.ts';
import { stateKeyedBy } from './run-state.ts';
import { pointer, type CheckContext, type InvariantChecker } from './types.ts';

/** Per run: the store each open pickup order is to be collected at, by order id (ship orders are not kept). */
const pickupStoreOf = stateKeyedBy<CheckContext, Map<string, string>>(() => new Map());

/** What is wrong with fulfilling the customer's delivery this way at this node, or '' if nothing. */
export function deliveryMismatch(node: NodeSpec | undefined, nodeId: string, method: string, pickupStoreId: string | undefined): string {
  if (node === undefined) return `${nodeId} is no node of the topology`;
  if (!(node.methods as readonly string[]).includes(method)) return `${nodeId} does not offer ${method} (it offers ${node.methods.join(', ')})`;
  if (pickupStoreId !== undefined) {
    if (method !== 'BOPIS' && method !== 'CURBSIDE') return `the customer chose to collect at ${pickupStoreId}, but it is sent ${method}`;
    if (nodeId !== pickupStoreId) return `the customer chose to collect at ${pickupStoreId}, not at ${nodeId}`;
    return '';
  }
  if (method === 'BOPIS' || method === 'CURBSIDE') return `the customer chose shipping, but it is held for ${method} at ${nodeId}`;
  if (node.kind === 'DC' && method !== 'SHIP_FROM_DC') return `a DC ships ${method}`;
  if (node.kind === 'STORE' && method !== 'SHIP_FROM_STORE') return `a store ships ${method}`;
  return '';
}

/**
 * Routing keeps to what the customer chose and what each node offers (docs/routing.md, "Always
 * enforced"): an FO goes only to a node of the topology that offers the method it is sent with;
 * a pickup only to the store the customer chose, for BOPIS or curbside (there is no consent to
 * substitute a store, nor to ship it instead); a shipment from a DC that ships, or a store that
 * ships from store; and every POS hold is placed for what the customer chose (SHIP or PICKUP).
 * A POS takes a hold of either purpose at any store and a customer collects wherever the pickup
 * is announced, so nothing else notices. Read at `fulfillment.assigned`, against the
 * scenario's nodes and the delivery the channel sent (as the world recorded it, not as the
 * orchestrator's `order.created` says; that too must match it).
 */
export const deliveryMethodChecker: InvariantChecker = {
  name: 'routing.node-offers-the-delivery',
  kinds: ['order.created', 'order.closed', 'pos.hold.created', 'fulfillment.assigned'],
  onEvent(event, context, report) {
    const pickups = pickupStoreOf(context);
    if (event.kind === 'order.created') {
      const payload = fieldsOf(event);
      const chosen = context.world.deliveryOf(textField(payload.channel), textField(payload.channelOrderId));
      if (chosen?.method === 'PICKUP') pickups.set(event.orderId, chosen.storeId);
      const said = textField(payload.delivery);
      const truth = chosen === undefined ? '' : chosen.method === 'PICKUP' ? `PICKUP@${chosen.storeId}` : 'SHIP';
      if (said !== '' && truth !== '' && said !== truth) {
        report({ invariant: this.name, orderId: event.orderId, detail: `the order was taken for ${said}, but the customer chose ${truth}`, firstBadEvent: pointer(event) });
      }
    } else if (event.kind === 'order.closed') {
      pickups.delete(event.orderId);
    } else if (event.kind === 'pos.hold.created') {
      // The hold's purpose tells the store's staff what to do with the units: pack them for a
      // courier (SHIP) or put them on the pickup shelf (PICKUP).
      // What the customer chose, as the channel sent it (a hold may come after its order closed: an orphan).
      const orderId = event.orderId === '' ? context.orderOf(event.ref) : event.orderId;
      const order = context.view.order(orderId);
      const chosen = order === undefined ? undefined : context.world.deliveryOf(order.channel, order.channelOrderId);
      const purpose = event.detail.slice(event.detail.lastIndexOf(' ') + 1);
      const expected = chosen?.method === 'PICKUP' ? 'PICKUP' : 'SHIP';
      if (chosen !== undefined && purpose !== expected) report({ invariant: this.name, orderId, detail: `hold for ${event.ref} was placed for ${purpose}, but the customer chose ${chosen.method === 'PICKUP' ? `to collect at ${chosen.storeId}` : 'shipping'}: the store would ${purpose === 'PICKUP' ? 'shelve it for a pickup nobody comes to' : 'pack it for a courier'}`, firstBadEvent: pointer(event) });
    } else if (event.kind === 'fulfillment.assigned') {
      const payload = fieldsOf(event);
      const nodeId = textField(payload.nodeId);
      const method = textField(payload.method);
      const node = context.world.nodes.find((candidate) => candidate.nodeId === nodeId);
      const wrong = deliveryMismatch(node, nodeId, method, pickups.get(event.orderId));
      if (wrong !== '') report({ invariant: this.name, orderId: event.orderId, detail: `${textField(payload.foId)} was assigned to ${nodeId} for ${method}: ${wrong}`, firstBadEvent: pointer(event) });
    }
  },
};
