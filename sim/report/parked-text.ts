import { describeBudget, describeShare, type ParkedReport, type Ratio } from '../world/parking.ts';

/**
 * The words every output uses for a run's parked orders beside its parking budget (the run
 * summary, the dashboard, the HTML report, the gate's JUnit and markdown), so they all agree.
 */

/** Categories by count, largest first (then by name): `UNROUTABLE 4, LOST_ACK 2`. */
export function categoriesText(byCategory: Readonly<Record<string, number>>): string {
  return Object.entries(byCategory)
    .filter(([, n]) => n > 0)
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0))
    .map(([category, n]) => `${category} ${n}`)
    .join(', ');
}

/** `1/200 of orders, 6 here`, plus any per-category cap: `; UNROUTABLE at most 1/400 of orders, 3 here`. */
export function budgetText(parked: Pick<ParkedReport, 'budget' | 'allowed'>): string {
  const caps = Object.entries(parked.budget.byCategory).map(([category, ratio]) => `; ${category} at most ${describeBudget(ratio, parked.allowed.byCategory[category] ?? 0)}`);
  return `${describeBudget(parked.budget.orders, parked.allowed.orders)}${caps.join('')}`;
}

/** The budget as a ratio only (no per-run count): `1/200 of orders`, `none allowed`; caps after it. */
export function budgetRatioText(budget: ParkedReport['budget']): string {
  const ratio = (r: Ratio): string => (r[0] === 0 ? 'none allowed' : `${r[0]}/${r[1]} of orders`);
  return [ratio(budget.orders), ...Object.entries(budget.byCategory).map(([category, r]) => `${category} ${r[0] === 0 ? 'none' : `${r[0]}/${r[1]}`}`)].join('; ');
}

/**
 * `6 orders (0.5 %): UNROUTABLE 4, LOST_ACK 2; budget 1/200 of orders, 6 here`, or
 * `none; budget none allowed`; `OVER BUDGET` is added when the run went over it.
 */
export function parkedText(parked: ParkedReport, orders: number): string {
  const what = parked.orders === 0 ? 'none' : `${describeShare(parked.orders, orders)}: ${categoriesText(parked.byCategory)}`;
  return `${what}; budget ${budgetText(parked)}${parked.withinBudget ? '' : ' (OVER BUDGET)'}`;
}

/** Share of a run's orders parked, 0 for an empty run. */
export function parkedShare(parked: Pick<ParkedReport, 'orders'>, orders: number): number {
  return orders === 0 ? 0 : parked.orders / orders;
}
