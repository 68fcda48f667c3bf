import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Delivery, FulfillmentMethod, OrderLine } from '../../orchestrator/model/types.ts';
import type { NodeSpec } from '../../orchestrator/plugin.ts';
import { routeLines, type RoutingPlan, type RoutingRequest } from '../../orchestrator/routing/route-lines.ts';
import { compileRoutingPolicy, DEFAULT_ROUTING_POLICY, DEFAULT_ROUTING_RULES, RoutingConfigError, type RoutingPolicy, type RoutingRule } from '../../orchestrator/routing/routing-rules.ts';

const SKUS = ['A', 'B', 'C'] as const;
const NODE_IDS = ['N1', 'N2', 'N3', 'N4', 'N5'] as const;

interface World {
  nodes: NodeSpec[];
  /** `<nodeId>|<sku>` -> units. */
  stock: Map<string, number>;
  /** nodeId -> FO slots left today; absent: no limit. */
  capacity: Map<string, number>;
  lines: OrderLine[];
  delivery: Delivery;
  excluded: Set<string>;
  policy: RoutingPolicy;
}

const VALID_RULE_LISTS: readonly (readonly RoutingRule[])[] = [
  DEFAULT_ROUTING_RULES,
  ['pickup-store-only', 'single-node-first', 'split-by-line'],
  ['cost-rank', 'pickup-store-only', 'split-by-line'],
  ['pickup-store-only', 'single-node-first'],
  ['cost-rank', 'single-node-first', 'pickup-store-only'],
];

const nodeArb = (nodeId: string): fc.Arbitrary<NodeSpec> =>
  fc.record({
    kind: fc.constantFrom('DC' as const, 'STORE' as const),
    methods: fc.subarray(['SHIP_FROM_DC', 'SHIP_FROM_STORE', 'BOPIS', 'CURBSIDE'] as FulfillmentMethod[]),
    safetyStock: fc.nat(3),
    costRank: fc.option(fc.nat(3), { nil: undefined }),
  }).map(({ costRank, ...rest }) => ({ nodeId, timeZone: 'America/Chicago', ...rest, ...(costRank === undefined ? {} : { costRank }) }));

/** Small worlds: few nodes, SKUs and units, so stock, capacity and safety stock bind often. */
const worldArb: fc.Arbitrary<World> = fc
  .integer({ min: 1, max: NODE_IDS.length })
  .chain((count) => {
    const ids = NODE_IDS.slice(0, count);
    return fc.record({
      nodes: fc.tuple(...ids.map(nodeArb)),
      stock: fc.array(fc.nat(8), { minLength: count * SKUS.length, maxLength: count * SKUS.length }),
      capacity: fc.array(fc.option(fc.nat(2), { nil: undefined }), { minLength: count, maxLength: count }),
      lines: fc.array(fc.record({ sku: fc.constantFrom(...SKUS), quantity: fc.integer({ min: 1, max: 3 }) }), { minLength: 1, maxLength: 4 }),
      pickupAt: fc.option(fc.constantFrom(...ids), { nil: undefined }),
      excluded: fc.subarray([...ids]),
      rules: fc.constantFrom(...VALID_RULE_LISTS),
    });
  })
  .map(({ nodes, stock, capacity, lines, pickupAt, excluded, rules }) => ({
    nodes,
    stock: new Map(nodes.flatMap((node, n) => SKUS.map((sku, s) => [`${node.nodeId}|${sku}`, stock[n * SKUS.length + s] ?? 0] as const))),
    capacity: new Map(nodes.flatMap((node, n) => (capacity[n] === undefined ? [] : [[node.nodeId, capacity[n]] as const]))),
    lines: lines.map((line, index) => ({ lineNo: index + 1, sku: line.sku, quantity: line.quantity, unitPriceCents: 100 })),
    delivery: pickupAt === undefined ? { method: 'SHIP' as const } : { method: 'PICKUP' as const, storeId: pickupAt },
    excluded: new Set(excluded),
    policy: compileRoutingPolicy({ rules: rules }),
  }));

