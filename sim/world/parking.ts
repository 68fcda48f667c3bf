import type { OrderView } from '../../orchestrator/plugin.ts';
import type { EndOfRun, Finding, InvariantChecker } from '../invariants/types.ts';
import type { Scenario } from './scenario-schema.ts';
import { categoriesText, describeBudget, describeShare } from './parking-text.ts';

/** `[numerator, denominator]`: integer ratios, never floats. */
export type Ratio = readonly [number, number];

/** What a run ended with on the exception queue, beside what its scenario allows. */
export interface ParkedReport {
  /** Orders with at least one open exception item at the end (an FO parked, or the order itself). */
  orders: number;
  /** Parked orders per category (an order with items of two categories counts in both), sorted by name. */
  byCategory: Record<string, number>;
  /** The scenario's budget as a ratio of orders, and as whole orders for this run's size. */
  budget: { orders: Ratio; byCategory: Record<string, Ratio> };
  allowed: { orders: number; byCategory: Record<string, number> };
  withinBudget: boolean;
}

/** Strict default: a scenario that says nothing allows no parked order at all. */
export const NO_PARKING: Ratio = [0, 1];

/** Whole orders a ratio allows at this size, rounded down: 1/200 of 1,199 orders is 5. */
export function allowedOrders(ratio: Ratio, orders: number): number {
  return Math.floor((orders * ratio[0]) / ratio[1]);
}

function sortedByKey<T>(entries: Iterable<[string, T]>): Record<string, T> {
  return Object.fromEntries([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * Counts the parked orders during the end-of-run pass (it sees every order once, like a checker,
 * and reports nothing itself), then weighs them against the scenario's budget.
 */
export class ParkedTally {
  private parkedOrders = 0;
  private readonly perCategory = new Map<string, number>();

  readonly observer: InvariantChecker = {
    name: 'parked-tally',
    atEndOrder: (order: OrderView, end: EndOfRun) => this.count(order, end),
  };

  private count(order: OrderView, end: EndOfRun): void {
    const categories = new Set<string>();
    for (const fo of order.fulfillmentOrders) {
      if (fo.terminal) continue;
      for (const item of end.exceptionsOf(fo.foId)) categories.add(item.category);
    }
    for (const item of end.exceptionsOf('')) if (item.orderId === order.orderId) categories.add(item.category);
    if (categories.size === 0) return;
    this.parkedOrders++;
    for (const category of categories) this.perCategory.set(category, (this.perCategory.get(category) ?? 0) + 1);
  }

  report(scenario: Pick<Scenario, 'parkingBudget'>, orders: number): ParkedReport {
    const budget = { orders: scenario.parkingBudget?.orders ?? NO_PARKING, byCategory: sortedByKey<Ratio>(Object.entries(scenario.parkingBudget?.byCategory ?? {})) };
    const allowed = { orders: allowedOrders(budget.orders, orders), byCategory: sortedByKey(Object.entries(budget.byCategory).map(([category, ratio]): [string, number] => [category, allowedOrders(ratio, orders)])) };
    const byCategory = sortedByKey(this.perCategory);
    const withinBudget = this.parkedOrders <= allowed.orders && Object.entries(allowed.byCategory).every(([category, most]) => (byCategory[category] ?? 0) <= most);
    return { orders: this.parkedOrders, byCategory, budget, allowed, withinBudget };
  }
}

export const PARKING_BUDGET_INVARIANT = 'exceptions.parking-within-budget';

/** One finding per limit the run went over (orderId ''), naming the limit and the figures. */
export function budgetFindings(parked: ParkedReport, orders: number): Finding[] {
  const findings: Finding[] = [];
  if (parked.orders > parked.allowed.orders) {
    findings.push({ invariant: PARKING_BUDGET_INVARIANT, orderId: '', detail: `${describeShare(parked.orders, orders)} ended parked on the exception queue (${categoriesText(parked.byCategory)}); the scenario's parking budget: ${describeBudget(parked.budget.orders, parked.allowed.orders)}`, firstBadEvent: null });
  }
  for (const [category, most] of Object.entries(parked.allowed.byCategory)) {
    const count = parked.byCategory[category] ?? 0;
    if (count > most) findings.push({ invariant: PARKING_BUDGET_INVARIANT, orderId: '', detail: `${describeShare(count, orders)} parked as ${category}; the scenario allows ${describeBudget(parked.budget.byCategory[category] ?? NO_PARKING, most)}`, firstBadEvent: null });
  }
  return findings;
}
