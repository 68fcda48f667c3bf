import type { ExceptionCategory, SuggestedAction } from '../exceptions/exception-queue.ts';
import { isTerminal, statesAllowing, transition, type FoEvent } from '../model/fo-state-machine.ts';
import type { FulfillmentOrder } from '../model/types.ts';
import { unitMoves } from '../model/unit-moves.ts';
import type { StorePort } from '../ports.ts';
import { SOURCE, type OrchestratorContext } from './context.ts';

/** FO ids currently backordered, so the sweep does not scan every FO. */
export const BACKORDER_INDEX = 'index:backordered';
/** FOs shipped or picked up whose capture has not gone through yet. */
export const AWAITING_CAPTURE_INDEX = 'index:awaiting-capture';
/** DC FOs released or acknowledged and still waiting for their shipment confirmation. */
export const AWAITING_SHIPMENT_INDEX = 'index:awaiting-shipment';
/**
 * DC FO states waiting for the WMS to ship: every state the table lets a shipment settle, a
 * cancel that came too late included, except one parked on the queue (its missing document settles it).
 */
export const AWAITING_DC_SHIPMENT = statesAllowing('ship', ['EXCEPTION']);
/** Pickups at the desk, so the expiry sweep does not scan every FO. */
export const READY_FOR_PICKUP_INDEX = 'index:ready-for-pickup';

/**
 * An entry of an index a sweep reads by age: the FO and when it entered the indexed state. An
 * FO's `stateSinceMs` only moves forward while it stays indexed, so an entry too young to be due
 * is an FO too young to be due, and the sweep skips it without reading the FO. (A bare FO id is
 * an entry an earlier version wrote: read the FO.)
 */
export type AgedIndexEntry = { readonly foId: string; readonly sinceMs: number } | string;

/** FO ids in an aged index that may have been in their state `ageMs` or longer by `nowMs`, in index order. */
export function foIdsAgedAtLeast(store: StorePort, index: string, nowMs: number, ageMs: number): string[] {
  const foIds: string[] = [];
  for (const entry of store.values<AgedIndexEntry>(index)) {
    if (typeof entry === 'string') foIds.push(entry);
    else if (nowMs - entry.sinceMs >= ageMs) foIds.push(entry.foId);
  }
  return foIds;
}
/** FOs whose cancel is being carried out at the store (holds to release); a sweep finishes them. */
export const CANCEL_REQUESTED_INDEX = 'index:cancel-requested';

/** Who made a transition happen. */
export type TransitionActor = 'system' | 'customer' | 'admin' | 'remediation' | 'sweep';

/**
 * What makes a transition attributable (the envelope adds the time and the correlation id):
 * who did it, through which adapter and version, under which idempotency key, and what caused it.
 */
export interface TransitionAudit {
  actor: TransitionActor;
  /** Adapter and its version, e.g. `pos-adapter/1.0.0`, when an external system's answer triggered it. */
  via?: string;
  idempotencyKey?: string;
  causationId?: string;
}

const SYSTEM: TransitionAudit = { actor: 'system' };

/**
 * Appends the audit fields to an event payload, leaving out what is unknown. Assigned in place
 * (a transition's hot path), in this order: consumers see the payload's keys in insertion order.
 */
function addAuditFields(payload: Record<string, unknown>, audit: TransitionAudit): void {
  payload.actor = audit.actor;
  if (audit.via !== undefined) payload.via = audit.via;
  if (audit.idempotencyKey !== undefined) payload.idempotencyKey = audit.idempotencyKey;
  if (audit.causationId !== undefined) payload.causationId = audit.causationId;
}

/**
 * Moves an FO through the table, persists it, publishes the transition and closes the order
 * when its last FO reaches a terminal state. An illegal transition is a bug: it throws.
 * `audit` says who or what caused it (default: the orchestrator itself).
 */
