import { localIsoToEpochMs } from '../../local-time.ts';
import type { Parsed } from '../http-outcome.ts';
import { field, isWholeNumber } from '../json-fields.ts';

export type PosHoldStatus = 'HELD' | 'PICK_REQUESTED' | 'READY' | 'SHIPPED' | 'PICKED_UP' | 'RELEASED' | 'REJECTED';
const HOLD_STATUSES: ReadonlySet<string> = new Set(['HELD', 'PICK_REQUESTED', 'READY', 'SHIPPED', 'PICKED_UP', 'RELEASED', 'REJECTED']);

/** A POS hold in canonical form: UTC times, validated fields. */
export interface PosHoldRecord {
  holdId: string;
  externalRef: string;
  sku: string;
  quantity: number;
  purpose: 'SHIP' | 'PICKUP';
  status: PosHoldStatus;
  seq: number;
  updatedAtMs: number;
}

export interface PosStockRecord {
  sku: string;
  onHand: number;
  held: number;
  available: number;
}


/** Validates the mandatory fields of a hold and converts its store-local time to UTC. */
export function parseHold(body: unknown, timeZone: string): Parsed<PosHoldRecord> {
  const holdId = field(body, 'holdId');
  const externalRef = field(body, 'externalRef');
  const sku = field(body, 'sku');
  const quantity = field(body, 'quantity');
  const purpose = field(body, 'purpose');
  const status = field(body, 'status');
  const seq = field(body, 'seq');
  const updatedLocal = field(body, 'updatedLocal');
  if (typeof holdId !== 'string' || holdId === '') return { ok: false, message: `hold without holdId: ${JSON.stringify(body)}` };
  if (typeof externalRef !== 'string') return { ok: false, message: `hold ${holdId} without externalRef` };
  if (typeof sku !== 'string') return { ok: false, message: `hold ${holdId} without sku` };
  if (!isWholeNumber(quantity)) return { ok: false, message: `hold ${holdId}: quantity ${String(quantity)} is not a whole number` };
  if (purpose !== 'SHIP' && purpose !== 'PICKUP') return { ok: false, message: `hold ${holdId}: purpose ${String(purpose)} is not SHIP or PICKUP` };
  if (typeof status !== 'string' || !HOLD_STATUSES.has(status)) return { ok: false, message: `hold ${holdId}: unknown status ${String(status)}` };
  if (!isWholeNumber(seq)) return { ok: false, message: `hold ${holdId}: seq ${String(seq)} is not a whole number` };
  const updatedAtMs = typeof updatedLocal === 'string' ? localIsoToEpochMs(updatedLocal, timeZone) : undefined;
  if (updatedAtMs === undefined) return { ok: false, message: `hold ${holdId}: updatedLocal ${String(updatedLocal)} is not a local ISO time` };
  return { ok: true, value: { holdId, externalRef, sku, quantity, purpose, status: status as PosHoldStatus, seq, updatedAtMs } };
}

export function parseHoldList(body: unknown, timeZone: string): Parsed<PosHoldRecord[]> {
  const holds = field(body, 'holds');
  if (!Array.isArray(holds)) return { ok: false, message: 'response has no holds list' };
  const records: PosHoldRecord[] = [];
  for (const item of holds) {
    const parsed = parseHold(item, timeZone);
    if (!parsed.ok) return parsed;
    records.push(parsed.value);
  }
  return { ok: true, value: records };
}

/** A journal entry the adapter could not read: kept (compact, bounded) for the dead-letter queue. */
export interface UnreadableEntry {
  /** The entry's hold id and external reference when it has them ('' otherwise), for a person and for a replay. */
  holdId: string;
  externalRef: string;
  message: string;
  raw: string;
}

const RAW_MAX_CHARS = 500;

/**
 * The journal, entry by entry: one unreadable entry must not block the readable ones (and every
 * later change of the store) behind it. Fails only when there is no holds list at all.
 */
export function parseHoldJournal(body: unknown, timeZone: string): Parsed<{ holds: PosHoldRecord[]; unreadable: UnreadableEntry[] }> {
  const holds = field(body, 'holds');
  if (!Array.isArray(holds)) return { ok: false, message: 'response has no holds list' };
  const records: PosHoldRecord[] = [];
  const unreadable: UnreadableEntry[] = [];
  for (const item of holds) {
    const parsed = parseHold(item, timeZone);
    if (parsed.ok) {
      records.push(parsed.value);
      continue;
    }
    const holdId = field(item, 'holdId');
    const externalRef = field(item, 'externalRef');
    unreadable.push({
      holdId: typeof holdId === 'string' ? holdId : '',
      externalRef: typeof externalRef === 'string' ? externalRef : '',
      message: parsed.message,
      raw: (JSON.stringify(item) ?? String(item)).slice(0, RAW_MAX_CHARS),
    });
  }
  return { ok: true, value: { holds: records, unreadable } };
}

export function parseStock(body: unknown): Parsed<PosStockRecord[]> {
  const items = field(body, 'items');
  if (!Array.isArray(items)) return { ok: false, message: 'inventory response has no items list' };
  const records: PosStockRecord[] = [];
  for (const item of items) {
    const sku = field(item, 'sku');
    const onHand = field(item, 'onHand');
    const held = field(item, 'held');
    const available = field(item, 'available');
    if (typeof sku !== 'string' || !isWholeNumber(onHand) || !isWholeNumber(held) || typeof available !== 'number') {
      return { ok: false, message: `inventory item is malformed: ${JSON.stringify(item)}` };
    }
    records.push({ sku, onHand, held, available });
  }
  return { ok: true, value: records };
}

export function parseCursor(body: unknown): number | undefined {
  const cursor = field(body, 'cursor');
  return isWholeNumber(cursor) ? cursor : undefined;
}
