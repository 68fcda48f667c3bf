import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { OrchestratorView, OrderView } from '../../orchestrator/plugin.ts';
import { runEndOfRunChecks } from '../../sim/invariants/end-of-run.ts';
import type { CheckContext, EndOfRun, Finding, InvariantChecker } from '../../sim/invariants/types.ts';

function order(orderId: string): OrderView {
  return { orderId, payment: null, channel: 'web', channelOrderId: orderId, status: 'OPEN', closed: false, fulfillmentOrders: [] };
}

/** A context whose view counts how often every order was read. */
function contextOver(orders: readonly OrderView[]): { context: CheckContext; passes: () => number } {
  let passes = 0;
  const view: OrchestratorView = {
    orders: () => {
      passes++;
      return orders;
    },
    order: (orderId) => orders.find((candidate) => candidate.orderId === orderId),
    openOrderCount: () => orders.length,
    openExceptions: () => [{ exceptionId: 'x1', orderId: 'o2', foId: 'FO-o2-1', category: 'DOUBLE_DECREMENT', suggestedAction: 'escalate', slaTier: 'P2', openedAtMs: 0, dueAtMs: 0, detail: '' }],
  };
  const context = { view, lastEventOf: () => null, orderOf: () => '' } as unknown as CheckContext;
  return { context, passes: () => passes };
}

const finding = (invariant: string, orderId: string, detail: string): Finding => ({ invariant, orderId, detail, firstBadEvent: null });

describe('end-of-run checks: one pass over the orders, findings grouped by checker', () => {
  it('reads the orders once for every per-order checker, and hands atEnd the same shared facts', () => {
    const orders = [order('o1'), order('o2'), order('o3')];
    const { context, passes } = contextOver(orders);
    const seen: string[] = [];
    const ends = new Set<EndOfRun>();
    const perOrder = (name: string): InvariantChecker => ({
      name,
      atEndOrder(each, end, report) {
        ends.add(end);
        seen.push(`${name}:${each.orderId}`);
        if (end.exceptedOrderIds().has(each.orderId)) report(finding(name, each.orderId, 'excepted'));
      },
      atEnd(_context, report, end) {
        ends.add(end);
        report(finding(name, '', 'global'));
      },
    });
    const found: Finding[] = [];
    runEndOfRunChecks([perOrder('a'), perOrder('b')], context, (item) => found.push(item));
    expect(passes()).toBe(1);
    expect(ends.size).toBe(1);
    expect(seen).toEqual(['a:o1', 'b:o1', 'a:o2', 'b:o2', 'a:o3', 'b:o3']);
    expect(found.map((item) => `${item.invariant}:${item.orderId}:${item.detail}`)).toEqual(['a:o2:excepted', 'a::global', 'b:o2:excepted', 'b::global']);
  });

  it('holds at most maxPerChecker findings of each checker, per-order and cross-order together', () => {
    const orders = Array.from({ length: 50 }, (_, index) => order(`o${index}`));
    const everyOrder = (name: string): InvariantChecker => ({
      name,
      atEndOrder: (each, _end, report) => report(finding(name, each.orderId, 'bad')),
      atEnd: (_context, report) => report(finding(name, '', 'global')),
    });
    const found: Finding[] = [];
    runEndOfRunChecks([everyOrder('a'), everyOrder('b')], contextOver(orders).context, (item) => found.push(item), 10);
    expect(found.map((item) => `${item.invariant}:${item.orderId}`)).toEqual([...Array.from({ length: 10 }, (_, index) => `a:o${index}`), ...Array.from({ length: 10 }, (_, index) => `b:o${index}`)]);
  });

  it('does not read the orders at all when no checker looks at them one by one', () => {
    const { context, passes } = contextOver([order('o1')]);
    const found: Finding[] = [];
    runEndOfRunChecks([{ name: 'only-global', atEnd: (_context, report) => report(finding('only-global', '', 'x')) }], context, (item) => found.push(item));
    expect(passes()).toBe(0);
    expect(found).toHaveLength(1);
  });

  it('reports, for any orders and findings, each checker\'s per-order findings in order order, then its global ones, checkers in their order', () => {
    const checkerSpec = fc.record({ flagged: fc.array(fc.nat({ max: 9 }), { maxLength: 5 }), global: fc.nat({ max: 3 }), perOrder: fc.boolean() });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 }), fc.array(checkerSpec, { maxLength: 5 }), (orderCount, specs) => {
        const orders = Array.from({ length: orderCount }, (_, index) => order(`o${index}`));
        const checkers: InvariantChecker[] = specs.map((spec, index) => {
          const name = `c${index}`;
          const flagged = new Set(spec.flagged.map((at) => `o${at}`));
          const atEnd = (_context: CheckContext, report: (item: Finding) => void): void => {
            for (let count = 0; count < spec.global; count++) report(finding(name, '', `global ${count}`));
          };
          if (!spec.perOrder) return { name, atEnd };
          return { name, atEnd, atEndOrder: (each, _end, report) => (flagged.has(each.orderId) ? report(finding(name, each.orderId, 'flagged')) : undefined) };
        });
        const found: Finding[] = [];
        runEndOfRunChecks(checkers, contextOver(orders).context, (item) => found.push(item));
        const expected = specs.flatMap((spec, index) => {
          const name = `c${index}`;
          const flagged = spec.perOrder ? orders.filter((each) => spec.flagged.includes(Number(each.orderId.slice(1)))).map((each) => finding(name, each.orderId, 'flagged')) : [];
          return [...flagged, ...Array.from({ length: spec.global }, (_, count) => finding(name, '', `global ${count}`))];
        });
        expect(found).toEqual(expected);
      }),
    );
  });
});
