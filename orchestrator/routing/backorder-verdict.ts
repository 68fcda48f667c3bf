import type { NodeSpec } from '../plugin.ts';
import type { OrderLine } from '../model/types.ts';
import { methodFor, routeLines, type RoutingRequest } from './route-lines.ts';

/**
 * What to do with a backordered FO's lines once its deadline has passed (docs/routing.md,
 * "Backorders"). Pure, so the policy can be checked over any stock and any freshness.
 *
 * - `unavailable`: no eligible node has the units by facts read *after* the FO started waiting
 *   (a store's POS answered just now, a DC's snapshot is newer than the backorder). These units
 *   are cancelled: waiting longer cannot help, since nothing restocks them on its own.
 * - `waitingFor`: eligible nodes whose stock we cannot vouch for yet (a store that did not answer,
 *   a DC with no snapshot since the FO started waiting). Nothing is cancelled on stale facts.
 * Lines that have the stock somewhere but not the capacity today are neither: they wait for a
 * new day's slot, and routing retries them.
 */
export interface DeadlineVerdict {
  unavailable: OrderLine[];
  waitingFor: string[];
  /** The eligible nodes that were asked: named in the cancel's reason. */
  eligible: string[];
}

/** The nodes routing could ever send these lines to: they offer the delivery and did not refuse the FO. */
export function eligibleNodes(request: Pick<RoutingRequest, 'nodes' | 'delivery' | 'excludedNodeIds'>): NodeSpec[] {
  return request.nodes.filter((node) => !request.excludedNodeIds.has(node.nodeId) && methodFor(node, request.delivery) !== undefined);
}

export function deadlineVerdict(request: RoutingRequest, isFresh: (nodeId: string) => boolean): DeadlineVerdict {
  const eligible = eligibleNodes(request);
  const waitingFor = eligible.filter((node) => !isFresh(node.nodeId)).map((node) => node.nodeId);
  if (waitingFor.length > 0) return { unavailable: [], waitingFor, eligible: eligible.map((node) => node.nodeId) };
  // Capacity is left out on purpose: a node with the stock but no slot today serves it tomorrow.
  // Each line on its own: a line is unavailable only if no node could take it even alone.
  const { delivery, nodes, excludedNodeIds, available, policy } = request;
  const alone = (line: OrderLine): RoutingRequest => ({ lines: [line], delivery, nodes, excludedNodeIds, available, ...(policy === undefined ? {} : { policy }) });
  const unavailable = request.lines.filter((line) => routeLines(alone(line)).unroutable.length > 0);
  return { unavailable, waitingFor: [], eligible: eligible.map((node) => node.nodeId) };
}
