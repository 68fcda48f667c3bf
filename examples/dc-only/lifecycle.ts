/**
 * The FO lifecycle of this plugin: the few steps it takes, the events each publishes and the
 * exception queue. Every change goes through `commit`, which writes inside one store
 * transaction and publishes the events only once it committed.
 */
import type { ExceptionView } from '../../orchestrator/plugin.ts';
import type { Ports, PublishedEvent, StorePort } from '../../orchestrator/ports.ts';
import { cancelledOf, isSettled, isTerminal, NS, shippedOf, type FoState, type OrderRecord } from './records.ts';

export const SOURCE = 'dc-only';

/** The only steps this plugin takes; anything else is a bug in it and throws. */
const NEXT: Partial<Record<FoState, readonly FoState[]>> = {
  CREATED: ['ROUTING'],
  ROUTING: ['ALLOCATED', 'EXCEPTION'],
  ALLOCATED: ['RELEASED'],
  RELEASED: ['ACKNOWLEDGED', 'SHIPPED', 'REJECTED', 'EXCEPTION'],
  ACKNOWLEDGED: ['SHIPPED', 'REJECTED', 'EXCEPTION'],
  // SHIPPED waits for its capture, REJECTED (nothing shipped) for its void: money settles first.
  SHIPPED: ['COMPLETED', 'EXCEPTION'],
  REJECTED: ['CANCELLED', 'EXCEPTION'],
  // A late ACK or SHIPCONF settles a FO parked for want of it.
  EXCEPTION: ['SHIPPED', 'REJECTED'],
};

/** How long an SLA tier gives a person to act on an exception. */
const SLA_MS = { P1: 4 * 3_600_000, P2: 24 * 3_600_000, P3: 72 * 3_600_000 } as const;

/** Categories a later WMS document can clear on its own (everything else waits for a person). */
const WMS_CATEGORIES: ReadonlySet<string> = new Set(['LOST_ACK', 'LATE_CONFIRMATION']);

/** Runs `work` in one store transaction, then publishes the events it collected. */
export function commit<T>(ports: Ports, work: (out: PublishedEvent[]) => T): T {
  const out: PublishedEvent[] = [];
  const result = ports.store.transaction(() => work(out));
  for (const event of out) ports.events.publish(event);
  return result;
}

export function loadOrder(store: StorePort, orderId: string): OrderRecord | undefined {
  return store.get<OrderRecord>(NS.orders, orderId);
}

/** Puts the record and keeps the open and money indexes in step with it. */
export function saveOrder(store: StorePort, record: OrderRecord): void {
  store.put(NS.orders, record.orderId, record);
  if (isTerminal(record.state)) store.delete(NS.open, record.orderId);
  else store.put(NS.open, record.orderId, record.orderId);
  // Parked FOs wait for a person (or a late document); settling one authorises it if need be.
  const awaitsAuthorization = record.payment?.authorizationId === null && !isTerminal(record.state) && record.state !== 'EXCEPTION';
  const awaitsGateway = record.payment !== null && (record.state === 'SHIPPED' || record.state === 'REJECTED' || awaitsAuthorization);
  if (awaitsGateway) store.put(NS.money, record.orderId, record.orderId);
  else store.delete(NS.money, record.orderId);
}

/**
 * Appends one event about this FO (or its order, or an exception of it) and counts it in that
 * aggregate's own sequence: a consumer sees each aggregate's events numbered 1, 2, 3... with no
 * hole (docs/plugins.md).
 */
export function emit(record: OrderRecord, type: string, payload: Record<string, unknown>, nowMs: number, out: PublishedEvent[], aggregateId = record.foId): OrderRecord {
  const fo = aggregateId === record.foId;
  const sequence = (fo ? record.sequence : (record.aggregateSequences?.[aggregateId] ?? 0)) + 1;
  out.push({ eventId: `${aggregateId}#${sequence}`, type, aggregateId, sequence, occurredAtMs: nowMs, source: SOURCE, correlationId: record.orderId, schemaVersion: 1, payload });
  return fo ? { ...record, sequence } : { ...record, aggregateSequences: { ...record.aggregateSequences, [aggregateId]: sequence } };
}

