import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { incidentOf, type GateReport } from '../gate/gate-report.ts';
import { runVerdictLine } from '../gate/parking-summary.ts';
import { UsageError } from './exit-codes.ts';

/** Writes a gate output file, creating its folder; an unwritable path is the user's mistake (exit 2). */
export function writeOutput(path: string, text: string, what: string): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  } catch (error) {
    throw new UsageError(`${what} ${path}: cannot write the file: ${(error as Error).message}`);
  }
}

/** The gate's verdict for people: one line, the reasons, and the first runs that did not hold with their replay commands. */
export function summaryLines(report: GateReport): string[] {
  const runs = (verdict: string): number => report.candidate.filter((run) => run.runVerdict === verdict).length;
  const lines = [`converge gate: ${report.passed ? 'PASSED' : 'FAILED'}: ${report.candidate.length} run(s), ${report.candidate.filter((run) => run.verdict === 'pass').length} passed (verdicts: ${runs('closed')} closed, ${runs('held')} held, ${runs('failed')} failed); determinism ${report.determinism.checked} re-run(s), ${report.determinism.mismatches.length} mismatch(es); ${(report.wallMs / 1000).toFixed(1)} s`];
  for (const reason of report.reasons) lines.push(`  - ${reason}`);
  for (const outcome of report.candidate.filter((run) => run.verdict !== 'pass').slice(0, 20)) {
    const first = outcome.violations[0];
    const what =
      outcome.verdict === 'vacuous'
        ? `vacuous: ${outcome.vacuous.join(', ')} never fired`
        : outcome.verdict === 'error'
          ? `crashed: ${(outcome.error ?? '').split('\n')[0]}`
          : first === undefined
            ? `did not settle (${outcome.stopReason})`
            : `${first.invariant} order ${first.orderId || '-'}: ${first.detail}`;
    lines.push(`  ${outcome.job.id}: ${what}`, `    verdict: ${runVerdictLine(outcome)}`, `    replay: ${outcome.replay}`);
    const incident = incidentOf(report, outcome);
    if (incident !== undefined) lines.push(`    incident: ${incident}`);
  }
  return lines;
}