function route(world: World): RoutingPlan {
  const request: RoutingRequest = {
    lines: world.lines,
    delivery: world.delivery,
    nodes: world.nodes,
    excludedNodeIds: world.excluded,
    available: (nodeId, sku) => world.stock.get(`${nodeId}|${sku}`) ?? 0,
    remainingCapacity: (nodeId) => world.capacity.get(nodeId) ?? Number.POSITIVE_INFINITY,
    policy: world.policy,
  };
  return routeLines(request);
}

// The model: what a node may do, written out plainly, without the router's code.
const slots = (world: World, nodeId: string): number => world.capacity.get(nodeId) ?? Number.POSITIVE_INFINITY;
const units = (world: World, nodeId: string, sku: string): number => world.stock.get(`${nodeId}|${sku}`) ?? 0;

function offersMethod(world: World, node: NodeSpec): boolean {
  if (world.delivery.method === 'PICKUP') return node.nodeId === world.delivery.storeId && (node.methods.includes('BOPIS') || node.methods.includes('CURBSIDE'));
  return node.kind === 'DC' ? node.methods.includes('SHIP_FROM_DC') : node.methods.includes('SHIP_FROM_STORE');
}

/** The node could take these lines alone, as one FO, above its safety stock. */
function couldServe(world: World, node: NodeSpec, lines: readonly OrderLine[]): boolean {
  if (world.excluded.has(node.nodeId) || !offersMethod(world, node) || slots(world, node.nodeId) < 1) return false;
  // Only the SKUs the order asks for: safety stock of other SKUs does not matter to it.
  const ordered = new Set(lines.map((line) => line.sku));
  return SKUS.filter((sku) => ordered.has(sku)).every((sku) => units(world, node.nodeId, sku) - lines.filter((line) => line.sku === sku).reduce((sum, line) => sum + line.quantity, 0) >= node.safetyStock);
}

const rank = (node: NodeSpec): number => node.costRank ?? Number.POSITIVE_INFINITY;
const nodeOf = (world: World, nodeId: string): NodeSpec => {
  const node = world.nodes.find((candidate) => candidate.nodeId === nodeId);
  if (node === undefined) throw new Error(`plan names unknown node ${nodeId}`);
  return node;
};

describe('routeLines properties', () => {
  it('routes every line exactly once: assigned or unroutable', () => {
    fc.assert(
      fc.property(worldArb, (world) => {
        const plan = route(world);
        const seen = [...plan.assignments.flatMap((a) => a.lines), ...plan.unroutable].map((line) => line.lineNo).sort((a, b) => a - b);
        expect(seen).toEqual(world.lines.map((line) => line.lineNo));
      }),
    );
  });

  it('never assigns a node more FOs than its remaining capacity', () => {
    fc.assert(
      fc.property(worldArb, (world) => {
        const plan = route(world);
        for (const nodeId of new Set(plan.assignments.map((a) => a.nodeId))) {
          expect(plan.assignments.filter((a) => a.nodeId === nodeId).length).toBeLessThanOrEqual(slots(world, nodeId));
        }
      }),
    );
  });

  it('never promises into safety stock (lines of one SKU counted together)', () => {
    fc.assert(
      fc.property(worldArb, (world) => {
        for (const assignment of route(world).assignments) {
          const node = nodeOf(world, assignment.nodeId);
          for (const sku of SKUS) {
            const taken = assignment.lines.filter((line) => line.sku === sku).reduce((sum, line) => sum + line.quantity, 0);
            if (taken > 0) expect(units(world, node.nodeId, sku) - taken).toBeGreaterThanOrEqual(node.safetyStock);
          }
        }
      }),
    );
  });

  it('sends a pickup order only to the chosen store, by a pickup method', () => {
    fc.assert(
      fc.property(worldArb, (world) => {
        fc.pre(world.delivery.method === 'PICKUP');
        for (const assignment of route(world).assignments) {
          expect(assignment.nodeId).toBe(world.delivery.method === 'PICKUP' ? world.delivery.storeId : '');
          expect(['BOPIS', 'CURBSIDE']).toContain(assignment.method);
        }
      }),
    );
  });

  it('never chooses an excluded node, nor one without a method for the delivery', () => {
    fc.assert(
      fc.property(worldArb, (world) => {
        for (const assignment of route(world).assignments) {
          expect(world.excluded.has(assignment.nodeId)).toBe(false);
          expect(offersMethod(world, nodeOf(world, assignment.nodeId))).toBe(true);
        }
      }),
    );
  });

  it('uses one node for every line when one node can serve them all (fewest splits)', () => {
    fc.assert(
      fc.property(worldArb, (world) => {
        fc.pre(world.policy.strategies[0] === 'single-node-first');
        fc.pre(world.nodes.some((node) => couldServe(world, node, world.lines)));
        const plan = route(world);
        expect(plan.assignments).toHaveLength(1);
        expect(plan.unroutable).toEqual([]);
      }),
    );
  });

  it('among nodes that can serve the whole order, picks the lowest cost rank', () => {
    fc.assert(
      fc.property(worldArb, (world) => {
        fc.pre(world.policy.costRank && world.policy.strategies[0] === 'single-node-first');
        const able = world.nodes.filter((node) => couldServe(world, node, world.lines));
        fc.pre(able.length > 0);
        const [only] = route(world).assignments;
        expect(only).toBeDefined();
        expect(rank(nodeOf(world, only?.nodeId ?? ''))).toBe(Math.min(...able.map(rank)));
      }),
    );
  });

  it('without cost-rank, keeps config order among nodes that can serve the whole order', () => {
    fc.assert(
      fc.property(worldArb, (world) => {
        const policy = compileRoutingPolicy({ rules: ['pickup-store-only', 'single-node-first', 'split-by-line'] });
        const first = world.nodes.find((node) => couldServe(world, node, world.lines));
        fc.pre(first !== undefined);
        expect(route({ ...world, policy }).assignments.map((a) => a.nodeId)).toEqual([first?.nodeId]);
      }),
    );
  });
});

