import type { FoView, NodeSpec } from '../../orchestrator/plugin.ts';
import { isLiveStatus } from '../../legacy-fakes/pos/pos-fake.ts';
import { fieldsOf, textField } from '../kernel/trace-detail.ts';
import type { TraceEvent } from '../kernel/trace.ts';
import { stateKeyedBy } from './run-state.ts';
import { pointer, type CheckContext, type Finding, type InvariantChecker } from './types.ts';

/** An FO the orchestrator assigned to a node, with the units of each SKU it took there. */
interface Assigned {
  nodeId: string;
  orderId: string;
  units: ReadonlyMap<string, number>;
  lineNos: readonly number[];
  /** Units of each SKU the WMS shipped of it since (off its on hand, so no longer claimed). */
  shipped: Map<string, number>;
}

interface RunState {
  /** Per FO id: where it is and what it took there (only while it is open there). */
  assigned: Map<string, Assigned>;
  /** Per `<nodeId>|<sku>`: units open FOs there took when assigned, less what the WMS shipped of them (an upper bound on what they still claim). */
  claimed: Map<string, number>;
  /** Per `<nodeId>|<sku>`: the open FOs there that took some of it. */
  holders: Map<string, Set<string>>;
  /** Per `<storeId>|<sku>`: in-store sales the store booked, which no protocol tells the orchestrator of. */
  salesBooked: Map<string, number>;
  /** Per `<foId>:<lineNo>` of an FO open at a DC: units the WMS shipped (its books, ahead of the confirmation the orchestrator reads). */
  wmsShipped: Map<string, number>;
  /** Each DC's on hand, read once per change (the WMS's books change only when it ships). */
  dcOnHand: ReadonlyMap<string, ReadonlyMap<string, number>> | null;
  /** Per open order: its lines as `order.created` listed them (line number -> SKU and units). */
  orderLines: Map<string, ReadonlyMap<number, { sku: string; quantity: number }>>;
  /** The latest routing decision: its order and, per node, the line numbers it sends there. */
  decision: { orderId: string; legs: ReadonlyMap<string, readonly number[]> } | null;
}

const stateOf = stateKeyedBy<CheckContext, RunState>(() => ({ assigned: new Map(), claimed: new Map(), holders: new Map(), salesBooked: new Map(), wmsShipped: new Map(), dcOnHand: null, orderLines: new Map(), decision: null }));

/** States in which an FO takes nothing from its node's on hand any more: closed, or every unit gone out. */
const DONE: ReadonlySet<string> = new Set(['COMPLETED', 'CANCELLED', 'SHIPPED', 'PICKED_UP']);
/** `S1 SKU-007x2` (a sale booked at once) or `S1 SKU-007x2 buffered` (kept until the store is back online). */
const SALE = /^(\S+) (\S+)x(\d+)( buffered)?$/;
/** `S1 3 sales SKU-1x2 SKU-4x1 ...` */
const FORWARDED = /^(\S+) \d+ sales ?(.*)$/;
const UNITS = /^(\S+)x(\d+)$/;
/** `DC1 SHP-... SKU-007x2` */
const WMS_SHIPPED = /^(\S+) \S+ (\S+)x(\d+)$/;

/** A node's SKU, the key of `claimed`, `holders` and `salesBooked`. */
const claimKey = (nodeId: string, sku: string): string => `${nodeId}|${sku}`;

function add(map: Map<string, number>, key: string, units: number): void {
  const total = (map.get(key) ?? 0) + units;
  if (total === 0) map.delete(key);
  else map.set(key, total);
}

/** Forgets an FO's claim at its node (it left, or closed). */
function drop(state: RunState, foId: string): void {
  const assigned = state.assigned.get(foId);
  if (assigned === undefined) return;
  state.assigned.delete(foId);
  for (const lineNo of assigned.lineNos) state.wmsShipped.delete(`${foId}:${lineNo}`);
  for (const [sku, units] of assigned.units) {
    const key = claimKey(assigned.nodeId, sku);
    add(state.claimed, key, -(units - (assigned.shipped.get(sku) ?? 0)));
    const holders = state.holders.get(key);
    holders?.delete(foId);
    if (holders?.size === 0) state.holders.delete(key);
  }
}

