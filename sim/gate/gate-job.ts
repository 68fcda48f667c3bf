import type { Violation } from '../invariants/types.ts';
import type { RunMetrics } from '../report/metrics.ts';

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
 * pass: every invariant held and the world converged; fail: a violation or no convergence;
 * vacuous: it held, but a planned fault never fired, so it proved nothing about that fault;
 * error: the harness or the orchestrator crashed.
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
  converged: boolean;
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
  /** Harness or orchestrator crash, for `error`. */
  error?: string;
}

/** Violations kept per outcome: the first ones are what a person acts on. */
export const VIOLATIONS_PER_OUTCOME = 5;