export function applyFoEvent(context: OrchestratorContext, fo: FulfillmentOrder, event: FoEvent, changes: Partial<FulfillmentOrder> = {}, reason = '', audit: TransitionAudit = SYSTEM): FulfillmentOrder {
  const result = transition(fo.state, event);
  if (!result.ok) throw new Error(`FO ${fo.foId}: ${result.reason}`);
  const now = context.ports.clock.nowMs();
  const next: FulfillmentOrder = { ...fo, ...changes, state: result.to, stateSinceMs: now };
  // What the transition moves is measured against what is stored, not against the caller's copy.
  const moved = unitMoves(context.repo.fo(fo.foId)?.lines ?? [], next.lines);
  context.repo.putFo(next);
  if (result.to === 'BACKORDERED') context.ports.store.put(BACKORDER_INDEX, fo.foId, fo.foId);
  if (result.from === 'BACKORDERED') context.ports.store.delete(BACKORDER_INDEX, fo.foId);
  if (result.to === 'SHIPPED' || result.to === 'PICKED_UP') context.ports.store.put(AWAITING_CAPTURE_INDEX, fo.foId, fo.foId);
  else if (result.from === 'SHIPPED' || result.from === 'PICKED_UP') context.ports.store.delete(AWAITING_CAPTURE_INDEX, fo.foId);
  if (result.to === 'READY_FOR_PICKUP') context.ports.store.put<AgedIndexEntry>(READY_FOR_PICKUP_INDEX, fo.foId, { foId: fo.foId, sinceMs: now });
  else if (result.from === 'READY_FOR_PICKUP') context.ports.store.delete(READY_FOR_PICKUP_INDEX, fo.foId);
  if (result.to === 'CANCEL_REQUESTED') context.ports.store.put(CANCEL_REQUESTED_INDEX, fo.foId, fo.foId);
  else if (result.from === 'CANCEL_REQUESTED') context.ports.store.delete(CANCEL_REQUESTED_INDEX, fo.foId);
  const atDc = context.nodesById.get(next.nodeId)?.kind === 'DC';
  if (atDc && AWAITING_DC_SHIPMENT.has(result.to)) context.ports.store.put<AgedIndexEntry>(AWAITING_SHIPMENT_INDEX, fo.foId, { foId: fo.foId, sinceMs: now });
  else context.ports.store.delete(AWAITING_SHIPMENT_INDEX, fo.foId);
  if (result.from === 'EXCEPTION') {
    // Whatever settled the FO (a late document, a retry) settles its open exceptions too.
    for (const item of context.exceptions.openFor(fo.foId)) {
      const resolved = context.exceptions.resolve(item.exceptionId, `settled by ${event}`);
      if (resolved !== undefined) context.publisher.publish('exception.resolved', resolved.exceptionId, fo.orderId, SOURCE, { foId: fo.foId, resolution: resolved.resolution });
    }
  }
  const payload: Record<string, unknown> = { foId: fo.foId, event, from: result.from, to: result.to, nodeId: next.nodeId };
  if (reason !== '') payload.reason = reason;
  Object.assign(payload, moved);
  addAuditFields(payload, audit);
  context.publisher.publish('fo.transitioned', fo.foId, fo.orderId, SOURCE, payload, audit.causationId);
  if (isTerminal(result.to)) closeOrderIfDone(context, fo.orderId);
  return next;
}

function closeOrderIfDone(context: OrchestratorContext, orderId: string): void {
  const order = context.repo.requireOrder(orderId);
  if (order.closed) return;
  if (!order.foIds.every((foId) => isTerminal(context.repo.requireFo(foId).state))) return;
  context.repo.putOrder({ ...order, closed: true });
  context.repo.orderClosed(orderId);
  context.publisher.publish('order.closed', orderId, orderId, SOURCE, { orderId });
  context.flows.orderClosed(orderId);
}

/**
 * Parks an FO in EXCEPTION and puts it on the queue, classified, with each system's last known
 * state: the order then waits for a person or an automatic remediation, visibly.
 */
export function raiseException(
  context: OrchestratorContext,
  fo: FulfillmentOrder,
  category: ExceptionCategory,
  detail: string,
  suggestedAction: SuggestedAction,
  lastKnown: Record<string, string> = {},
  audit: TransitionAudit = SYSTEM,
): FulfillmentOrder {
  const order = context.repo.requireOrder(fo.orderId);
  const item = context.exceptions.open({
    orderId: fo.orderId,
    foId: fo.foId,
    category,
    detail,
    suggestedAction,
    customerTier: order.customerTier,
    lastKnown: { orchestrator: fo.state, ...lastKnown },
  });
  context.publisher.publish('exception.opened', item.exceptionId, fo.orderId, SOURCE, { foId: fo.foId, category, suggestedAction, slaTier: item.slaTier, detail });
  // Some states cannot be parked: a closed FO (a shipment reported after it completed elsewhere),
  // a handed-over one whose capture was refused. The item is on the queue for a person and the FO
  // keeps its state (a non-terminal one then shows as stuck to every check); throwing here would
  // kill the background step that found the break and hide it.
  if (fo.state === 'EXCEPTION' || !transition(fo.state, 'escalate').ok) return fo;
  return applyFoEvent(context, fo, 'escalate', {}, '', audit);
}
