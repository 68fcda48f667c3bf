/**
 * The mutation oracle's only tests: gate runs of the reference orchestrator (sim/gate/run-job's
 * `runJob`, the code `converge gate` runs per scenario and seed), each failing exactly when the gate
 * would flag it: a violation or a FAILED verdict, a vacuous run, or a crash. Named *.oracle.ts so
 * `npm test` never picks them up; vitest.oracle.config.ts runs them, under Stryker.
 */
import { describe, expect, it } from 'vitest';
import type { GateJob, JobOutcome } from '../../sim/gate/gate-job.ts';
import { runJob } from '../../sim/gate/run-job.node.ts';
import { ORACLE_RUNS, recheckName, runName, type OracleRun } from './oracle-runs.ts';

function jobOf(run: OracleRun): GateJob {
  return { id: `${run.scenario}#${run.seed}`, scenarioRef: run.scenario, seed: run.seed, orders: run.orders, plugin: 'reference', role: 'candidate', purpose: 'run' };
}

/** What the gate would report for this run, or nothing when it passes. */
function gateFinding(outcome: JobOutcome): string | undefined {
  if (outcome.verdict === 'pass') return undefined;
  if (outcome.verdict === 'error') return `crashed: ${outcome.error ?? '?'}`;
  if (outcome.verdict === 'vacuous') return `vacuous: planned faults never fired: ${outcome.vacuous.join(', ')}`;
  const first = outcome.violations[0];
  const violation = first === undefined ? '' : `; first: ${first.invariant} on ${first.orderId}: ${first.detail}`;
  return `verdict ${outcome.runVerdict ?? 'none'} (${outcome.stopReason}), ${outcome.violationCount} violation(s)${violation}`;
}

describe('gate runs of the reference orchestrator', () => {
  for (const run of ORACLE_RUNS) {
    it(runName(run), async () => {
      const outcome = await runJob(jobOf(run));
      expect(gateFinding(outcome), outcome.replay).toBeUndefined();
    });
  }

  // The gate's determinism self-check: the same seed gives the same history after other runs.
  const [first] = ORACLE_RUNS;
  if (first !== undefined) {
    it(recheckName(first), async () => {
      const once = await runJob(jobOf(first));
      const again = await runJob(jobOf(first));
      expect(again.traceHash, once.replay).toBe(once.traceHash);
    });
  }
});
