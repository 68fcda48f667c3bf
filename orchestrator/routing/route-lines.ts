import type { NodeSpec } from '../plugin.ts';
import type { Delivery, FulfillmentMethod, OrderLine } from '../model/types.ts';

export interface RoutingRequest {
  lines: readonly OrderLine[];
  delivery: Delivery;
  /** Candidate nodes in preference order (cost rank): DCs and stores as configured. */
  nodes: readonly NodeSpec[];
  excludedNodeIds: ReadonlySet<string>;
  /** Units the orchestrator believes it may still promise at a node. */
  available(nodeId: string, sku: string): number;
}

export interface Assignment {
  nodeId: string;
  method: FulfillmentMethod;
  lines: OrderLine[];
}

export interface RoutingPlan {
  assignments: Assignment[];
  /** Lines no eligible node can serve now. */
  unroutable: OrderLine[];
  /** Which rule decided, for the routing.decided event. */
  rule: 'single-node' | 'split-by-line' | 'pickup-store';
}

function methodFor(node: NodeSpec, delivery: Delivery): FulfillmentMethod | undefined {
  if (delivery.method === 'PICKUP') {
    if (node.nodeId !== delivery.storeId) return undefined;
    if (node.methods.includes('BOPIS')) return 'BOPIS';
    return node.methods.includes('CURBSIDE') ? 'CURBSIDE' : undefined;
  }
  if (node.kind === 'DC') return node.methods.includes('SHIP_FROM_DC') ? 'SHIP_FROM_DC' : undefined;
  return node.methods.includes('SHIP_FROM_STORE') ? 'SHIP_FROM_STORE' : undefined;
}

/**
 * Routing, pure: fewest splits first (one node for every line), then line by line in node
 * preference order, never promising into a node's safety stock. Pickup orders go only to the
 * store the customer chose.
 */
export function routeLines(request: RoutingRequest): RoutingPlan {
  const eligible = request.nodes
    .filter((node) => !request.excludedNodeIds.has(node.nodeId))
    .map((node) => ({ node, method: methodFor(node, request.delivery) }))
    .filter((candidate): candidate is { node: NodeSpec; method: FulfillmentMethod } => candidate.method !== undefined);

  const promised = new Map<string, number>();
  const canTake = (node: NodeSpec, line: OrderLine): boolean => {
    const key = `${node.nodeId}|${line.sku}`;
    const already = promised.get(key) ?? 0;
    return request.available(node.nodeId, line.sku) - already - line.quantity >= node.safetyStock;
  };
  const take = (node: NodeSpec, line: OrderLine): void => {
    const key = `${node.nodeId}|${line.sku}`;
    promised.set(key, (promised.get(key) ?? 0) + line.quantity);
  };

  for (const { node, method } of eligible) {
    if (request.lines.every((line) => canTake(node, line))) {
      return { assignments: [{ nodeId: node.nodeId, method, lines: [...request.lines] }], unroutable: [], rule: request.delivery.method === 'PICKUP' ? 'pickup-store' : 'single-node' };
    }
  }

  const byNode = new Map<string, Assignment>();
  const unroutable: OrderLine[] = [];
  for (const line of request.lines) {
    const chosen = eligible.find(({ node }) => canTake(node, line));
    if (chosen === undefined) {
      unroutable.push(line);
      continue;
    }
    take(chosen.node, line);
    const assignment = byNode.get(chosen.node.nodeId) ?? { nodeId: chosen.node.nodeId, method: chosen.method, lines: [] };
    assignment.lines.push(line);
    byNode.set(chosen.node.nodeId, assignment);
  }
  return { assignments: [...byNode.values()], unroutable, rule: request.delivery.method === 'PICKUP' ? 'pickup-store' : 'split-by-line' };
}
