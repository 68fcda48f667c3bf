import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { allowedOrders, budgetFindings, ParkedTally, PARKING_BUDGET_INVARIANT } from '../../sim/world/parking.ts';
import { verdictHeadline, verdictOf } from '../../sim/world/verdict.ts';
import type { EndOfRun } from '../../sim/invariants/types.ts';
import type { ExceptionView, OrderView } from '../../orchestrator/plugin.ts';

function order(orderId: string, foStates: readonly string[]): OrderView {
  return {
    orderId,
    payment: null,
    channel: 'web',
    channelOrderId: orderId,
    status: 'OPEN',
    closed: foStates.every((state) => state === 'COMPLETED'),
    fulfillmentOrders: foStates.map((state, index) => ({ foId: `FO-${orderId}-${index + 1}`, nodeId: 'S1', method: null, state: state as 'EXCEPTION', terminal: state === 'COMPLETED', lines: [] })),
  };
}

function exception(orderId: string, foId: string, category: string): ExceptionView {
  return { exceptionId: `EX-${foId}-${category}`, orderId, foId, category, suggestedAction: 'escalate', slaTier: 'P2', openedAtMs: 0, dueAtMs: 0, detail: '' };
}

/** Tallies orders against open items, as the end-of-run pass hands them over. */
function tally(orders: readonly OrderView[], items: readonly ExceptionView[]): ParkedTally {
  const parked = new ParkedTally();
  const end = { exceptionsOf: (foId: string) => items.filter((item) => item.foId === foId) } as unknown as EndOfRun;
  for (const each of orders) parked.observer.atEndOrder?.(each, end, () => undefined);
  return parked;
}

describe('the parking budget', () => {
  it('counts an order once however many of its FOs are parked, and once per category', () => {
    const orders = [order('o1', ['EXCEPTION', 'EXCEPTION']), order('o2', ['COMPLETED']), order('o3', ['EXCEPTION'])];
    const items = [exception('o1', 'FO-o1-1', 'UNROUTABLE'), exception('o1', 'FO-o1-2', 'LOST_ACK'), exception('o3', 'FO-o3-1', 'UNROUTABLE'), exception('o2', '', 'MONEY_MISMATCH')];
    const report = tally(orders, items).report({ parkingBudget: { orders: [1, 2] } }, 3);
    expect(report.orders).toBe(3);
    expect(report.byCategory).toEqual({ LOST_ACK: 1, MONEY_MISMATCH: 1, UNROUTABLE: 2 });
    expect(report.allowed.orders).toBe(1);
    expect(report.withinBudget).toBe(false);
  });

  it('allows none when the scenario states no budget', () => {
    const report = tally([order('o1', ['EXCEPTION'])], [exception('o1', 'FO-o1-1', 'UNROUTABLE')]).report({}, 1000);
    expect(report.budget.orders).toEqual([0, 1]);
    expect(report.allowed.orders).toBe(0);
    const [finding] = budgetFindings(report, 1000);
    expect(finding?.invariant).toBe(PARKING_BUDGET_INVARIANT);
    expect(finding?.detail).toBe("1 order (0.1 %) ended parked on the exception queue (UNROUTABLE 1); the scenario's parking budget: none allowed");
  });

  it('caps a category below the whole budget', () => {
    const orders = [order('o1', ['EXCEPTION']), order('o2', ['EXCEPTION'])];
    const items = [exception('o1', 'FO-o1-1', 'LOST_ACK'), exception('o2', 'FO-o2-1', 'LOST_ACK')];
    const report = tally(orders, items).report({ parkingBudget: { orders: [1, 10], byCategory: { LOST_ACK: [1, 100] } } }, 100);
    expect(report.allowed).toEqual({ orders: 10, byCategory: { LOST_ACK: 1 } });
    expect(budgetFindings(report, 100).map((finding) => finding.detail)).toEqual(['2 orders (2.0 %) parked as LOST_ACK; the scenario allows 1/100 of orders, 1 here']);
  });

  it('property: a run goes over budget exactly when its parked orders exceed the whole orders the ratio allows', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 100 }), fc.integer({ min: 1, max: 1000 }), (orders, parkedCount, numerator, denominator) => {
        fc.pre(numerator <= denominator && parkedCount <= orders);
        const parkedOrders = Array.from({ length: parkedCount }, (_, index) => order(`o${index}`, ['EXCEPTION']));
        const items = parkedOrders.map((each) => exception(each.orderId, `FO-${each.orderId}-1`, 'UNROUTABLE'));
        const report = tally(parkedOrders, items).report({ parkingBudget: { orders: [numerator, denominator] } }, orders);
        const allowed = Math.floor((orders * numerator) / denominator);
        expect(allowedOrders([numerator, denominator], orders)).toBe(allowed);
        expect(report.withinBudget).toBe(parkedCount <= allowed);
        expect(budgetFindings(report, orders).length).toBe(parkedCount > allowed ? 1 : 0);
      }),
    );
  });
});

describe('the verdict', () => {
  it('property: failed on any violation or an unsettled world, else closed only when nothing is parked', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.nat(3), fc.nat(3), (settled, violations, parkedOrders) => {
        const verdict = verdictOf({ settled, violations, parkedOrders });
        if (!settled || violations > 0) expect(verdict).toBe('failed');
        else expect(verdict).toBe(parkedOrders === 0 ? 'closed' : 'held');
      }),
    );
  });

  it('never says every order closed when some are parked, and never puts CLOSED before VACUOUS', () => {
    expect(verdictHeadline('held', 3, 0)).toMatch(/^HELD: 3 orders parked/);
    expect(verdictHeadline('held', 3, 0)).not.toContain('every order closed');
    const vacuous = verdictHeadline('closed', 0, 2);
    expect(vacuous).toMatch(/^VACUOUS: 2 planned fault\(s\) never fired/);
    expect(vacuous).not.toMatch(/CLOSED|CONVERGED/);
    expect(verdictHeadline('failed', 0, 2)).toBe('FAILED.');
  });
});
