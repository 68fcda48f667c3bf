import { isLiveStatus, type PosHold } from '../../legacy-fakes/pos/pos-fake.ts';
import type { ExceptionView, FoView, OrderView } from '../../orchestrator/plugin.ts';
import { nodesThatCouldServe, openUnits, refusedBy } from './serving-nodes.ts';
import type { EndOfRun } from './types.ts';

/** Whether the owners' truth confirms an exception's cause, and why (or why not), for a person reading the report. */
export interface CauseJudgement {
  justified: boolean;
  why: string;
}

type Rule = (item: ExceptionView, fo: FoView | undefined, order: OrderView, end: EndOfRun) => CauseJudgement;

const yes = (why: string): CauseJudgement => ({ justified: true, why });
const no = (why: string): CauseJudgement => ({ justified: false, why });

/**
 * Unroutable: some open line has no node that could serve it at the end, by the owners' books
 * (the order's delivery, outages, refusals and safety stock taken into account). If every line
 * could be served now (stock back on a shelf, a store back online), the orchestrator could have
 * healed it by routing again.
 */
const unroutable: Rule = (_item, fo, order, end) => {
  if (fo === undefined) return no('an unroutable exception names no FO');
  const open = openUnits(fo);
  if (open.length === 0) return no(`${fo.foId} has no open units left to route`);
  const stock = end.ownerStock();
  const refused = refusedBy(end.context, stock, order);
  const servable: string[] = [];
  for (const line of open) {
    const nodes = nodesThatCouldServe(end.context, stock, order, line, refused);
    if (nodes.length === 0) return yes(`no eligible node can serve line ${line.lineNo} (${line.sku}x${line.quantity}) by its owner's books`);
    servable.push(`line ${line.lineNo} ${line.sku}x${line.quantity} at ${nodes.map((node) => `${node.nodeId} (${node.available} available)`).join(', ')}`);
  }
  return no(`every open line could be served now: ${servable.join('; ')}`);
};

/** A re-route limit counts only behind real refusals: some node's owner refused this order's units. */
const rerouteLimit: Rule = (_item, fo, order, end) => {
  const refused = refusedBy(end.context, end.ownerStock(), order);
  if (refused.size > 0) return yes(`refused by ${[...refused].map((pair) => pair.replace('|', ' for ')).join(', ')}`);
  return no(`no owner refused ${fo?.foId ?? order.orderId}: no POS hold or WMS line of the order was rejected`);
};

/** A system that does not answer, or answers garbage, heals once it is back: only a node still down at the end justifies it. */
const unreachable: Rule = (_item, fo, _order, end) => {
  const nodeId = fo?.nodeId ?? '';
  if (nodeId === '') return no('the exception names no node that could have been unreachable');
  if (end.context.world.isOffline(nodeId, end.context.world.nowMs())) return yes(`${nodeId} is still offline at the end of the run`);
  return no(`${nodeId} is online and answering at the end of the run: a retry would have reached it`);
};

/** A lost acknowledgement is real only if the WMS never took the release; if it did, its confirmations settle the FO. */
const lostAck: Rule = (_item, fo, _order, end) => {
  if (fo === undefined) return no('a lost-acknowledgement exception names no FO');
  const lines = end.ownerStock().wmsLinesOf(fo.foId).filter((line) => line.dcId === fo.nodeId);
  if (lines.length === 0) return yes(`the WMS at ${fo.nodeId || '(no node)'} never took a release of ${fo.foId}`);
  return no(`the WMS at ${fo.nodeId} took ${fo.foId} (${lines.map((line) => `line ${line.lineNo} ${line.status}, ${line.shippedQuantity} shipped`).join('; ')}): its acknowledgement or confirmations can be asked for again`);
};

/** A late confirmation is real only while the WMS has accepted units of the FO it has not shipped. */
const lateConfirmation: Rule = (_item, fo, _order, end) => {
  if (fo === undefined) return no('a late-confirmation exception names no FO');
  const lines = end.ownerStock().wmsLinesOf(fo.foId).filter((line) => line.dcId === fo.nodeId);
  const waiting = lines.filter((line) => line.status === 'ACCEPTED' && line.quantity - line.shippedQuantity - line.cancelledQuantity > 0);
  if (waiting.length > 0) return yes(`the WMS at ${fo.nodeId} has not shipped ${waiting.map((line) => `line ${line.lineNo}`).join(', ')} yet`);
  if (lines.length === 0) return no(`the WMS at ${fo.nodeId || '(no node)'} has no line of ${fo.foId}: nothing is waiting for a confirmation`);
  return no(`the WMS at ${fo.nodeId} shipped every accepted unit of ${fo.foId}: its confirmation exists and can be read or asked for again`);
};

/** A double decrement is real when a DC other than the FO's node shipped units of it. */
const doubleDecrement: Rule = (_item, fo, _order, end) => {
  if (fo === undefined) return no('a double-decrement exception names no FO');
  const elsewhere = end.ownerStock().wmsLinesOf(fo.foId).filter((line) => line.dcId !== fo.nodeId && line.shippedQuantity > 0);
  if (elsewhere.length > 0) return yes(`${elsewhere.map((line) => `${line.dcId} shipped ${line.shippedQuantity} of line ${line.lineNo}`).join(', ')} after the FO left it`);
  return no(`no DC other than ${fo.nodeId || '(none)'} shipped anything of ${fo.foId}`);
};

