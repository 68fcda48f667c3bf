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

/** The summary's headline, the same words wherever a verdict is shown. */
export function verdictHeadline(verdict: Verdict, parkedOrders: number, vacuous: number): string {
  const base =
    verdict === 'closed'
      ? 'CLOSED: every order closed, every system agrees, no invariant broken'
      : verdict === 'held'
        ? `HELD: ${parkedOrders} order${parkedOrders === 1 ? '' : 's'} parked on the exception queue, each for a cause the owners' books confirm, within the parking budget; every other order closed and every system agrees`
        : 'FAILED';
  if (vacuous === 0 || verdict === 'failed') return `${base}.`;
  return `VACUOUS: ${vacuous} planned fault(s) never fired, so this run proved nothing about them (exit 5). Otherwise ${base.replace(/^[A-Z]+: /, '')}.`;
}

/** Short label for tables and badges. */
export const VERDICT_LABEL: Readonly<Record<Verdict, string>> = { closed: 'CLOSED', held: 'HELD', failed: 'FAILED' };
