import { budgetRatioText, categoriesText, describeShare, parkedText } from '../world/parking-text.ts';
import { VERDICT_LABEL } from '../world/verdict.ts';
import type { JobOutcome, RunVerdict } from './gate-job.ts';

/** One scenario's runs (its seeds): verdicts and parked orders, summed, beside the budget. */
export interface ScenarioParking {
  runs: number;
  /** Runs per verdict; `none`: crashed, or a report written before verdicts. */
  verdicts: Record<RunVerdict | 'none', number>;
  /** Parked orders summed over the runs, and per category. */
  parkedOrders: number;
  byCategory: Record<string, number>;
  /** The run with the largest parked share (null when nothing was parked). */
  worst: { id: string; parked: number; orders: number; share: number } | null;
  /** The parking budget(s), as ratios; one unless the group mixes scenarios (regression incidents). */
  budgets: string[];
  /** Whole orders the budget allows per run, when every run allows the same; else null. */
  allowedPerRun: number | null;
  /** Runs that ended over their budget. */
  overBudget: number;
}

export function scenarioParking(runs: readonly JobOutcome[]): ScenarioParking {
  const verdicts: ScenarioParking['verdicts'] = { closed: 0, held: 0, failed: 0, none: 0 };
  const byCategory: Record<string, number> = {};
  const budgets = new Set<string>();
  const allowed = new Set<number>();
  let parkedOrders = 0;
  let overBudget = 0;
  let worst: ScenarioParking['worst'] = null;
  for (const run of runs) {
    verdicts[run.runVerdict ?? 'none']++;
    const parked = run.parked;
    if (parked === null) continue;
    parkedOrders += parked.orders;
    for (const [category, n] of Object.entries(parked.byCategory)) byCategory[category] = (byCategory[category] ?? 0) + n;
    budgets.add(budgetRatioText(parked.budget));
    allowed.add(parked.allowed.orders);
    if (!parked.withinBudget) overBudget++;
    const share = run.orders === 0 ? 0 : parked.orders / run.orders;
    if (parked.orders > 0 && (worst === null || share > worst.share)) worst = { id: run.job.id, parked: parked.orders, orders: run.orders, share };
  }
  const [onlyAllowed] = allowed;
  return { runs: runs.length, verdicts, parkedOrders, byCategory, worst, budgets: [...budgets], allowedPerRun: allowed.size === 1 && onlyAllowed !== undefined ? onlyAllowed : null, overBudget };
}

/** The cells the markdown and HTML summaries show, as plain text. */
export interface ParkingCells {
  verdicts: string;
  parked: string;
  worst: string;
  budget: string;
}

export function parkingCells(summary: ScenarioParking): ParkingCells {
  const v = summary.verdicts;
  const verdicts = [`${VERDICT_LABEL.closed} ${v.closed}`, `${VERDICT_LABEL.held} ${v.held}`, `${VERDICT_LABEL.failed} ${v.failed}`, ...(v.none > 0 ? [`no verdict ${v.none}`] : [])].join(', ');
  const recorded = summary.runs - v.none;
  const parked = recorded === 0 ? 'not recorded' : summary.parkedOrders === 0 ? '0' : `${summary.parkedOrders}: ${categoriesText(summary.byCategory)}`;
  const worst = summary.worst === null ? '-' : `${describeShare(summary.worst.parked, summary.worst.orders)}, ${summary.worst.id}`;
  const budget =
    summary.budgets.length === 0
      ? 'not recorded'
      : `${summary.budgets.join(' / ')}${summary.allowedPerRun === null || summary.allowedPerRun === 0 ? '' : ` (${summary.allowedPerRun} per run)`}${summary.overBudget > 0 ? `; ${summary.overBudget} run(s) OVER BUDGET` : ''}`;
  return { verdicts, parked, worst, budget };
}

/** One line for a single run: `HELD; parked 6 orders (0.5 %): UNROUTABLE 4, LOST_ACK 2; budget 1/200 of orders, 6 here`. */
export function runVerdictLine(outcome: JobOutcome): string {
  if (outcome.runVerdict === null) return outcome.verdict === 'error' ? 'none (crashed)' : 'not recorded (a report written before run verdicts)';
  const parked = outcome.parked === null ? 'parked orders not recorded' : `parked ${parkedText(outcome.parked, outcome.orders)}`;
  // VACUOUS first: a vacuous run is never announced as CLOSED or HELD before the caveat.
  return `${outcome.vacuous.length > 0 ? 'VACUOUS ' : ''}${VERDICT_LABEL[outcome.runVerdict]}; ${parked}`;
}