/** Money: the gateway's books disagree with the goods the customer kept, or an authorisation outlived a closed order. */
const moneyMismatch: Rule = (_item, _fo, order, end) => {
  const books = end.gatewayBooks(order.orderId);
  const fulfilled = order.fulfillmentOrders.flatMap((fo) => fo.lines).reduce((sum, line) => sum + (line.shipped + line.pickedUp) * line.unitPriceCents, 0);
  const returned = (order.lines ?? []).reduce((sum, line) => sum + line.returned * line.unitPriceCents, 0);
  const kept = books.captured - books.refunded;
  if (kept !== fulfilled - returned) return yes(`the gateway kept ${kept} cents, goods kept are worth ${fulfilled - returned} cents`);
  if (order.closed && books.open.length > 0) return yes(`authorisation ${books.open.join(', ')} still holds the card after the order closed`);
  return no(`the gateway's books balance: ${kept} cents kept for goods worth ${fulfilled - returned} cents`);
};

/** Holds at the store, under the FO's references. */
function holdsOf(fo: FoView, end: EndOfRun): { storeId: string; hold: PosHold }[] {
  return fo.lines.flatMap((line) => (line.externalRef === '' ? [] : end.context.pos.holdsWithReference(line.externalRef)));
}

/** An orphan hold is real when a live hold under the FO's references sits at a store the FO is not at. */
const orphanHold: Rule = (_item, fo, _order, end) => {
  if (fo === undefined) return no('an orphan-hold exception names no FO');
  const orphans = holdsOf(fo, end).filter(({ storeId, hold }) => storeId !== fo.nodeId && isLiveStatus(hold.status));
  if (orphans.length > 0) return yes(`live hold(s) at ${orphans.map(({ storeId }) => storeId).join(', ')} away from ${fo.nodeId || 'any node'}`);
  return no(`no live hold of ${fo.foId} sits at a store other than ${fo.nodeId || '(none)'}`);
};

/** A phantom hold is real when a line the FO places at a store has no hold there in the store's books. */
const phantomHold: Rule = (_item, fo, _order, end) => {
  if (fo === undefined) return no('a phantom-hold exception names no FO');
  if (end.context.world.nodes.find((node) => node.nodeId === fo.nodeId)?.kind !== 'STORE') return no(`${fo.foId} is not at a store: a phantom hold is a store's`);
  const missing = fo.lines.filter((line) => end.context.pos.holdsWithReference(line.externalRef).every(({ storeId }) => storeId !== fo.nodeId));
  if (missing.length > 0) return yes(`${fo.nodeId || '(no node)'} holds nothing for line(s) ${missing.map((line) => line.lineNo).join(', ')}`);
  return no(`${fo.nodeId} has a hold for every line of ${fo.foId}`);
};

/** An oversell is real when the store rejected a hold of the FO off an empty shelf, or its shelf went below what it held. */
const oversell: Rule = (_item, fo, _order, end) => {
  if (fo === undefined) return no('an oversell exception names no FO');
  const rejected = holdsOf(fo, end).filter(({ hold }) => hold.status === 'REJECTED');
  if (rejected.length > 0) return yes(`the store rejected ${rejected.length} hold(s) of ${fo.foId} (${rejected.map(({ hold }) => hold.reason ?? 'no reason').join(', ')})`);
  const short = fo.nodeId === '' ? [] : fo.lines.filter((line) => end.context.pos.position(fo.nodeId, line.sku).available < 0);
  if (short.length > 0) return yes(`${fo.nodeId} holds more ${short.map((line) => line.sku).join(', ')} than it has on the shelf`);
  return no(`${fo.nodeId || '(no node)'} neither rejected a hold of ${fo.foId} nor holds more than its shelf`);
};

/** A stale cancel is real when an owner shipped or handed over units of the FO after the customer asked to cancel. */
const staleCancel: Rule = (_item, fo, _order, end) => {
  if (fo === undefined) return no('a stale-cancel exception names no FO');
  const wms = end.ownerStock().wmsLinesOf(fo.foId).reduce((sum, line) => sum + line.shippedQuantity, 0);
  const pos = holdsOf(fo, end).filter(({ hold }) => hold.status === 'SHIPPED' || hold.status === 'PICKED_UP').length;
  if (wms + pos > 0) return yes(`an owner fulfilled it anyway (${wms} units shipped by a WMS, ${pos} store hold(s) shipped or handed over)`);
  return no(`no owner shipped or handed over anything of ${fo.foId}`);
};

/**
 * One rule per category the plugin API names (docs/exceptions.md lists them). A category
 * Converge does not know cannot be verified, so it does not justify parking.
 */
export const CAUSE_RULES: Readonly<Record<string, Rule>> = {
  UNROUTABLE: unroutable,
  REROUTE_LIMIT: rerouteLimit,
  SYSTEM_UNREACHABLE: unreachable,
  PROTOCOL_ERROR: unreachable,
  LOST_ACK: lostAck,
  LATE_CONFIRMATION: lateConfirmation,
  DOUBLE_DECREMENT: doubleDecrement,
  MONEY_MISMATCH: moneyMismatch,
  ORPHAN_HOLD: orphanHold,
  PHANTOM_HOLD: phantomHold,
  OVERSELL: oversell,
  STALE_CANCEL: staleCancel,
};

export function judgeCause(item: ExceptionView, fo: FoView | undefined, order: OrderView, end: EndOfRun): CauseJudgement {
  const rule = CAUSE_RULES[item.category];
  if (rule === undefined) return no(`Converge cannot verify the category ${JSON.stringify(item.category)} against the owners' books (known: ${Object.keys(CAUSE_RULES).join(', ')})`);
  return rule(item, fo, order, end);
}
