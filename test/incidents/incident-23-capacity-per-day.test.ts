import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { NodeSpec } from '../../orchestrator/plugin.ts';
import { routeLines } from '../../orchestrator/routing/route-lines.ts';

const SKUS = ['A', 'B', 'C'];
const NODES: NodeSpec[] = [
  { nodeId: 'DC1', kind: 'DC', timeZone: 'UTC', methods: ['SHIP_FROM_DC'], safetyStock: 0 },
  { nodeId: 'S1', kind: 'STORE', timeZone: 'UTC', methods: ['SHIP_FROM_STORE'], safetyStock: 0 },
  { nodeId: 'S2', kind: 'STORE', timeZone: 'UTC', methods: ['SHIP_FROM_STORE'], safetyStock: 0 },
];

describe('incident 23: a holiday spike overloads a node (capacity per day)', () => {
  it('never assigns a node that has no capacity left today, and at most one new FO per node per routing', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(1), { minLength: 3, maxLength: 3 }),
        fc.array(fc.nat(6), { minLength: 9, maxLength: 9 }),
        fc.uniqueArray(fc.record({ sku: fc.constantFrom(...SKUS), quantity: fc.integer({ min: 1, max: 3 }) }), { minLength: 1, maxLength: 3, selector: (line) => line.sku }),
        (capacity, stock, lines) => {
          const plan = routeLines({
            lines: lines.map((line, index) => ({ lineNo: index + 1, sku: line.sku, quantity: line.quantity, unitPriceCents: 100 })),
            delivery: { method: 'SHIP' },
            nodes: NODES,
            excludedNodeIds: new Set(),
            available: (nodeId, sku) => stock[NODES.findIndex((node) => node.nodeId === nodeId) * 3 + SKUS.indexOf(sku)] ?? 0,
            remainingCapacity: (nodeId) => capacity[NODES.findIndex((node) => node.nodeId === nodeId)] ?? 0,
          });
          const perNode = new Map<string, number>();
          for (const assignment of plan.assignments) perNode.set(assignment.nodeId, (perNode.get(assignment.nodeId) ?? 0) + 1);
          for (const [nodeId, count] of perNode) {
            expect(count, nodeId).toBeLessThanOrEqual(capacity[NODES.findIndex((node) => node.nodeId === nodeId)] ?? 0);
          }
        },
      ),
      { seed: 23, numRuns: 2_000 },
    );
  });
});
