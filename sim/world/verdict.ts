/**
 * The one verdict every output gives (summary, JSON, dashboard, HTML, gate), from what the run
 * proved:
 * - `closed`: every order closed, every system agrees, nothing broke;
 * - `held`: nothing broke, and the orders still open are parked on the exception queue, each for
 *   a cause the owners' books confirm, within the scenario's parking budget;
 * - `failed`: an invariant broke (an unjustified or over-budget parking among them), or the world
 *   did not settle within its bound.
 * A vacuous run (a planned fault never fired) keeps its verdict and says so beside it.
 */
export type Verdict = 'closed' | 'held' | 'failed';

export function verdictOf(run: { settled: boolean; violations: number; parkedOrders: number }): Verdict {
  if (!run.settled || run.violations > 0) return 'failed';
  return run.parkedOrders === 0 ? 'closed' : 'held';
}

/** What a closed or held verdict says of the run (a failed one is explained by its violations or stop reason). */
export function verdictReason(verdict: Exclude<Verdict, 'failed'>, parkedOrders: number): string {
  if (verdict === 'closed') return 'every order closed, every system agrees, no invariant broken';
  return `${parkedOrders} order${parkedOrders === 1 ? '' : 's'} parked on the exception queue, each for a cause the owners' books confirm, within the parking budget; every other order closed and every system agrees`;
}

/** The three verdicts in one sentence, for reports that list many runs. */
export const VERDICTS_EXPLAINED = "CLOSED: every order closed; HELD: the rest parked on the exception queue, each for a cause the owners' books confirm, within the budget; FAILED: an invariant broke or the world did not settle";

/** The summary's headline, the same words wherever a verdict is shown. */
export function verdictHeadline(verdict: Verdict, parkedOrders: number, vacuous: number): string {
  if (verdict === 'failed') return 'FAILED.';
  const reason = verdictReason(verdict, parkedOrders);
  if (vacuous === 0) return `${VERDICT_LABEL[verdict]}: ${reason}.`;
  return `VACUOUS: ${vacuous} planned fault(s) never fired, so this run proved nothing about them (exit 5). Otherwise ${reason}.`;
}

/** Short label for tables and badges. */
export const VERDICT_LABEL: Readonly<Record<Verdict, string>> = { closed: 'CLOSED', held: 'HELD', failed: 'FAILED' };
