/**
 * A downstream consumer of the published events, as docs/plugins.md ("Published events")
 * promises it can be written: it reads the canonical events of each order once each (by
 * aggregate and sequence, at least once delivery), in the order they come, and keeps what it
 * believes of the order. Nothing else: no look-ups, no knowledge of the orchestrator.
 */
import type { OrderView } from '../../orchestrator/plugin.ts';
import type { PublishedEvent } from '../../orchestrator/ports.ts';
import { spliced } from './exact-array.ts';

/** Units per FO line, as events reported their moves. */
interface LineBelief {
  shipped: number;
  pickedUp: number;
  cancelled: number;
}

/** Slots of one FO line in `OrderBelief.lines`: its FO id, its number, then its three counters. */
const LINE_STRIDE = 5;
const SHIPPED = 2;
const PICKED_UP = 3;
const CANCELLED = 4;

/**
 * What a consumer believes of one order. Kept for every order to the end of the run, so flat:
 * a few short arrays (searched in place: an order has a handful of FOs and lines) instead of a
 * map, a key string and an object per FO and per line, which held most of a run's checker heap.
 */
export interface OrderBelief {
  /** FO id, then its state from the last `fo.transitioned` for it; in the order they were first announced. */
  fos: string[];
  /** Per FO line moved, in the order of its first move: FO id, line number, shipped, picked up, cancelled. */
  lines: (string | number)[];
  /** Order line number, then units returned; in the order of the first return of each. */
  returned: number[];
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

/** Where the line's counters start in `belief.lines`, or -1 if no event moved it. */
function lineAt(belief: OrderBelief, foId: string, lineNo: number): number {
  const { lines } = belief;
  for (let at = 0; at < lines.length; at += LINE_STRIDE) if (lines[at] === foId && lines[at + 1] === lineNo) return at;
  return -1;
}

/** Adds units to one counter of an FO line, the line made at its first move (arrays grown by copy: exact size). */
function move(belief: OrderBelief, foId: string, lineNo: number, counter: number, units: number): void {
  let at = lineAt(belief, foId, lineNo);
  if (at < 0) {
    at = belief.lines.length;
    belief.lines = spliced(belief.lines, at, 0, [foId, lineNo, 0, 0, 0]);
  }
  belief.lines[at + counter] = (belief.lines[at + counter] as number) + units;
}

function announce(belief: OrderBelief, foId: string, state: string): void {
  const { fos } = belief;
  for (let at = 0; at < fos.length; at += 2) {
    if (fos[at] === foId) {
      fos[at + 1] = state;
      return;
    }
  }
  belief.fos = spliced(fos, fos.length, 0, [foId, state]);
}

function addReturned(belief: OrderBelief, lineNo: number, units: number): void {
  const { returned } = belief;
  for (let at = 0; at < returned.length; at += 2) {
    if (returned[at] === lineNo) {
      returned[at + 1] = (returned[at + 1] as number) + units;
      return;
    }
  }
  belief.returned = spliced(returned, returned.length, 0, [lineNo, units]);
}

/** Applies one event (already de-duplicated) to what the consumer believes of its order. */
export function applyToBelief(belief: OrderBelief, event: PublishedEvent): void {
  const payload = event.payload;
  const foId = text(payload['foId']) || event.aggregateId;
  switch (event.type) {
    case 'fo.transitioned':
      announce(belief, foId, text(payload['to']));
      for (const [lineNo, units] of lineUnits(payload['shipped'])) move(belief, foId, lineNo, SHIPPED, units);
      for (const [lineNo, units] of lineUnits(payload['pickedUp'])) move(belief, foId, lineNo, PICKED_UP, units);
      for (const [lineNo, units] of lineUnits(payload['cancelled'])) move(belief, foId, lineNo, CANCELLED, units);
      break;
    case 'shipment.confirmed':
      move(belief, foId, whole(payload['lineNo']), SHIPPED, whole(payload['quantity']));
      break;
    case 'pickup.collected':
      move(belief, foId, whole(payload['lineNo']), PICKED_UP, whole(payload['quantity']));
      break;
    case 'payment.captured':
      belief.captured += whole(payload['amountCents']);
      break;
    case 'refund.issued':
      belief.refunded += whole(payload['amountCents']);
      break;
    case 'return.requested':
      for (const [lineNo, units] of lineUnits(payload['lines'])) addReturned(belief, lineNo, units);
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
  return { fos: [], lines: [], returned: [], captured: 0, refunded: 0, closed: false };
}

/** The FO's last announced state, or undefined if none was. */
function announcedState(belief: OrderBelief, foId: string): string | undefined {
  for (let at = 0; at < belief.fos.length; at += 2) if (belief.fos[at] === foId) return belief.fos[at + 1];
  return undefined;
}

function unitsAt(belief: OrderBelief, at: number): LineBelief {
  return { shipped: belief.lines[at + SHIPPED] as number, pickedUp: belief.lines[at + PICKED_UP] as number, cancelled: belief.lines[at + CANCELLED] as number };
}

/** Each moved line as `<foId>:<lineNo>` with its counters, in the order of its first move (read at the end only). */
function movedLines(belief: OrderBelief): [string, LineBelief][] {
  const found: [string, LineBelief][] = [];
  for (let at = 0; at < belief.lines.length; at += LINE_STRIDE) found.push([`${belief.lines[at] as string}:${belief.lines[at + 1] as number}`, unitsAt(belief, at)]);
  return found;
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
  const lines = movedLines(belief);
  for (const fo of order.fulfillmentOrders) {
    viewFos.add(fo.foId);
    const believed = announcedState(belief, fo.foId);
    if (believed === undefined) found.push(`FO ${fo.foId} is ${fo.state}, no fo.transitioned ever announced it`);
    else if (believed !== fo.state) found.push(`FO ${fo.foId} is ${fo.state}, the events say ${believed}`);
    const lineNos = new Set(fo.lines.map((line) => line.lineNo));
    const prefix = `${fo.foId}:`;
    for (const line of fo.lines) {
      // By the key, as a consumer keyed by `<foId>:<lineNo>` finds it (the view's line number is not trusted to be a number).
      const key = `${prefix}${line.lineNo}`;
      const units = lines.find((moves) => moves[0] === key)?.[1] ?? NO_MOVES;
      for (const counter of COUNTERS) {
        if (units[counter] !== line[counter]) found.push(`${prefix}${line.lineNo} ${counter} ${line[counter]}, the events say ${units[counter]}`);
      }
    }
    for (const [key, units] of lines) {
      if (!key.startsWith(prefix)) continue;
      const lineNo = Number(key.slice(prefix.length));
      if (!lineNos.has(lineNo) && moved(units)) found.push(`${key} is not a line of ${fo.foId}, the events moved units on it (${describe(units)})`);
    }
  }
  for (let at = 0; at < belief.fos.length; at += 2) {
    const foId = belief.fos[at] as string;
    if (!viewFos.has(foId)) found.push(`the events announced FO ${foId} (${belief.fos[at + 1]}), the order has no such FO`);
  }
  for (const [key, units] of lines) {
    const foId = key.slice(0, key.lastIndexOf(':'));
    if (!viewFos.has(foId) && announcedState(belief, foId) === undefined && moved(units)) found.push(`the events moved units on ${key} (${describe(units)}), the order has no FO ${foId}`);
  }
  for (const line of order.lines ?? []) {
    const returned = returnedOf(belief, line.lineNo);
    if (returned !== line.returned) found.push(`line ${line.lineNo} returned ${line.returned}, the events say ${returned}`);
  }
  const captured = order.payment?.capturedCents ?? 0;
  const refunded = order.payment?.refundedCents ?? 0;
  if (belief.captured !== captured) found.push(`captured ${captured} cents, the events say ${belief.captured}`);
  if (belief.refunded !== refunded) found.push(`refunded ${refunded} cents, the events say ${belief.refunded}`);
  if (belief.closed !== order.closed) found.push(order.closed ? 'closed, no order.closed was published' : 'open, yet order.closed was published');
  return found;
}

function returnedOf(belief: OrderBelief, lineNo: number): number {
  for (let at = 0; at < belief.returned.length; at += 2) if (belief.returned[at] === lineNo) return belief.returned[at + 1] as number;
  return 0;
}
