/**
 * The words every output uses for a run's parked orders beside its parking budget (the run
 * summary, the budget's own findings, the dashboard, the HTML report, the gate's JUnit and
 * markdown), kept in one place so they all agree.
 */
import type { ParkedReport, Ratio } from './parking.ts';

/** `12 orders (1.0 %)` */
export function describeShare(count: number, orders: number): string {
  const percent = orders === 0 ? 0 : (100 * count) / orders;
  return `${count} order${count === 1 ? '' : 's'} (${percent.toFixed(percent > 0 && percent < 0.1 ? 2 : 1)} %)`;
}

/** `1/200 of orders`, or `none allowed` for a zero share. */
export function describeRatio(ratio: Ratio): string {
  return ratio[0] === 0 ? 'none allowed' : `${ratio[0]}/${ratio[1]} of orders`;
}

/** `1/200 of orders, 6 here`, or `none allowed`. */
export function describeBudget(ratio: Ratio, allowed: number): string {
  return ratio[0] === 0 ? describeRatio(ratio) : `${describeRatio(ratio)}, ${allowed} here`;
}

/** Categories with their counts, largest first (then by name). */
export function categoriesByCount(byCategory: Readonly<Record<string, number>>): [string, number][] {
  return Object.entries(byCategory)
    .filter(([, n]) => n > 0)
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0));
}

/** `UNROUTABLE 4, LOST_ACK 2` */
export function categoriesText(byCategory: Readonly<Record<string, number>>): string {
  return categoriesByCount(byCategory)
    .map(([category, n]) => `${category} ${n}`)
    .join(', ');
}

/** `1/200 of orders, 6 here`, plus any per-category cap: `; UNROUTABLE at most 1/400 of orders, 3 here`. */
export function budgetText(parked: Pick<ParkedReport, 'budget' | 'allowed'>): string {
  const caps = Object.entries(parked.budget.byCategory).map(([category, ratio]) => `; ${category} at most ${describeBudget(ratio, parked.allowed.byCategory[category] ?? 0)}`);
  return `${describeBudget(parked.budget.orders, parked.allowed.orders)}${caps.join('')}`;
}

/** The budget as ratios only (no per-run count): `1/200 of orders; LOST_ACK 1/1000 of orders`. */
export function budgetRatioText(budget: ParkedReport['budget']): string {
  return [describeRatio(budget.orders), ...Object.entries(budget.byCategory).map(([category, ratio]) => `${category} ${describeRatio(ratio)}`)].join('; ');
}

/**
 * `6 orders (0.5 %): UNROUTABLE 4, LOST_ACK 2; budget 1/200 of orders, 6 here`, or
 * `none; budget none allowed`; `OVER BUDGET` is added when the run went over it.
 */
export function parkedText(parked: ParkedReport, orders: number): string {
  const what = parked.orders === 0 ? 'none' : `${describeShare(parked.orders, orders)}: ${categoriesText(parked.byCategory)}`;
  return `${what}; budget ${budgetText(parked)}${parked.withinBudget ? '' : ' (OVER BUDGET)'}`;
}
