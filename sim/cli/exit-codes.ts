import type { Verdict } from '../world/verdict.ts';

/** Distinct exit codes, so CI and scripts can tell what went wrong. */
export const EXIT = {
  /** The verdict is `closed` or `held` (every planned fault fired). */
  ok: 0,
  /** The verdict is `failed`: an invariant was violated or the world did not settle within its bound. */
  violations: 1,
  /** Bad command line, scenario or input file. */
  usage: 2,
  /** The harness itself failed (a bug in Converge or the orchestrator crashed). */
  harness: 3,
  /** A replay's history differs from its recording. */
  replayDiffers: 4,
  /**
   * The verdict is `closed` or `held`, but a planned fault never fired (`vacuous` in the run's
   * JSON): the run passed without testing what its scenario asked for.
   */
  vacuous: 5,
} as const;

/** The exit code of a finished run (`converge run`, and `converge watch` when the run ends): from its verdict. */
export function runExitCode(result: { verdict: Verdict; vacuous: readonly string[] }): number {
  if (result.verdict === 'failed') return EXIT.violations;
  return result.vacuous.length > 0 ? EXIT.vacuous : EXIT.ok;
}

/** A user's mistake: one clear line, exit 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