/** The WMS shipped units of an FO it holds: off its on hand, and off what the FO claims. */
function shippedAtDc(state: RunState, foId: string, reference: string, sku: string, units: number): void {
  const assigned = state.assigned.get(foId);
  if (assigned === undefined) return;
  add(state.wmsShipped, reference, units);
  const claimedBefore = (assigned.units.get(sku) ?? 0) - (assigned.shipped.get(sku) ?? 0);
  const less = Math.min(units, Math.max(0, claimedBefore));
  assigned.shipped.set(sku, (assigned.shipped.get(sku) ?? 0) + less);
  add(state.claimed, claimKey(assigned.nodeId, sku), -less);
}

/** Remembers what an FO took at its node. */
function hold(state: RunState, foId: string, assigned: Assigned): void {
  state.assigned.set(foId, assigned);
  for (const [sku, units] of assigned.units) {
    const key = claimKey(assigned.nodeId, sku);
    add(state.claimed, key, units);
    const holders = state.holders.get(key);
    if (holders === undefined) state.holders.set(key, new Set([foId]));
    else holders.add(foId);
  }
}

/** Open units per SKU of an FO, as the orchestrator's view shows it now. */
function openUnitsBySku(fo: FoView): Map<string, number> {
  const units = new Map<string, number>();
  for (const line of fo.lines) {
    const open = line.quantity - line.shipped - line.pickedUp - line.cancelled;
    if (open > 0) units.set(line.sku, (units.get(line.sku) ?? 0) + open);
  }
  return units;
}

/**
 * Incident 24 (promising below safety stock): routing never leaves a node with less than its
 * safety stock, by the owner's own books, at the instant it assigns an FO there. Safety stock is
 * invisible to the owners (a POS takes a hold while the shelf has the units), so nothing else
 * notices a router that ignores it: every order still closes.
 *
 * The owner's books are taken in the orchestrator's favour, so only a router that ignored the
 * safety stock (or promised units it knew were gone) is caught, never one that could not know:
 * - a store: its shelf (on hand), plus every in-store sale it booked (no protocol tells the
 *   orchestrator of walk-in sales), less the open units of FOs there that it holds live or that
 *   are still being placed (ALLOCATED); units it shipped or handed over already left the shelf;
 * - a DC: its on hand, less the open units of FOs there the WMS has not shipped yet.
 * Holds nobody owns (ghost successes, duplicates) are not counted against the router: it could
 * not know of them. Checked at `fulfillment.assigned`, when the event is relayed at the instant
 * the decision was made; one relayed after a restart is skipped (the books have moved on).
 */
export const safetyStockChecker: InvariantChecker = {
  name: 'routing.safety-stock-kept',
  kinds: ['pos.sale', 'pos.sales.forwarded', 'wms.line.shipped', 'fo.transitioned', 'order.created', 'order.closed', 'routing.decided', 'fulfillment.assigned'],
  onEvent(event, context, report) {
    const state = stateOf(context);
    switch (event.kind) {
      case 'pos.sale':
        recordSale(state, event.detail);
        return;
      case 'pos.sales.forwarded':
        recordForwarded(state, event.detail);
        return;
      case 'wms.line.shipped': {
        const match = WMS_SHIPPED.exec(event.detail);
        const foId = event.ref.slice(0, event.ref.lastIndexOf(':'));
        // Kept while the FO is open there: once it is done, nothing of it is claimed any more.
        if (match !== null) shippedAtDc(state, foId, event.ref, match[2] ?? '', Number(match[3]));
        state.dcOnHand = null;
        return;
      }
      case 'fo.transitioned': {
        const payload = fieldsOf(event);
        const foId = textField(payload.foId);
        const assigned = state.assigned.get(foId);
        if (assigned !== undefined && (DONE.has(textField(payload.to)) || textField(payload.nodeId) !== assigned.nodeId)) drop(state, foId);
        return;
      }
      case 'order.created':
        state.orderLines.set(event.orderId, orderLinesOf(textField(fieldsOf(event).lines)));
        return;
      case 'order.closed':
        state.orderLines.delete(event.orderId);
        return;
      case 'routing.decided':
        state.decision = { orderId: event.orderId, legs: legsOf(textField(fieldsOf(event).assignments)) };
        return;
      case 'fulfillment.assigned':
        onAssigned(this.name, event, context, state, report);
        return;
      default:
    }
  },
};

