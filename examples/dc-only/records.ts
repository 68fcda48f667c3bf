/**
 * What this plugin keeps on the store port. One order has exactly one FO (DC-only routing never
 * splits), so the FO lives inside the order's record. Records are immutable values: a change
 * is a new record put under the same key.
 */
import type { ExceptionView, FoView } from '../../orchestrator/plugin.ts';

export type FoState = FoView['state'];

/** Store namespaces, all prefixed so this plugin never reads another's data. */
export const NS = {
  orders: 'dc-only:orders',
  /** orderId -> orderId while the order is not closed (so counting open orders stays cheap). */
  open: 'dc-only:open',
  /** orderId -> orderId for FOs waiting for the next release file. */
  toRelease: 'dc-only:to-release',
  /** orderId -> orderId for orders with gateway work left (authorise, capture, void). */
  money: 'dc-only:money',
  /** Channel idempotency keys -> the first command's fingerprint and order. */
  commands: 'dc-only:commands',
  counters: 'dc-only:counters',
  /** Release files by control number, with their exact content (re-sent as is after a crash). */
  releases: 'dc-only:releases',
  /** Control numbers of release files not yet renamed into the WMS's `in/` folder. */
  undelivered: 'dc-only:undelivered',
  /** WMS file names already read (read and applied, or dead-lettered). */
  filesRead: 'dc-only:files-read',
  deadLetters: 'dc-only:dead-letters',
} as const;

export interface LineRecord {
  lineNo: number;
  sku: string;
  quantity: number;
  unitPriceCents: number;
  /** The WMS's answer for this line in an ACK. */
  ack: 'NONE' | 'ACCEPTED' | 'REJECTED';
  /** Shipped units per WMS shipment id: a confirmation exported twice adds nothing. */
  shipments: Readonly<Record<string, number>>;
  /** A SHIPCONF named this line: what did not ship by then never will (short ship). */
  confirmed: boolean;
}

export interface PaymentRecord {
  authorizationId: string | null;
  authorizedCents: number;
  capturedCents: number;
  /** Nothing is left held on the card (voided, or fully captured). */
  released: boolean;
}

export interface OrderRecord {
  orderId: string;
  foId: string;
  channel: string;
  channelOrderId: string;
  createdAtMs: number;
  /** The DC, or '' for a pickup order this plugin cannot serve. */
  nodeId: string;
  state: FoState;
  /** Events published for this FO so far (their sequence numbers). */
  sequence: number;
  /** The same for the other aggregates this record publishes about (the order, its exceptions): each has its own sequence. */
  aggregateSequences?: Readonly<Record<string, number>>;
  releaseControlNumber: number | null;
  releasedAtMs: number | null;
  lines: readonly LineRecord[];
  /** The open exception-queue item, if the FO is parked. */
  exception: ExceptionView | null;
  payment: PaymentRecord | null;
}

export function isTerminal(state: FoState): boolean {
  return state === 'COMPLETED' || state === 'CANCELLED';
}

export function shippedOf(line: LineRecord): number {
  return Object.values(line.shipments).reduce((sum, quantity) => sum + quantity, 0);
}

/** The WMS has said its last word on the line: rejected, or confirmed shipped (fully or short). */
export function isSettled(line: LineRecord): boolean {
  return line.confirmed || line.ack === 'REJECTED';
}

/** Units that will never ship: the rest of a settled line. */
export function cancelledOf(line: LineRecord): number {
  return isSettled(line) ? Math.max(0, line.quantity - shippedOf(line)) : 0;
}

/**
 * Units of a line the view reports cancelled: only once the WMS has said its last word on every
 * line, which is when the FO's settling transition announces them (consumers learn of units from
 * events, docs/plugins.md).
 */
export function cancelledUnits(record: OrderRecord, line: LineRecord): number {
  return record.lines.every(isSettled) ? cancelledOf(line) : 0;
}

export function shippedValueCents(record: OrderRecord): number {
  return record.lines.reduce((sum, line) => sum + shippedOf(line) * line.unitPriceCents, 0);
}

export function orderValueCents(record: OrderRecord): number {
  return record.lines.reduce((sum, line) => sum + line.quantity * line.unitPriceCents, 0);
}
