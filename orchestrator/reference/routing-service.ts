import type { FoLine, FulfillmentOrder, Order, OrderLine } from '../model/types.ts';
import type { OrchestratorConfig } from '../plugin.ts';
import { NodeCapacityCounter } from '../routing/node-capacity.ts';
import { routeLines, type Assignment } from '../routing/route-lines.ts';
import { compileRoutingPolicy, type RoutingPolicy } from '../routing/routing-rules.ts';
import { requireNode, SOURCE, type OrchestratorContext } from './context.ts';
import { applyFoEvent, raiseException, type TransitionAudit } from './lifecycle.ts';

function openLines(fo: FulfillmentOrder): OrderLine[] {
  return fo.lines.map((line) => ({ lineNo: line.lineNo, sku: line.sku, quantity: line.quantity - line.cancelled, unitPriceCents: line.unitPriceCents }));
}

function freshLine(line: OrderLine): FoLine {
  return { lineNo: line.lineNo, sku: line.sku, quantity: line.quantity, unitPriceCents: line.unitPriceCents, shipped: 0, pickedUp: 0, cancelled: 0, holdId: null, externalStatus: '' };
}

/** A new FO in CREATED for some lines of an order, recorded on the order. */
export function createFo(context: OrchestratorContext, order: Order, lines: readonly OrderLine[], excludedNodeIds: readonly string[] = []): FulfillmentOrder {
  const foId = `FO-${order.orderId}-${context.repo.nextCounter(`fo:${order.orderId}`)}`;
  const fo: FulfillmentOrder = {
    foId,
    orderId: order.orderId,
    nodeId: '',
    method: null,
    state: 'CREATED',
    lines: lines.map(freshLine),
    excludedNodeIds,
    reroutes: 0,
    stateSinceMs: context.ports.clock.nowMs(),
    backorderedSinceMs: null,
  };
  context.repo.putFo(fo);
  const latest = context.repo.requireOrder(order.orderId);
  context.repo.putOrder({ ...latest, foIds: [...latest.foIds, foId] });
  return fo;
}

const policies = new WeakMap<OrchestratorConfig, RoutingPolicy>();

/**
 * The config's validated routing rules (compiled once per config). Throws a RoutingConfigError
 * naming an unknown rule: call it when the orchestrator is created, so a bad list fails there.
 */
export function routingPolicy(config: OrchestratorConfig): RoutingPolicy {
  let policy = policies.get(config);
  if (policy === undefined) {
    policy = compileRoutingPolicy(config.routing);
    policies.set(config, policy);
  }
  return policy;
}

/**
 * Routes an FO that is in ROUTING: it keeps the first assignment, splits the others into new FOs,
 * and backorders what no node can serve now.
 */
export function routeFo(context: OrchestratorContext, foId: string, audit?: TransitionAudit): void {
  let fo = context.repo.requireFo(foId);
  const order = context.repo.requireOrder(fo.orderId);
  const excluded = new Set(fo.excludedNodeIds);
  const nowMs = context.ports.clock.nowMs();
  const capacity = new NodeCapacityCounter(context.ports.store);
  const request = {
    lines: openLines(fo),
    delivery: order.delivery,
    nodes: context.config.nodes,
    excludedNodeIds: excluded,
    available: (nodeId: string, sku: string) => context.inventory.available(nodeId, sku),
    // This FO's own slot at its current node (back from an exception) is not a second FO.
    remainingCapacity: (nodeId: string) => capacity.remaining(requireNode(context, nodeId), nowMs, fo.foId),
  };
  // A migration may hand routing to another orchestrator (shadow mode's capability flags).
  const delegated = context.config.delegated?.routing;
  const plan = delegated === undefined ? routeLines({ ...request, policy: routingPolicy(context.config) }) : delegated(request);
  const promise = promiseFor(context, plan.assignments, nowMs);
  context.publisher.publish('routing.decided', fo.foId, fo.orderId, SOURCE, {
    foId: fo.foId,
    rule: plan.rule,
    assignments: plan.assignments.map((a) => `${a.nodeId}:${a.method}:${a.lines.map((line) => line.lineNo).join('+')}`).join(' '),
    unroutable: plan.unroutable.map((line) => line.lineNo).join('+'),
    ...(promise === undefined ? {} : { promisedByMs: promise }),
  });

  const first = plan.assignments[0];
  const others = plan.assignments.slice(1);
  const stays = first !== undefined && first.nodeId === fo.nodeId && others.length === 0 && plan.unroutable.length === 0;
  if (fo.nodeId !== '' && !stays) {
    // Leaving a node where this FO may hold stock (back from an exception): give it back there.
    releaseHoldsLater(context, fo);
    const forget = context.parts.forgetHoldIdsWhenMoving;
    fo = context.repo.putFoAndReturn({ ...fo, nodeId: '', lines: fo.lines.map((line) => ({ ...line, holdId: forget ? null : line.holdId, externalStatus: line.externalStatus === 'REQUESTED' ? '' : line.externalStatus })) });
  }
  if (first === undefined) {
    applyFoEvent(context, fo, 'backorder', { backorderedSinceMs: fo.backorderedSinceMs ?? context.ports.clock.nowMs() }, '', audit);
    return;
  }
  allocate(context, fo, first, audit);
  for (const assignment of others) {
    const split = createFo(context, order, assignment.lines, fo.excludedNodeIds);
    allocate(context, applyFoEvent(context, split, 'route', {}, '', audit), assignment, audit);
  }
  if (plan.unroutable.length > 0) {
    const rest = createFo(context, order, plan.unroutable, fo.excludedNodeIds);
    // The lines left behind keep waiting since when they started: a retry that routes part of a
    // backordered FO does not restart the rest's deadline.
    applyFoEvent(context, applyFoEvent(context, rest, 'route', {}, '', audit), 'backorder', { backorderedSinceMs: fo.backorderedSinceMs ?? context.ports.clock.nowMs() }, '', audit);
  }
}

