/**
 * A downstream consumer of the published events, as docs/plugins.md ("Published events")
 * promises it can be written: it reads the canonical events of each order once each (by
 * aggregate and sequence, at least once delivery), in the order they come, and keeps what it
 * believes of the order. Nothing else: no look-ups, no knowledge of the orchestrator.
 */
import type { OrderView } from '../../orchestrator/plugin.ts';
import type { PublishedEvent } from '../../orchestrator/ports.ts';

/** Units per FO line, as events reported their moves. */
interface LineBelief {
  shipped: number;
  pickedUp: number;
  cancelled: number;
}

/** What a consumer believes of one order. */
export interface OrderBelief {
  /** FO id to its state, from the last `fo.transitioned` for it. */
  readonly fos: Map<string, string>;
  /** `<foId>:<lineNo>` to its counters. */
  readonly lines: Map<string, LineBelief>;
  /** Order line number to units returned. */
  readonly returned: Map<number, number>;
  captured: number;
  refunded: number;
  closed: boolean;
}

/** The event types the consumer reads; every other type is none of its business. */
const ORDER_EVENTS: ReadonlySet<string> = new Set(['order.created', 'fo.transitioned', 'shipment.confirmed', 'pickup.collected', 'payment.captured', 'refund.issued', 'return.requested', 'order.closed']);

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function whole(value: unknown): number {
  return typeof value === 'number' && Number.isSafeInteger(value) ? value : 0;
}

const LINE_UNITS = /^(\d+)x(-?\d+)$/;

/** `"1x2 3x-1"` as [lineNo, units] pairs; anything that does not read so is skipped. */
export function lineUnits(value: unknown): [number, number][] {
  const pairs: [number, number][] = [];
  // Most transitions move no units: nothing to split.
  if (value === undefined || value === '') return pairs;
  for (const part of text(value).split(' ')) {
    const match = LINE_UNITS.exec(part);
    if (match !== null) pairs.push([Number(match[1]), Number(match[2])]);
  }
  return pairs;
}

export function isOrderEvent(type: string): boolean {
  return ORDER_EVENTS.has(type);
}

/** The counters of one FO line, made at its first move. */
function lineOf(belief: OrderBelief, foId: string, lineNo: number): LineBelief {
  const key = `${foId}:${lineNo}`;
  let found = belief.lines.get(key);
  if (found === undefined) {
    found = { shipped: 0, pickedUp: 0, cancelled: 0 };
    belief.lines.set(key, found);
  }
  return found;
}

/** Applies one event (already de-duplicated) to what the consumer believes of its order. */
export function applyToBelief(belief: OrderBelief, event: PublishedEvent): void {
  const payload = event.payload;
  const foId = text(payload['foId']) || event.aggregateId;
  switch (event.type) {
    case 'fo.transitioned':
      belief.fos.set(foId, text(payload['to']));
      for (const [lineNo, units] of lineUnits(payload['shipped'])) lineOf(belief, foId, lineNo).shipped += units;
      for (const [lineNo, units] of lineUnits(payload['pickedUp'])) lineOf(belief, foId, lineNo).pickedUp += units;
      for (const [lineNo, units] of lineUnits(payload['cancelled'])) lineOf(belief, foId, lineNo).cancelled += units;
      break;
    case 'shipment.confirmed':
      lineOf(belief, foId, whole(payload['lineNo'])).shipped += whole(payload['quantity']);
      break;
    case 'pickup.collected':
      lineOf(belief, foId, whole(payload['lineNo'])).pickedUp += whole(payload['quantity']);
      break;
    case 'payment.captured':
      belief.captured += whole(payload['amountCents']);
      break;
    case 'refund.issued':
      belief.refunded += whole(payload['amountCents']);
      break;
    case 'return.requested':
      for (const [lineNo, units] of lineUnits(payload['lines'])) belief.returned.set(lineNo, (belief.returned.get(lineNo) ?? 0) + units);
      break;
    case 'order.closed':
      belief.closed = true;
      break;
    default:
      break;
  }
}

const COUNTERS = ['shipped', 'pickedUp', 'cancelled'] as const;
/** The counters of a line no event moved. */
const NO_MOVES: Readonly<LineBelief> = { shipped: 0, pickedUp: 0, cancelled: 0 };

function moved(units: LineBelief): boolean {
  return units.shipped !== 0 || units.pickedUp !== 0 || units.cancelled !== 0;
}

function describe(units: LineBelief): string {
  return `shipped ${units.shipped}, picked up ${units.pickedUp}, cancelled ${units.cancelled}`;
}

export function emptyBelief(): OrderBelief {
  return { fos: new Map(), lines: new Map(), returned: new Map(), captured: 0, refunded: 0, closed: false };
}

/**
 * Where the consumer's belief and the orchestrator's view of one order differ, in words; empty
 * when they agree. Compared: each FO's state (and that the same FOs exist), each FO line's
 * shipped, picked-up and cancelled units, units returned per order line, money captured and
 * refunded, and whether the order is closed.
 */
export function differences(belief: OrderBelief, order: OrderView): string[] {
  const found: string[] = [];
  const viewFos = new Set<string>();
  for (const fo of order.fulfillmentOrders) {
    viewFos.add(fo.foId);
    const believed = belief.fos.get(fo.foId);
    if (believed === undefined) found.push(`FO ${fo.foId} is ${fo.state}, no fo.transitioned ever announced it`);
    else if (believed !== fo.state) found.push(`FO ${fo.foId} is ${fo.state}, the events say ${believed}`);
    const lineNos = new Set(fo.lines.map((line) => line.lineNo));
    const prefix = `${fo.foId}:`;
    for (const line of fo.lines) {
      const units = belief.lines.get(`${prefix}${line.lineNo}`) ?? NO_MOVES;
      for (const counter of COUNTERS) {
        if (units[counter] !== line[counter]) found.push(`${prefix}${line.lineNo} ${counter} ${line[counter]}, the events say ${units[counter]}`);
      }
    }
    for (const [key, units] of belief.lines) {
      if (!key.startsWith(prefix)) continue;
      const lineNo = Number(key.slice(prefix.length));
      if (!lineNos.has(lineNo) && moved(units)) found.push(`${key} is not a line of ${fo.foId}, the events moved units on it (${describe(units)})`);
    }
  }
  for (const [foId, state] of belief.fos) if (!viewFos.has(foId)) found.push(`the events announced FO ${foId} (${state}), the order has no such FO`);
  for (const [key, units] of belief.lines) {
    const foId = key.slice(0, key.lastIndexOf(':'));
    if (!viewFos.has(foId) && !belief.fos.has(foId) && moved(units)) found.push(`the events moved units on ${key} (${describe(units)}), the order has no FO ${foId}`);
  }
  for (const line of order.lines ?? []) {
    const returned = belief.returned.get(line.lineNo) ?? 0;
    if (returned !== line.returned) found.push(`line ${line.lineNo} returned ${line.returned}, the events say ${returned}`);
  }
  const captured = order.payment?.capturedCents ?? 0;
  const refunded = order.payment?.refundedCents ?? 0;
  if (belief.captured !== captured) found.push(`captured ${captured} cents, the events say ${belief.captured}`);
  if (belief.refunded !== refunded) found.push(`refunded ${refunded} cents, the events say ${belief.refunded}`);
  if (belief.closed !== order.closed) found.push(order.closed ? 'closed, no order.closed was published' : 'open, yet order.closed was published');
  return found;
}
