import type { JobOutcome } from './gate-job.ts';
import type { ContractsResult } from './contracts-check.node.ts';
import type { Differential } from './differential.ts';

/** A recheck whose trace hash differs from the first run of the same job. */
export interface DeterminismMismatch {
  id: string;
  role: string;
  firstHash: string;
  againHash: string;
  replay: string;
}

export interface GateSettings {
  scenarios: string[];
  seeds: number;
  firstSeed: number;
  orders?: number;
  incidents: string[];
  shard?: { index: number; count: number };
  candidate: string;
  baseline?: string;
  workers: number;
  recheck: number;
}

/** Everything the gate learnt; JUnit, markdown and `merge-reports` are views of it. */
export interface GateReport {
  format: 'converge-gate-report';
  version: 1;
  settings: GateSettings;
  /** Candidate outcomes, in plan order. */
  candidate: JobOutcome[];
  /** Baseline outcomes for the same jobs (with --baseline). */
  baseline: JobOutcome[];
  determinism: { checked: number; mismatches: DeterminismMismatch[] };
  differential: Differential | null;
  /** `--contracts`: the Pact checks' outcome; null when not asked for. */
  contracts: ContractsResult | null;
  /** Incident files written for failing runs, by `<role>:<job id>` (`candidate:baseline#3`); each failing outcome also names its own (`incident`). */
  incidents: Record<string, string>;
  wallMs: number;
  passed: boolean;
  /** Why it failed, one line each (empty when it passed). */
  reasons: string[];
}

/** The incident file the gate wrote for a run, if any: every report (JSON, markdown, HTML, JUnit, the terminal) names it the same way. */
export function incidentOf(report: Pick<GateReport, 'incidents'>, outcome: JobOutcome): string | undefined {
  return outcome.incident ?? report.incidents[`${outcome.job.role}:${outcome.job.id}`];
}

/** The gate holds only if every candidate run holds, none is vacuous or non-deterministic, and the differential finds no regression. */
export function gateReasons(report: Omit<GateReport, 'passed' | 'reasons'>): string[] {
  const reasons: string[] = [];
  const count = (verdict: string): number => report.candidate.filter((outcome) => outcome.verdict === verdict).length;
  if (count('fail') > 0) reasons.push(`${count('fail')} run(s) failed: an invariant broke (an unjustified or over-budget parking among them) or the world did not settle`);
  if (count('vacuous') > 0) reasons.push(`${count('vacuous')} run(s) were vacuous: a planned fault never fired`);
  if (count('error') > 0) reasons.push(`${count('error')} run(s) crashed`);
  if (report.determinism.mismatches.length > 0) reasons.push(`${report.determinism.mismatches.length} re-run(s) gave another trace hash: the runs are not deterministic`);
  if (report.candidate.length === 0) reasons.push('no runs: nothing was checked');
  if (report.contracts !== null && !report.contracts.passed) reasons.push('the Pact contract checks failed (npm run contracts): an adapter and a fake disagree, or a pact changed without review');
  if (report.differential !== null) reasons.push(...report.differential.regressions.map((regression) => `regression against the baseline: ${regression}`));
  return reasons;
}

/**
 * A gate report read back from JSON (`merge-reports`, `report`), with the fields later versions
 * of the same format added filled in: a report written before run verdicts existed has outcomes
 * without `runVerdict`, `orders` and `parked`; they read as null (shown as "not recorded"), 0
 * (or the run's `metrics.ordersPlaced`) and null, so old reports still merge and render.
 */
export function withDefaults(report: GateReport): GateReport {
  const outcome = (run: JobOutcome): JobOutcome => {
    const old = run as Partial<JobOutcome> & JobOutcome;
    return { ...run, runVerdict: old.runVerdict ?? null, orders: old.orders ?? old.metrics?.ordersPlaced ?? 0, parked: old.parked ?? null };
  };
  return { ...report, candidate: report.candidate.map(outcome), baseline: (report.baseline ?? []).map(outcome) };
}