/**
 * The latest promised date over the plan's legs, when any node sets `promiseDays` (so configs
 * without one publish exactly what they did before); none for a plan with no assignment.
 */
function promiseFor(context: OrchestratorContext, assignments: readonly Assignment[], nowMs: number): number | undefined {
  if (assignments.length === 0 || !context.config.nodes.some((node) => node.promiseDays !== undefined)) return undefined;
  return Math.max(...assignments.map((a) => context.parts.promiseDate(requireNode(context, a.nodeId), a.method, nowMs)));
}

function allocate(context: OrchestratorContext, fo: FulfillmentOrder, assignment: Assignment, audit?: TransitionAudit): void {
  for (const line of assignment.lines) context.inventory.adjust(assignment.nodeId, line.sku, -line.quantity);
  new NodeCapacityCounter(context.ports.store).record(requireNode(context, assignment.nodeId), context.ports.clock.nowMs(), fo.foId);
  const keep = new Set(assignment.lines.map((line) => line.lineNo));
  const kept = fo.lines.filter((line) => keep.has(line.lineNo));
  const allocated = applyFoEvent(context, fo, 'allocate', {
    nodeId: assignment.nodeId,
    method: assignment.method,
    // The same array when every line stays (the usual case): the transition then has no unit moves to work out.
    lines: kept.length === fo.lines.length ? fo.lines : kept,
    backorderedSinceMs: null,
  }, '', audit);
  context.publisher.publish('fulfillment.assigned', fo.foId, fo.orderId, SOURCE, { foId: fo.foId, nodeId: assignment.nodeId, method: assignment.method });
  context.flows.dispatch(allocated.foId);
}

/** Gives back what an FO's lines took from the node's promise. */
export function restoreAvailability(context: OrchestratorContext, fo: FulfillmentOrder): void {
  for (const line of fo.lines) context.inventory.adjust(fo.nodeId, line.sku, line.quantity - line.cancelled - line.shipped - line.pickedUp);
}

/** A REJECTED FO goes back to routing without its node, a bounded number of times. */
export function rerouteFo(context: OrchestratorContext, foId: string): void {
  const fo = context.repo.requireFo(foId);
  if (fo.reroutes >= context.config.timing.maxReroutes) {
    raiseException(context, fo, 'REROUTE_LIMIT', `rejected by ${[...fo.excludedNodeIds, fo.nodeId].join(', ')}: no node left within ${context.config.timing.maxReroutes} re-routes`, 'escalate');
    return;
  }
  const rerouted = applyFoEvent(context, fo, 'reroute', {
    excludedNodeIds: [...fo.excludedNodeIds, fo.nodeId],
    reroutes: fo.reroutes + 1,
    nodeId: '',
    method: null,
    lines: fo.lines.map((line) => ({ ...line, holdId: null, externalStatus: '' })),
  });
  routeFo(context, rerouted.foId);
}

/** Holds to release at a store the FO is leaving; the store flow's sweep sends the releases. */
export const PENDING_RELEASES = 'pending-releases';

export interface PendingRelease {
  storeId: string;
  holdId: string;
  externalRef: string;
}

function releaseHoldsLater(context: OrchestratorContext, fo: FulfillmentOrder): void {
  if (context.nodesById.get(fo.nodeId)?.kind !== 'STORE') return;
  for (const line of fo.lines) {
    if (line.holdId === null) continue;
    context.ports.store.put<PendingRelease>(PENDING_RELEASES, `${fo.nodeId}/${line.holdId}`, { storeId: fo.nodeId, holdId: line.holdId, externalRef: `${fo.foId}:${line.lineNo}` });
  }
}

/**
 * Moves units an FO's node will not serve (rejected, short-shipped, not on the shelf) into a new
 * FO that never goes back to that node, announces the split and routes the new FO. What the node
 * did serve stays on the original FO: re-routing it would serve it twice.
 */
export function routeRemainderElsewhere(context: OrchestratorContext, fo: FulfillmentOrder, lines: readonly OrderLine[], awayFromNodeId: string, reason: string, audit?: TransitionAudit): FulfillmentOrder {
  const rest = createFo(context, context.repo.requireOrder(fo.orderId), lines, [...fo.excludedNodeIds, awayFromNodeId]);
  context.publisher.publish('fulfillment.split', fo.foId, fo.orderId, SOURCE, { foId: fo.foId, remainderFoId: rest.foId, lines: lines.map((line) => line.lineNo).join('+'), reason });
  routeFo(context, applyFoEvent(context, rest, 'route', {}, reason, audit).foId, audit);
  return rest;
}

/** An FO line's units not yet shipped, picked up or cancelled, as an order line to route again. */
export function unservedUnits(line: FoLine): OrderLine {
  return { lineNo: line.lineNo, sku: line.sku, quantity: line.quantity - line.cancelled - line.shipped - line.pickedUp, unitPriceCents: line.unitPriceCents };
}
