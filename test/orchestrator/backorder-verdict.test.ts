import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Delivery, OrderLine } from '../../orchestrator/model/types.ts';
import type { NodeSpec } from '../../orchestrator/plugin.ts';
import { deadlineVerdict, eligibleNodes } from '../../orchestrator/routing/backorder-verdict.ts';
import { routeLines, type RoutingRequest } from '../../orchestrator/routing/route-lines.ts';

const NODES: readonly NodeSpec[] = [
  { nodeId: 'DC1', kind: 'DC', timeZone: 'America/Chicago', methods: ['SHIP_FROM_DC'], safetyStock: 0 },
  { nodeId: 'S1', kind: 'STORE', timeZone: 'America/New_York', methods: ['SHIP_FROM_STORE', 'BOPIS'], safetyStock: 2 },
  { nodeId: 'S2', kind: 'STORE', timeZone: 'America/Chicago', methods: ['BOPIS'], safetyStock: 1 },
  { nodeId: 'S3', kind: 'STORE', timeZone: 'America/Denver', methods: ['SHIP_FROM_STORE', 'CURBSIDE'], safetyStock: 0 },
];
const NODE_IDS = NODES.map((node) => node.nodeId);
const LINE: OrderLine = { lineNo: 1, sku: 'SKU-1', quantity: 2, unitPriceCents: 500 };

const delivery = fc.oneof(fc.constant<Delivery>({ method: 'SHIP' }), fc.constantFrom(...NODE_IDS.slice(1)).map((storeId): Delivery => ({ method: 'PICKUP', storeId })));
const stockAt = fc.record(Object.fromEntries(NODE_IDS.map((id) => [id, fc.integer({ min: 0, max: 6 })])) as Record<string, fc.Arbitrary<number>>);
const flags = fc.record(Object.fromEntries(NODE_IDS.map((id) => [id, fc.boolean()])) as Record<string, fc.Arbitrary<boolean>>);
const excluded = fc.subarray(NODE_IDS);
const line = fc.record({ lineNo: fc.constant(1), sku: fc.constant('SKU-1'), quantity: fc.integer({ min: 1, max: 4 }), unitPriceCents: fc.constant(500) });

function request(lines: OrderLine[], how: Delivery, stock: Record<string, number>, without: string[], capacity?: Record<string, number>): RoutingRequest {
  return {
    lines,
    delivery: how,
    nodes: NODES,
    excludedNodeIds: new Set(without),
    available: (nodeId) => stock[nodeId] ?? 0,
    ...(capacity === undefined ? {} : { remainingCapacity: (nodeId: string) => capacity[nodeId] ?? 0 }),
  };
}

/** Some eligible node has the units above its safety stock. */
function someoneHasIt(req: RoutingRequest, wanted: OrderLine): boolean {
  return eligibleNodes(req).some((node) => req.available(node.nodeId, wanted.sku) - wanted.quantity >= node.safetyStock);
}

describe('backorder deadline verdict', () => {
  it('never declares units unavailable that an eligible node has, nor on a stale count; routing then takes the line', () => {
    fc.assert(
      fc.property(line, delivery, stockAt, flags, excluded, (wanted, how, stock, fresh, without) => {
        const req = request([wanted], how, stock, without);
        const verdict = deadlineVerdict(req, (nodeId) => fresh[nodeId] ?? false);
        const stale = eligibleNodes(req).filter((node) => !fresh[node.nodeId]).map((node) => node.nodeId);
        expect(verdict.waitingFor).toEqual(stale);
        if (stale.length > 0) expect(verdict.unavailable).toEqual([]);
        else expect(verdict.unavailable.length > 0).toBe(!someoneHasIt(req, wanted));
        // Whoever has it gets it: the retry that follows a verdict routes the line.
        if (someoneHasIt(req, wanted)) expect(routeLines(req).assignments.map((a) => a.lines)).toEqual([[wanted]]);
      }),
    );
  });

  it('a pickup is judged on the chosen store alone, whatever the DCs and other stores hold', () => {
    fc.assert(
      fc.property(fc.constantFrom('S1', 'S2', 'S3'), stockAt, (storeId, stock) => {
        const req = request([LINE], { method: 'PICKUP', storeId }, stock, []);
        const verdict = deadlineVerdict(req, () => true);
        expect(verdict.eligible).toEqual([storeId]);
        const node = NODES.find((candidate) => candidate.nodeId === storeId) as NodeSpec;
        expect(verdict.unavailable.length > 0).toBe((stock[storeId] ?? 0) - LINE.quantity < node.safetyStock);
      }),
    );
  });

  it('a node with the stock but no capacity left today makes nothing unavailable: the line waits for tomorrow', () => {
    fc.assert(
      fc.property(stockAt, (stock) => {
        const req = request([LINE], { method: 'SHIP' }, stock, [], { DC1: 0, S1: 0, S2: 0, S3: 0 });
        const verdict = deadlineVerdict(req, () => true);
        expect(verdict.unavailable.length > 0).toBe(!someoneHasIt(req, LINE));
        expect(routeLines(req).assignments).toEqual([]);
      }),
    );
  });

  it('over any sequence of stores going up and down and stock moving, a waiting SHIP line is routed at the first retry where an eligible node has it, and cancelled only once every eligible node has vouched that it has none', () => {
    const step = fc.record({ stock: stockAt, up: flags });
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 12 }), excluded, (steps, without) => {
        for (const { stock, up } of steps) {
          // A store that is down cannot answer: its count is stale, and routing does not see its stock.
          const seen = Object.fromEntries(NODE_IDS.map((id) => [id, NODES.find((n) => n.nodeId === id)?.kind === 'DC' || up[id] ? (stock[id] ?? 0) : 0]));
          const req = request([LINE], { method: 'SHIP' }, seen, without);
          const verdict = deadlineVerdict(req, (nodeId) => NODES.find((n) => n.nodeId === nodeId)?.kind === 'DC' || (up[nodeId] ?? false));
          const plan = routeLines(req);
          if (someoneHasIt(req, LINE)) {
            expect(plan.unroutable).toEqual([]);
            expect(verdict.unavailable).toEqual([]);
            return; // routed: it stops waiting
          }
          expect(plan.unroutable).toEqual([LINE]);
          const allVouched = eligibleNodes(req).every((node) => node.kind === 'DC' || up[node.nodeId]);
          expect(verdict.unavailable.length > 0).toBe(allVouched);
          if (allVouched) return; // cancelled as unavailable
        }
      }),
    );
  });

  it('with no eligible node left (every one excluded), the units are unavailable', () => {
    const verdict = deadlineVerdict(request([LINE], { method: 'PICKUP', storeId: 'S2' }, { S2: 9 }, ['S2']), () => false);
    expect(verdict).toEqual({ unavailable: [LINE], waitingFor: [], eligible: [] });
  });
});
