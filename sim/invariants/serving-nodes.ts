import type { NodeSpec, OrderView } from '../../orchestrator/plugin.ts';
import type { Delivery } from '../../orchestrator/model/types.ts';
import { isLiveStatus } from '../../legacy-fakes/pos/pos-fake.ts';
import type { CheckContext, OwnerStock } from './types.ts';

/** Some units of one SKU an order still needs. */
export interface UnitsNeeded {
  sku: string;
  quantity: number;
}

/** A node that could serve the units now, by its owner's books. */
export interface ServingNode {
  nodeId: string;
  available: number;
}

/**
 * Whether a node offers a way to deliver what the customer chose: a pickup only at the chosen
 * store (BOPIS or curbside); a shipment from a DC that ships or a store that ships. An order the
 * channel did not send (a test's own) counts as a shipment.
 */
export function offersDelivery(node: NodeSpec, delivery: Delivery | undefined): boolean {
  if (delivery?.method === 'PICKUP') return node.nodeId === delivery.storeId && (node.methods.includes('BOPIS') || node.methods.includes('CURBSIDE'));
  return node.kind === 'DC' ? node.methods.includes('SHIP_FROM_DC') : node.methods.includes('SHIP_FROM_STORE');
}

/**
 * (node, SKU) pairs whose owner refused this order's units: a store that rejected a hold or
 * refused to place one for lack of stock, a WMS
 * that rejected a release line or shipped it short (it cancelled the rest and will never ship
 * it). An orchestrator rightly stops asking there, so they serve nothing.
 */
export function refusedBy(context: CheckContext, stock: OwnerStock, order: OrderView): ReadonlySet<string> {
  const refused = new Set<string>();
  for (const fo of order.fulfillmentOrders) {
    for (const line of stock.wmsLinesOf(fo.foId)) if (line.status === 'REJECTED' || line.status === 'SHORT_SHIPPED') refused.add(`${line.dcId}|${line.sku}`);
    for (const line of fo.lines) {
      if (line.externalRef === '') continue;
      for (const { storeId, hold } of context.pos.holdsWithReference(line.externalRef)) if (hold.status === 'REJECTED') refused.add(`${storeId}|${hold.sku}`);
      for (const storeId of context.pos.storesRefusing(line.externalRef)) refused.add(`${storeId}|${line.sku}`);
    }
  }
  return refused;
}

/**
 * The nodes that could serve the units now, by their owners' books: they offer the order's
 * delivery, are not cut off by an outage, did not refuse this order's SKU, and have the units to
 * spare above safety stock.
 */
export function nodesThatCouldServe(context: CheckContext, stock: OwnerStock, order: OrderView, needed: UnitsNeeded, refused: ReadonlySet<string>, committed: ReadonlyMap<string, number> = new Map()): ServingNode[] {
  const delivery = context.world.deliveryOf(order.channel, order.channelOrderId);
  const now = context.world.nowMs();
  const serving: ServingNode[] = [];
  for (const node of context.world.nodes) {
    if (!offersDelivery(node, delivery) || context.world.isOffline(node.nodeId, now) || refused.has(`${node.nodeId}|${needed.sku}`)) continue;
    const available = stock.available(node.nodeId, needed.sku) - (committed.get(`${node.nodeId}|${needed.sku}`) ?? 0);
    if (available >= needed.quantity) serving.push({ nodeId: node.nodeId, available });
  }
  return serving;
}

/** The units of an FO not yet shipped, picked up or cancelled, per line. */
export function openUnits(fo: OrderView['fulfillmentOrders'][number]): (UnitsNeeded & { lineNo: number })[] {
  return fo.lines
    .map((line) => ({ lineNo: line.lineNo, sku: line.sku, quantity: line.quantity - line.shipped - line.pickedUp - line.cancelled }))
    .filter((line) => line.quantity > 0);
}

/**
 * Units the orchestrator has promised at each node (`<nodeId>|<sku>`) that the owner does not
 * count yet: lines of open FOs at a DC that no WMS line holds (allocated, not released or not read
 * yet), lines at a store with no live hold there. The owners' books alone would offer those units
 * twice. Read from the open orders, so only when a question needs it (it walks them all).
 */
export function pendingCommitments(context: CheckContext, stock: OwnerStock): Map<string, number> {
  const committed = new Map<string, number>();
  const open = context.view.openOrders?.() ?? context.view.orders();
  for (const order of open) {
    if (order.closed) continue;
    for (const fo of order.fulfillmentOrders) {
      if (fo.terminal || fo.nodeId === '') continue;
      for (const line of fo.lines) {
        const units = line.quantity - line.shipped - line.pickedUp - line.cancelled;
        if (units <= 0 || ownerCounts(context, stock, fo.foId, fo.nodeId, line)) continue;
        const key = `${fo.nodeId}|${line.sku}`;
        committed.set(key, (committed.get(key) ?? 0) + units);
      }
    }
  }
  return committed;
}

/** Whether the owner already keeps the line's units off what it could promise (a WMS line, a live hold). */
function ownerCounts(context: CheckContext, stock: OwnerStock, foId: string, nodeId: string, line: { lineNo: number; externalRef: string }): boolean {
  if (stock.wmsLinesOf(foId).some((wms) => wms.dcId === nodeId && wms.lineNo === line.lineNo)) return true;
  return line.externalRef !== '' && context.pos.holdsWithReference(line.externalRef).some(({ storeId, hold }) => storeId === nodeId && isLiveStatus(hold.status));
}
