import type { NodeSpec } from '../plugin.ts';
import type { Delivery, FulfillmentMethod, OrderLine } from '../model/types.ts';
import { DEFAULT_ROUTING_POLICY, type RoutingPolicy } from './routing-rules.ts';

export interface RoutingRequest {
  lines: readonly OrderLine[];
  delivery: Delivery;
  /** Candidate nodes in config order; the policy's `cost-rank` rule reorders them by `costRank`. */
  nodes: readonly NodeSpec[];
  excludedNodeIds: ReadonlySet<string>;
  /** Units the orchestrator believes it may still promise at a node. */
  available(nodeId: string, sku: string): number;
  /**
   * How many more FOs a node may be assigned today (its local day); absent: no limit. A plan
   * assigns at most this many FOs (one per assignment) to a node.
   */
  remainingCapacity?(nodeId: string): number;
  /** The validated rule list (`compileRoutingPolicy`); absent: the default. */
  policy?: RoutingPolicy;
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
  rule: 'single-node' | 'split-by-line' | 'pickup-store' | 'none';
}

/** The method a node would fulfil this delivery with, or undefined if it cannot (a pickup: only the chosen store). */
export function methodFor(node: NodeSpec, delivery: Delivery): FulfillmentMethod | undefined {
  if (delivery.method === 'PICKUP') {
    if (node.nodeId !== delivery.storeId) return undefined;
    if (node.methods.includes('BOPIS')) return 'BOPIS';
    return node.methods.includes('CURBSIDE') ? 'CURBSIDE' : undefined;
  }
  if (node.kind === 'DC') return node.methods.includes('SHIP_FROM_DC') ? 'SHIP_FROM_DC' : undefined;
  return node.methods.includes('SHIP_FROM_STORE') ? 'SHIP_FROM_STORE' : undefined;
}

/** Unranked nodes come after every ranked one. */
const rankOf = (node: NodeSpec): number => node.costRank ?? Number.POSITIVE_INFINITY;

interface Candidate {
  node: NodeSpec;
  method: FulfillmentMethod;
}

/**
 * Routing, pure, driven by the policy's rules (docs/routing.md): candidates are the nodes not
 * excluded that offer a method for the delivery (pickup: only the store the customer chose),
 * ordered by cost rank when that rule is on; then each strategy in list order: one node for
 * every line (fewest splits), or line by line. Never promises into a node's safety stock, never
 * assigns a node more FOs than its remaining capacity.
 */
export function routeLines(request: RoutingRequest): RoutingPlan {
  const policy = request.policy ?? DEFAULT_ROUTING_POLICY;
  const remaining = (node: NodeSpec): number => request.remainingCapacity?.(node.nodeId) ?? Number.POSITIVE_INFINITY;
  let eligible = request.nodes
    .filter((node) => !request.excludedNodeIds.has(node.nodeId))
    .map((node) => ({ node, method: methodFor(node, request.delivery) }))
    .filter((candidate): candidate is Candidate => candidate.method !== undefined);
  // Array sort is stable: equal ranks keep config order, so no ranks at all changes nothing.
  if (policy.costRank && eligible.some(({ node }) => node.costRank !== undefined)) eligible = [...eligible].sort((a, b) => rankOf(a.node) - rankOf(b.node) || 0);
  const pickup = request.delivery.method === 'PICKUP';

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

  const singleNode = (): RoutingPlan | undefined => {
    for (const { node, method } of eligible) {
      if (remaining(node) < 1) continue;
      if (canTakeAll(node, request.lines, request.available)) {
        return { assignments: [{ nodeId: node.nodeId, method, lines: [...request.lines] }], unroutable: [], rule: pickup ? 'pickup-store' : 'single-node' };
      }
    }
    return undefined;
  };

  const splitByLine = (): RoutingPlan => {
    const byNode = new Map<string, Assignment>();
    const unroutable: OrderLine[] = [];
    for (const line of request.lines) {
      const chosen = eligible.find(({ node }) => (byNode.has(node.nodeId) || remaining(node) >= 1) && canTake(node, line));
      if (chosen === undefined) {
        unroutable.push(line);
        continue;
      }
      take(chosen.node, line);
      const assignment = byNode.get(chosen.node.nodeId) ?? { nodeId: chosen.node.nodeId, method: chosen.method, lines: [] };
      assignment.lines.push(line);
      byNode.set(chosen.node.nodeId, assignment);
    }
    return { assignments: [...byNode.values()], unroutable, rule: pickup ? 'pickup-store' : 'split-by-line' };
  };

  for (const strategy of policy.strategies) {
    switch (strategy) {
      case 'single-node-first': {
        const plan = singleNode();
        if (plan !== undefined) return plan;
        break;
      }
      case 'split-by-line':
        return splitByLine();
      default: {
        const never: never = strategy;
        throw new Error(`unhandled routing strategy ${String(never)}`);
      }
    }
  }
  return { assignments: [], unroutable: [...request.lines], rule: pickup ? 'pickup-store' : 'none' };
}

/** One node takes every line, lines of the same SKU counted together, above its safety stock. */
function canTakeAll(node: NodeSpec, lines: readonly OrderLine[], available: RoutingRequest['available']): boolean {
  const wanted = new Map<string, number>();
  for (const line of lines) wanted.set(line.sku, (wanted.get(line.sku) ?? 0) + line.quantity);
  for (const [sku, units] of wanted) if (available(node.nodeId, sku) - units < node.safetyStock) return false;
  return true;
}