describe('routing rule lists', () => {
  it('defaults to the documented list', () => {
    expect(compileRoutingPolicy(undefined)).toBe(DEFAULT_ROUTING_POLICY);
    expect(compileRoutingPolicy({ rules: DEFAULT_ROUTING_RULES })).toEqual(DEFAULT_ROUTING_POLICY);
  });

  it('rejects an unknown rule, naming it and its position', () => {
    const compile = (): unknown => compileRoutingPolicy({ rules: ['pickup-store-only', 'nearest-store', 'split-by-line'] });
    expect(compile).toThrow(RoutingConfigError);
    expect(compile).toThrow(/routing\.rules\[1\]: unknown routing rule "nearest-store"/);
  });

  it('rejects a repeated rule', () => {
    expect(() => compileRoutingPolicy({ rules: ['pickup-store-only', 'split-by-line', 'split-by-line'] })).toThrow(/"split-by-line" is listed twice/);
  });

  it('rejects a list without pickup-store-only', () => {
    expect(() => compileRoutingPolicy({ rules: ['single-node-first', 'split-by-line'] })).toThrow(/"pickup-store-only" is required/);
  });

  it('rejects a list without any strategy', () => {
    expect(() => compileRoutingPolicy({ rules: ['pickup-store-only', 'cost-rank'] })).toThrow(/needs "single-node-first" or "split-by-line"/);
  });

  it('rejects a strategy after split-by-line, which would never run', () => {
    expect(() => compileRoutingPolicy({ rules: ['pickup-store-only', 'split-by-line', 'single-node-first'] })).toThrow(/"single-node-first" comes after "split-by-line"/);
  });

  it('with single-node-first alone, backorders what one node cannot serve whole', () => {
    const node: NodeSpec = { nodeId: 'DC1', kind: 'DC', timeZone: 'UTC', methods: ['SHIP_FROM_DC'], safetyStock: 0 };
    const plan = routeLines({
      lines: [{ lineNo: 1, sku: 'A', quantity: 1, unitPriceCents: 1 }, { lineNo: 2, sku: 'B', quantity: 1, unitPriceCents: 1 }],
      delivery: { method: 'SHIP' },
      nodes: [node],
      excludedNodeIds: new Set(),
      available: (_nodeId, sku) => (sku === 'A' ? 5 : 0),
      policy: compileRoutingPolicy({ rules: ['pickup-store-only', 'single-node-first'] }),
    });
    expect(plan.assignments).toEqual([]);
    expect(plan.unroutable.map((line) => line.lineNo)).toEqual([1, 2]);
    expect(plan.rule).toBe('none');
  });
});