/** `extra`: more payload, such as the units a settling transition cancels. */
export function transition(record: OrderRecord, to: FoState, trigger: string, nowMs: number, out: PublishedEvent[], reason?: string, extra: Record<string, unknown> = {}): OrderRecord {
  if (!(NEXT[record.state] ?? []).includes(to)) throw new Error(`dc-only: ${record.foId} cannot go ${record.state} -> ${to} (${trigger})`);
  let next = emit({ ...record, state: to }, 'fo.transitioned', { foId: record.foId, from: record.state, to, event: trigger, ...(reason === undefined ? {} : { reason }), ...extra }, nowMs, out);
  if (isTerminal(to)) next = emit(next, 'order.closed', { orderId: record.orderId, state: to }, nowMs, out, record.orderId);
  return next;
}

/** Parks the FO in EXCEPTION with a classified item on the queue, where a person sees it. */
export function park(record: OrderRecord, category: string, suggestedAction: ExceptionView['suggestedAction'], slaTier: ExceptionView['slaTier'], detail: string, nowMs: number, out: PublishedEvent[]): OrderRecord {
  const moved = transition(record, 'EXCEPTION', 'escalate', nowMs, out);
  const exception: ExceptionView = { exceptionId: `${record.foId}!${moved.sequence}`, orderId: record.orderId, foId: record.foId, category, suggestedAction, slaTier, openedAtMs: nowMs, dueAtMs: nowMs + SLA_MS[slaTier], detail };
  return emit({ ...moved, exception }, 'exception.opened', { ...exception }, nowMs, out, exception.exceptionId);
}

/**
 * The WMS has news for this FO: acknowledged once every line has an answer, and settled once
 * every line is rejected or confirmed. Settled means SHIPPED (something shipped: capture it) or
 * REJECTED (nothing did: void it); without a gateway it closes at once.
 */
export function advance(record: OrderRecord, nowMs: number, out: PublishedEvent[]): OrderRecord {
  const settled = record.lines.every(isSettled);
  if (!settled) {
    const answered = record.lines.every((line) => line.ack !== 'NONE');
    return record.state === 'RELEASED' && answered ? transition(record, 'ACKNOWLEDGED', 'acknowledge', nowMs, out) : record;
  }
  let next = record;
  if (next.state === 'EXCEPTION') {
    if (next.exception === null || !WMS_CATEGORIES.has(next.exception.category)) return next;
    next = emit({ ...next, exception: null }, 'exception.resolved', { exceptionId: next.exception.exceptionId, resolution: 'late WMS document' }, nowMs, out, next.exception.exceptionId);
  } else if (next.state !== 'RELEASED' && next.state !== 'ACKNOWLEDGED') {
    return next;
  }
  const shipped = next.lines.some((line) => shippedOf(line) > 0);
  // Settled: what will never ship is cancelled now, and the transition says how many units of which line.
  const cancelled = next.lines.filter((line) => cancelledOf(line) > 0).map((line) => `${line.lineNo}x${cancelledOf(line)}`).join(' ');
  next = transition(next, shipped ? 'SHIPPED' : 'REJECTED', shipped ? 'ship' : 'reject', nowMs, out, undefined, cancelled === '' ? {} : { cancelled });
  return next.payment === null ? close(next, nowMs, out) : next;
}

/**
 * Money is settled (or there is none): SHIPPED completes, REJECTED is cancelled. Units the WMS
 * rejected or shipped short are given up here, and the transition says so (`unavailable: ...`):
 * this plugin knows one node only, so nothing else could serve them, and Converge checks that.
 */
export function close(record: OrderRecord, nowMs: number, out: PublishedEvent[]): OrderRecord {
  const unserved = record.lines.filter((line) => shippedOf(line) < line.quantity);
  const reason = unserved.length === 0 ? undefined : `unavailable: ${record.nodeId} refused or shipped short ${unserved.map((line) => `${line.sku}x${line.quantity - shippedOf(line)}`).join(' ')}`;
  return record.state === 'SHIPPED' ? transition(record, 'COMPLETED', 'complete', nowMs, out, reason) : transition(record, 'CANCELLED', 'cancel', nowMs, out, reason);
}