/** `SKU-1x2 SKU-3x1` -> line 1: SKU-1 x2, line 2: SKU-3 x1 (lines are numbered from 1, as the order lists them). */
function orderLinesOf(text: string): Map<number, { sku: string; quantity: number }> {
  const lines = new Map<number, { sku: string; quantity: number }>();
  text.split(' ').forEach((part, index) => {
    const match = UNITS.exec(part);
    if (match !== null) lines.set(index + 1, { sku: match[1] ?? '', quantity: Number(match[2]) });
  });
  return lines;
}

/** `DC1:SHIP_FROM_DC:1+2 S1:BOPIS:3` -> DC1: [1, 2], S1: [3]. */
function legsOf(assignments: string): Map<string, number[]> {
  const legs = new Map<string, number[]>();
  for (const part of assignments.split(' ')) {
    const [nodeId, , lineNos] = part.split(':');
    if (nodeId !== undefined && lineNos !== undefined) legs.set(nodeId, lineNos.split('+').map(Number));
  }
  return legs;
}

/**
 * What an FO took, per SKU, and its line numbers: from its routing decision and its order's lines
 * (the order's units bound the FO's, which a cancel or a short ship may have cut), so the view is
 * not read for every assignment; from the view when the decision does not say.
 */
function takenBy(context: CheckContext, state: RunState, event: TraceEvent, foId: string, nodeId: string): { units: Map<string, number>; lineNos: number[] } | undefined {
  const lineNos = state.decision?.orderId === event.orderId ? state.decision.legs.get(nodeId) : undefined;
  const lines = state.orderLines.get(event.orderId);
  if (lineNos !== undefined && lines !== undefined && lineNos.every((lineNo) => lines.has(lineNo))) {
    const units = new Map<string, number>();
    for (const lineNo of lineNos) {
      const line = lines.get(lineNo) as { sku: string; quantity: number };
      units.set(line.sku, (units.get(line.sku) ?? 0) + line.quantity);
    }
    return { units, lineNos: [...lineNos] };
  }
  const fo = foOf(context, event.orderId, foId);
  return fo === undefined ? undefined : { units: openUnitsBySku(fo), lineNos: fo.lines.map((line) => line.lineNo) };
}

function foOf(context: CheckContext, orderId: string, foId: string): FoView | undefined {
  return context.view.order(orderId)?.fulfillmentOrders.find((candidate) => candidate.foId === foId);
}

function recordSale(state: RunState, detail: string): void {
  const match = SALE.exec(detail);
  if (match === null || match[4] !== undefined) return; // a buffered sale reaches the books when forwarded
  add(state.salesBooked, claimKey(match[1] ?? '', match[2] ?? ''), Number(match[3]));
}

function recordForwarded(state: RunState, detail: string): void {
  const match = FORWARDED.exec(detail);
  if (match === null) return;
  for (const part of (match[2] ?? '').split(' ')) {
    const units = UNITS.exec(part);
    if (units !== null) add(state.salesBooked, claimKey(match[1] ?? '', units[1] ?? ''), Number(units[2]));
  }
}

