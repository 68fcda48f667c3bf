/** Distinct exit codes, so CI and scripts can tell what went wrong. */
export const EXIT = {
  ok: 0,
  /** An invariant was violated or the world did not converge. */
  violations: 1,
  /** Bad command line, scenario or input file. */
  usage: 2,
  /** The harness itself failed (a bug in Converge or the orchestrator crashed). */
  harness: 3,
  /** A replay's history differs from its recording. */
  replayDiffers: 4,
  /**
   * No invariant broke and the world converged, but a planned fault never fired (`vacuous` in the
   * run's JSON): the run passed without testing what its scenario asked for.
   */
  vacuous: 5,
} as const;

/** A user's mistake: one clear line, exit 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
