import type { Violation } from '../invariants/types.ts';
import type { RunMetrics } from '../report/metrics.ts';
import type { ParkedReport } from '../world/parking.ts';
import type { Verdict as RunVerdict } from '../world/verdict.ts';

export type { RunVerdict };

/** Which orchestrator a job runs: the release candidate, or the last release it is compared with. */
export type GateRole = 'candidate' | 'baseline';

/** One seeded run the gate asks a worker to do. Plain data: it crosses a thread boundary. */
export interface GateJob {
  /** `<scenario>#<seed>`, or `incident:<file>` for a regression seed. */
  id: string;
  /** A scenario name or path (seed runs); absent for incidents, which embed theirs. */
  scenarioRef?: string;
  /** An incident file (regression seed) to run instead of a named scenario. */
  incidentPath?: string;
  seed: number;
  orders?: number;
  /** `reference` or a module path / package name (`--orchestrator`, `--baseline`). */
  plugin: string;
  role: GateRole;
  /** A `recheck` re-runs a job already run, to prove the same seed gives the same hash. */
  purpose: 'run' | 'recheck';
}

/**
 * The gate's status for one run, taken from the run's own verdict (`runVerdict`):
 * pass: the verdict is closed or held and every planned fault fired; fail: the verdict is failed
 * (a violation, an unjustified or over-budget parking among them, or not settled);
 * vacuous: closed or held, but a planned fault never fired, so it proved nothing about that fault;
 * error: the harness or the orchestrator crashed (no verdict).
 */
export type Verdict = 'pass' | 'fail' | 'vacuous' | 'error';

/** What a worker sends back: enough for JUnit, the report and the differential, not the whole trace. */
export interface JobOutcome {
  job: GateJob;
  verdict: Verdict;
  /** Scenario name as the scenario file gives it. */
  scenario: string;
  orchestrator: string;
  traceHash: string;
  events: number;
  traceEvents: number;
  wallMs: number;
  /** Settled and no invariant broke: `runVerdict` is closed or held. */
  converged: boolean;
  /**
   * The run's own verdict (sim/world/verdict.ts): `closed`, `held` or `failed`. Null when the run
   * crashed, or in a report written before verdicts existed (read back as null).
   */
  runVerdict: RunVerdict | null;
  /** Orders the run placed (0 when it crashed): the denominator of the parked share. */
  orders: number;
  /** Orders parked on the exception queue at the end, by category, beside the scenario's budget; null as `runVerdict`. */
  parked: ParkedReport | null;
  stopReason: string;
  violationCount: number;
  /** The first violations (bounded: a broken orchestrator can make thousands). */
  violations: Violation[];
  faultPlan: string[];
  vacuous: string[];
  faultsFired: Record<string, number>;
  metrics: RunMetrics | null;
  /** The command that replays this run. */
  replay: string;
  /** The incident file the gate wrote for this run (a failing run, with --incidents-dir). */
  incident?: string;
  /** Harness or orchestrator crash, for `error`. */
  error?: string;
}

/** Violations kept per outcome: the first ones are what a person acts on. */
export const VIOLATIONS_PER_OUTCOME = 5;
