import type { RunResult } from '../world/simulate.ts';
import type { Violation } from '../invariants/types.ts';
import { parkedText } from '../world/parking-text.ts';
import { VERDICT_LABEL } from '../world/verdict.ts';

/** How many violations a failure message lists before "... and N more". */
const LISTED = 5;

function describeViolation(violation: Violation): string {
  const at = violation.firstBadEvent === null ? 'at the end of the run' : `first bad event #${violation.firstBadEvent.index} ${violation.firstBadEvent.kind} at +${violation.firstBadEvent.atMs} ms`;
  return `  - ${violation.invariant}, order ${violation.orderId || '-'}: ${violation.detail}\n    ${at}\n    replay: ${violation.replay}`;
}

function describeRun(run: RunResult): string {
  return `run of scenario ${run.scenario}, seed ${run.seed}, orchestrator ${run.orchestrator} (trace ${run.traceHash}, verdict ${VERDICT_LABEL[run.verdict]})`;
}

function violationList(run: RunResult): string {
  const listed = run.violations.slice(0, LISTED).map(describeViolation).join('\n');
  const more = run.violations.length > LISTED ? `\n  ... and ${run.violations.length - LISTED} more` : '';
  return `${run.violations.length} violation(s):\n${listed}${more}`;
}

function isRunResult(value: unknown): value is RunResult {
  return typeof value === 'object' && value !== null && 'traceHash' in value && 'violations' in value && Array.isArray((value as RunResult).violations);
}

interface MatcherResult {
  pass: boolean;
  message: () => string;
}

const notARun = (name: string, received: unknown): MatcherResult => ({ pass: false, message: () => `${name} expects the result of simulate(), got ${typeof received === 'object' ? JSON.stringify(received)?.slice(0, 80) : String(received)}` });

/**
 * vitest matchers for run results: `expect.extend(convergeMatchers)` (or import
 * 'converge/vitest' setup). Failure messages carry each violation and the command that replays it.
 */
export const convergeMatchers = {
  /**
   * The verdict is closed or held: every order closed, or the rest parked on the exception queue
   * for a cause the owners' books confirm, within the scenario's parking budget; no invariant broke.
   */
  toConverge(received: unknown): MatcherResult {
    if (!isRunResult(received)) return notARun('toConverge', received);
    // Any violation makes the verdict failed.
    const pass = received.verdict !== 'failed';
    return {
      pass,
      message: () =>
        pass
          ? `expected the ${describeRun(received)} not to converge, but it did`
          : `expected the ${describeRun(received)} to converge, but ${received.violations.length > 0 ? violationList(received) : `it stopped with: ${received.stopReason}\n  replay: npx converge run --scenario ${received.scenario} --seed ${received.seed}`}`,
    };
  },
  /** The verdict is closed: every order closed, every system agrees, nothing parked, no invariant broke. */
  toCloseEveryOrder(received: unknown): MatcherResult {
    if (!isRunResult(received)) return notARun('toCloseEveryOrder', received);
    const pass = received.verdict === 'closed';
    const why =
      received.verdict === 'held'
        ? `it held with orders parked: ${parkedText(received.parked, received.orders)}`
        : received.violations.length > 0
          ? violationList(received)
          : `it stopped with: ${received.stopReason}`;
    return { pass, message: () => (pass ? `expected the ${describeRun(received)} to leave some order open, but every order closed` : `expected every order to close in the ${describeRun(received)}, but ${why}`) };
  },
  /** No invariant broke (whether or not the world converged in time). */
  toHaveNoViolations(received: unknown): MatcherResult {
    if (!isRunResult(received)) return notARun('toHaveNoViolations', received);
    const pass = received.violations.length === 0;
    return { pass, message: () => (pass ? `expected the ${describeRun(received)} to break an invariant, but none broke` : `expected the ${describeRun(received)} to have no violations, but it has ${violationList(received)}`) };
  },
  /** Every planned fault fired at least once: the run tested what its scenario asked for. */
  toHaveFiredEveryPlannedFault(received: unknown): MatcherResult {
    if (!isRunResult(received)) return notARun('toHaveFiredEveryPlannedFault', received);
    const pass = received.vacuous.length === 0;
    return { pass, message: () => (pass ? `expected the ${describeRun(received)} to be vacuous, but every planned fault fired` : `expected every planned fault to fire in the ${describeRun(received)}, but ${received.vacuous.join(', ')} never did (plan: ${received.faultPlan.join(', ')})`) };
  },
};

export interface ConvergeMatchers<R = unknown> {
  toConverge(): R;
  toCloseEveryOrder(): R;
  toHaveNoViolations(): R;
  toHaveFiredEveryPlannedFault(): R;
}
