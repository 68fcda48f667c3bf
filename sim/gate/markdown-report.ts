import type { JobOutcome } from './gate-job.ts';
import { GATE_METRICS, meanOf, metricLabel } from './gate-metrics.ts';
import { incidentOf, type GateReport } from './gate-report.ts';
import { parkingCells, runVerdictLine, scenarioParking } from './parking-summary.ts';
import { VERDICTS_EXPLAINED } from '../world/verdict.ts';

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`)];
}

function byScenario(outcomes: readonly JobOutcome[]): Map<string, JobOutcome[]> {
  const groups = new Map<string, JobOutcome[]>();
  for (const outcome of outcomes) {
    const key = outcome.job.incidentPath === undefined ? outcome.scenario : 'regression incidents';
    groups.set(key, [...(groups.get(key) ?? []), outcome]);
  }
  return groups;
}

function scenarioRows(outcomes: readonly JobOutcome[]): string[][] {
  return [...byScenario(outcomes)].map(([scenario, runs]) => {
    const count = (verdict: string): string => String(runs.filter((run) => run.verdict === verdict).length);
    const metrics = GATE_METRICS.map((metric) => {
      const mean = meanOf(metric, runs.map((run) => run.metrics));
      return mean === null ? 'n/a' : metric.format(mean);
    });
    return [scenario, String(runs.length), count('pass'), count('fail'), count('vacuous'), count('error'), ...metrics];
  });
}

/** Per scenario: run verdicts, parked orders summed over seeds by category, the worst seed's share, the budget. */
function parkingRows(outcomes: readonly JobOutcome[]): string[][] {
  return [...byScenario(outcomes)].map(([scenario, runs]) => {
    const cells = parkingCells(scenarioParking(runs));
    return [scenario, cells.verdicts, cells.parked, cells.worst, cells.budget];
  });
}

function faultRows(outcomes: readonly JobOutcome[]): string[][] {
  return [...byScenario(outcomes)].map(([scenario, runs]) => {
    const totals = new Map<string, { fired: number; runs: number }>();
    for (const run of runs) {
      for (const [fault, count] of Object.entries(run.faultsFired)) {
        const total = totals.get(fault) ?? { fired: 0, runs: 0 };
        totals.set(fault, { fired: total.fired + count, runs: total.runs + 1 });
      }
    }
    const planned = [...new Set(runs.flatMap((run) => run.faultPlan))].sort();
    const fired = [...totals].sort(([a], [b]) => (a < b ? -1 : 1)).map(([fault, total]) => `${fault} ${total.fired} (${total.runs}/${runs.length} runs)`);
    return [scenario, planned.join(', ') || 'none', fired.join(', ') || 'none'];
  });
}

function failureLines(report: GateReport): string[] {
  const lines: string[] = [];
  for (const outcome of report.candidate.filter((run) => run.verdict !== 'pass')) {
    const incident = incidentOf(report, outcome);
    if (outcome.verdict === 'vacuous') lines.push(`- **${outcome.job.id}** vacuous: ${outcome.vacuous.join(', ')} never fired. Replay: \`${outcome.replay}\``);
    else if (outcome.verdict === 'error') lines.push(`- **${outcome.job.id}** crashed: ${(outcome.error ?? '').split('\n')[0]}. Replay: \`${outcome.replay}\``);
    else {
      const first = outcome.violations[0];
      const what = first === undefined ? `did not settle (${outcome.stopReason})` : `${first.invariant} on order ${first.orderId || '-'}: ${first.detail}${first.firstBadEvent === null ? '' : ` (first bad event #${first.firstBadEvent.index} ${first.firstBadEvent.kind})`}`;
      lines.push(`- **${outcome.job.id}** ${outcome.violationCount} violation(s); first: ${what}. Verdict: ${runVerdictLine(outcome)}. Replay: \`${outcome.replay}\`${incident === undefined ? '' : `; incident \`${incident}\``}`);
    }
  }
  return lines;
}

/** The gate's summary for people: what ran, what held, what each scenario measured, what fired. */
export function renderMarkdown(report: GateReport): string {
  const s = report.settings;
  const lines = [
    `# Converge gate: ${report.passed ? 'PASSED' : 'FAILED'}`,
    '',
    `- candidate: \`${s.candidate}\` (${report.candidate[0]?.orchestrator ?? 'no runs'})${s.baseline === undefined ? '' : `; baseline: \`${s.baseline}\` (${report.baseline[0]?.orchestrator ?? 'no runs'})`}`,
    `- ${report.candidate.length} run(s): ${s.scenarios.length} scenario(s) × ${s.seeds} seed(s) from seed ${s.firstSeed}${s.orders === undefined ? '' : `, ${s.orders} orders each`}, plus ${s.incidents.length} regression incident(s)${s.shard === undefined ? '' : `; shard ${s.shard.index}/${s.shard.count}`}`,
    `- determinism self-check: ${report.determinism.checked} re-run(s), ${report.determinism.mismatches.length} mismatch(es)`,
    `- ${s.workers} worker thread(s), ${(report.wallMs / 1000).toFixed(1)} s wall`,
    ...(report.contracts === null ? [] : [`- Pact contract checks: ${report.contracts.passed ? 'passed' : 'FAILED'} (${(report.contracts.wallMs / 1000).toFixed(1)} s)`]),
  ];
  if (!report.passed) lines.push('', '## Why it failed', '', ...report.reasons.map((reason) => `- ${reason}`));
  lines.push('', '## Scenarios', '', ...table(['scenario', 'runs', 'pass', 'fail', 'vacuous', 'error', ...GATE_METRICS.map((metric) => metric.label)], scenarioRows(report.candidate)));
  lines.push('', '## Verdicts and parked orders', '', `Each run's own verdict (${VERDICTS_EXPLAINED}), and the orders parked at the end, summed over seeds, beside the scenario's parking budget.`, '');
  lines.push(...table(['scenario', 'verdicts', 'parked orders (sum over seeds, by category)', 'worst seed', 'parking budget'], parkingRows(report.candidate)));
  lines.push('', '## Faults planned and fired', '', ...table(['scenario', 'planned', 'fired (total, runs where it fired)'], faultRows(report.candidate)));
  const failures = failureLines(report);
  if (failures.length > 0) lines.push('', '## Runs that did not hold', '', ...failures);
  if (report.determinism.mismatches.length > 0) {
    lines.push('', '## Non-deterministic runs', '', ...report.determinism.mismatches.map((m) => `- ${m.id} (${m.role}): ${m.firstHash} then ${m.againHash}. Replay: \`${m.replay}\``));
  }
  const differential = report.differential;
  if (differential !== null) {
    lines.push('', `## Differential: ${differential.candidate} against ${differential.baseline}`, '');
    lines.push(...table(['scenario', 'metric', 'baseline', 'candidate', 'threshold', 'verdict'], differential.metrics.map((row) => [row.scenario, `${metricLabel(row.metric)} (\`${row.metric}\`)`, row.shown.baseline, row.shown.candidate, row.threshold === null ? 'not gated' : String(row.threshold), row.regressed ? 'REGRESSED' : 'ok'])));
    lines.push('', '### Baseline runs', '', ...table(['scenario', 'runs', 'pass', 'fail', 'vacuous', 'error', ...GATE_METRICS.map((metric) => metric.label)], scenarioRows(report.baseline)));
    if (differential.newBreaks.length > 0) lines.push('', '### Invariants the candidate breaks and the baseline keeps', '', ...differential.newBreaks.map((found) => `- ${found.id}: ${found.invariants.join(', ')}. Replay: \`${found.replay}\``));
  }
  lines.push('');
  return lines.join('\n');
}
