import type { JobOutcome } from './gate-job.ts';
import { GATE_METRICS, meanOf, worsening } from './gate-metrics.ts';

/** One metric of one scenario, both sides. */
export interface MetricComparison {
  scenario: string;
  metric: string;
  baseline: number | null;
  candidate: number | null;
  /** How much worse the candidate is, in the threshold's units (<= 0: not worse). */
  worsening: number | null;
  threshold: number | null;
  regressed: boolean;
  /** Both values formatted for people. */
  shown: { baseline: string; candidate: string };
}

/** A run where the candidate broke an invariant that the baseline kept on the same seed. */
export interface NewBreak {
  id: string;
  invariants: string[];
  replay: string;
}

export interface Differential {
  candidate: string;
  baseline: string;
  newBreaks: NewBreak[];
  metrics: MetricComparison[];
  /** One line per reason the differential fails the gate. */
  regressions: string[];
}

function brokenInvariants(outcome: JobOutcome): Set<string> {
  const broken = new Set(outcome.violations.map((violation) => violation.invariant));
  if (outcome.verdict === 'fail' && broken.size === 0) broken.add('convergence');
  if (outcome.verdict === 'error') broken.add('crash');
  return broken;
}

/**
 * Compares the candidate with the baseline on the same seeds: invariants the candidate breaks
 * and the baseline keeps, and per-scenario metric means against the configured thresholds.
 */
export function compare(candidate: readonly JobOutcome[], baseline: readonly JobOutcome[], thresholds: Readonly<Record<string, number | undefined>>): Differential {
  const baselineById = new Map(baseline.map((outcome) => [outcome.job.id, outcome]));
  const newBreaks: NewBreak[] = [];
  for (const outcome of candidate) {
    const other = baselineById.get(outcome.job.id);
    if (other === undefined) continue;
    const kept = brokenInvariants(other);
    const fresh = [...brokenInvariants(outcome)].filter((invariant) => !kept.has(invariant)).sort();
    if (fresh.length > 0) newBreaks.push({ id: outcome.job.id, invariants: fresh, replay: outcome.replay });
  }

  const scenarios = [...new Set(candidate.map((outcome) => outcome.scenario))];
  const metrics: MetricComparison[] = [];
  for (const scenario of scenarios) {
    const mine = candidate.filter((outcome) => outcome.scenario === scenario).map((outcome) => outcome.metrics);
    const theirs = baseline.filter((outcome) => outcome.scenario === scenario).map((outcome) => outcome.metrics);
    for (const metric of GATE_METRICS) {
      const before = meanOf(metric, theirs);
      const after = meanOf(metric, mine);
      const threshold = thresholds[metric.name] ?? null;
      const worse = before === null || after === null ? null : worsening(metric, before, after);
      metrics.push({
        scenario,
        metric: metric.name,
        baseline: before,
        candidate: after,
        worsening: worse,
        threshold,
        regressed: worse !== null && threshold !== null && worse > threshold,
        shown: { baseline: before === null ? 'n/a' : metric.format(before), candidate: after === null ? 'n/a' : metric.format(after) },
      });
    }
  }

  const regressions = [
    ...newBreaks.map((found) => `${found.id} breaks ${found.invariants.join(', ')}, which the baseline keeps (replay: ${found.replay})`),
    ...metrics.filter((row) => row.regressed).map((row) => `${row.scenario}: ${row.metric} ${row.shown.baseline} -> ${row.shown.candidate}, worse by more than the threshold ${row.threshold}`),
  ];
  return { candidate: candidate[0]?.orchestrator ?? '', baseline: baseline[0]?.orchestrator ?? '', newBreaks, metrics, regressions };
}