function onAssigned(name: string, event: TraceEvent, context: CheckContext, state: RunState, report: (finding: Finding) => void): void {
  const payload = fieldsOf(event);
  const foId = textField(payload.foId);
  const nodeId = textField(payload.nodeId);
  const taken = takenBy(context, state, event, foId, nodeId);
  drop(state, foId);
  if (taken === undefined) return;
  const { units, lineNos } = taken;
  hold(state, foId, { nodeId, orderId: event.orderId, units, lineNos, shipped: new Map() });
  const node = context.world.nodes.find((candidate) => candidate.nodeId === nodeId);
  // A decision relayed after a restart was made on books that have changed since: not judged.
  if (node === undefined || context.world.occurredAtMs(event) !== context.world.nowMs()) return;
  const books = new NodeBooks(context, state, node);
  for (const sku of units.keys()) {
    // Cheap first: even if every FO there still claimed all it took, the node keeps its safety stock.
    if (books.onHand(sku) - (state.claimed.get(claimKey(nodeId, sku)) ?? 0) >= node.safetyStock) continue;
    const claimed = books.claimed(sku);
    const left = books.onHand(sku) - claimed;
    if (left >= node.safetyStock) continue;
    const sold = node.kind === 'STORE' ? (state.salesBooked.get(claimKey(nodeId, sku)) ?? 0) : 0;
    const quantity = foOf(context, event.orderId, foId)?.lines.filter((line) => line.sku === sku).reduce((sum, line) => sum + line.quantity - line.shipped - line.pickedUp - line.cancelled, 0) ?? units.get(sku);
    report({
      invariant: name,
      orderId: event.orderId,
      detail: `${foId} was assigned ${sku}x${quantity} at ${nodeId}, leaving ${left} to promise by ${nodeId}'s own books (on hand ${books.onHand(sku) - sold}${sold > 0 ? ` plus ${sold} sold in store, which the orchestrator cannot know of` : ''}, less ${claimed} taken by open FOs there, this one included): below its safety stock of ${node.safetyStock}`,
      firstBadEvent: pointer(event),
    });
  }
}

/** One node's books at the instant of an assignment, in the router's favour (see the checker). */
class NodeBooks {
  constructor(
    private readonly context: CheckContext,
    private readonly state: RunState,
    private readonly node: NodeSpec,
  ) {}

  /** On hand by the owner, plus (at a store) in-store sales the router could not know of. */
  onHand(sku: string): number {
    if (this.node.kind === 'STORE') return this.context.pos.position(this.node.nodeId, sku).onHand + (this.state.salesBooked.get(claimKey(this.node.nodeId, sku)) ?? 0);
    this.state.dcOnHand ??= new Map(this.context.wms.stockTruth().map((dc) => [dc.dcId, dc.onHand]));
    return this.state.dcOnHand.get(this.node.nodeId)?.get(sku) ?? 0;
  }

  /** Units of the SKU open FOs at the node still take from its on hand. */
  claimed(sku: string): number {
    let units = 0;
    for (const foId of this.state.holders.get(claimKey(this.node.nodeId, sku)) ?? []) {
      const assigned = this.state.assigned.get(foId);
      if (assigned === undefined) continue;
      const fo = foOf(this.context, assigned.orderId, foId);
      if (fo === undefined || fo.terminal || fo.nodeId !== this.node.nodeId) continue;
      for (const line of fo.lines) if (line.sku === sku) units += this.node.kind === 'STORE' ? this.atStore(fo, line) : this.atDc(line);
    }
    return units;
  }

  /** Held live at the store, or still being placed; nothing once the store shipped it or handed it over. */
  private atStore(fo: FoView, line: FoView['lines'][number]): number {
    const open = line.quantity - line.shipped - line.pickedUp - line.cancelled;
    if (open <= 0) return 0;
    const holds = this.context.pos.holdsWithReference(line.externalRef).filter(({ storeId }) => storeId === this.node.nodeId);
    if (holds.some(({ hold }) => hold.status === 'SHIPPED' || hold.status === 'PICKED_UP')) return 0;
    return holds.some(({ hold }) => isLiveStatus(hold.status)) || fo.state === 'ALLOCATED' ? open : 0;
  }

  /** Not shipped yet by the WMS (its shipments leave its on hand before the orchestrator reads them). */
  private atDc(line: FoView['lines'][number]): number {
    const open = line.quantity - line.shipped - line.pickedUp - line.cancelled;
    const shippedUnread = Math.max(0, (this.state.wmsShipped.get(line.externalRef) ?? 0) - line.shipped);
    return Math.max(0, open - shippedUnread);
  }
}
