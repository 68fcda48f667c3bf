import { basename, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Tinypool } from 'tinypool';
import { incidentContent, writeIncident } from '../incidents/incident-io.node.ts';
import { RUNNING_COMPILED } from '../package-root.node.ts';
import type { ContractsResult } from './contracts-check.node.ts';
import { compare } from './differential.ts';
import type { GateJob, JobOutcome } from './gate-job.ts';
import { planGate } from './gate-plan.ts';
import { gateReasons, type DeterminismMismatch, type GateReport, type GateSettings } from './gate-report.ts';
import { jobSource, runJob } from './run-job.node.ts';

export interface GateHooks {
  /** Called as each run finishes (in completion order). */
  onOutcome?(outcome: JobOutcome, done: number, total: number): void;
}

export interface GateOptions extends GateSettings {
  /** The contract checks' outcome, when the gate ran them first (`--contracts`). */
  contracts?: ContractsResult;
  regressionThresholds: Readonly<Record<string, number | undefined>>;
  /** Where failing runs' incident files go (none written when absent). */
  incidentsDir?: string;
}

type Runner = { run(job: GateJob): Promise<JobOutcome>; close(): Promise<void> };

/** Worker threads from a pool, or the calling thread itself with `workers: 0` (tests, debugging). */
function createRunner(workers: number): Runner {
  if (workers === 0) {
    // One run at a time: worlds started together would all sit in memory at once.
    let queue: Promise<unknown> = Promise.resolve();
    const run = (job: GateJob): Promise<JobOutcome> => {
      const outcome = queue.then(() => runJob(job));
      queue = outcome;
      return outcome;
    };
    return { run, close: async () => undefined };
  }
  // Compiled, this module is a .js file and its worker too; from the sources the worker registers tsx first.
  const worker = RUNNING_COMPILED ? './gate-worker.node.js' : './gate-worker.mjs';
  const pool = new Tinypool({ filename: new URL(worker, import.meta.url).href, minThreads: workers, maxThreads: workers, isolateWorkers: false });
  return { run: (job) => pool.run(job) as Promise<JobOutcome>, close: () => pool.destroy() };
}

function incidentFileName(outcome: JobOutcome): string {
  const what = outcome.job.incidentPath === undefined ? `${outcome.scenario}-seed-${outcome.job.seed}` : basename(outcome.job.incidentPath, '.json');
  return `${outcome.job.role}-${what}.json`.replace(/[^A-Za-z0-9._-]/g, '_');
}

/** One incident file per failing run, so `converge replay`, `explain` and `shrink` can take it from there. */
function writeIncidents(outcomes: readonly JobOutcome[], dir: string): Record<string, string> {
  const written: Record<string, string> = {};
  for (const outcome of outcomes) {
    if (outcome.verdict !== 'fail') continue;
    const { job } = outcome;
    const { scenario, scenarioRef, seed, overrides } = jobSource(job);
    const [name = job.plugin, version = ''] = outcome.orchestrator.split('@');
    const path = join(dir, incidentFileName(outcome));
    writeIncident(
      path,
      incidentContent({
        note: `converge gate: ${job.id} failed on ${outcome.orchestrator}`,
        scenario,
        scenarioRef,
        seed,
        overrides,
        orchestrator: { module: job.plugin, name, version },
        run: {
          traceHash: outcome.traceHash,
          events: outcome.events,
          traceEvents: outcome.traceEvents,
          converged: outcome.converged,
          ...(outcome.runVerdict === null ? {} : { verdict: outcome.runVerdict }),
          ...(outcome.parked === null ? {} : { parked: outcome.parked }),
          violations: outcome.violations,
        },
      }),
    );
    written[`${job.role}:${job.id}`] = path;
  }
  return written;
}

function mismatches(first: readonly JobOutcome[], again: readonly JobOutcome[]): DeterminismMismatch[] {
  const byKey = new Map(first.map((outcome) => [`${outcome.job.role}:${outcome.job.id}`, outcome]));
  const found: DeterminismMismatch[] = [];
  for (const outcome of again) {
    const original = byKey.get(`${outcome.job.role}:${outcome.job.id}`);
    if (original === undefined || original.traceHash === outcome.traceHash) continue;
    found.push({ id: outcome.job.id, role: outcome.job.role, firstHash: original.traceHash, againHash: outcome.traceHash, replay: outcome.replay });
  }
  return found;
}

/**
 * Runs scenarios × seeds (plus the regression incidents) on the candidate, and on the baseline
 * when given; re-runs a sample to check determinism; writes incidents for failures.
 */
export async function runGate(options: GateOptions, hooks: GateHooks = {}): Promise<GateReport> {
  const startedMs = performance.now();
  const { regressionThresholds, incidentsDir, contracts, ...settings } = options;
  const plan = planGate(settings);
  const jobs = [...plan.runs, ...plan.rechecks];
  const runner = createRunner(options.workers);
  let done = 0;
  let outcomes: JobOutcome[];
  try {
    outcomes = await Promise.all(
      jobs.map(async (job) => {
        const outcome = await runner.run(job);
        done++;
        hooks.onOutcome?.(outcome, done, jobs.length);
        return outcome;
      }),
    );
  } finally {
    await runner.close();
  }
  const firstRuns = outcomes.filter((outcome) => outcome.job.purpose === 'run');
  const incidents = incidentsDir === undefined ? {} : writeIncidents(firstRuns, incidentsDir);
  // Each failing run names its incident file itself, so a reader of the JSON needs no second look-up.
  const named = firstRuns.map((outcome) => {
    const incident = incidents[`${outcome.job.role}:${outcome.job.id}`];
    return incident === undefined ? outcome : { ...outcome, incident };
  });
  const candidate = named.filter((outcome) => outcome.job.role === 'candidate');
  const baseline = named.filter((outcome) => outcome.job.role === 'baseline');
  const rechecks = outcomes.filter((outcome) => outcome.job.purpose === 'recheck');
  const partial = {
    format: 'converge-gate-report' as const,
    version: 1 as const,
    settings,
    candidate,
    baseline,
    determinism: { checked: rechecks.length, mismatches: mismatches(firstRuns, rechecks) },
    differential: options.baseline === undefined ? null : compare(candidate, baseline, regressionThresholds),
    contracts: contracts ?? null,
    incidents,
    wallMs: Math.round(performance.now() - startedMs),
  };
  const reasons = gateReasons(partial);
  return { ...partial, passed: reasons.length === 0, reasons };
}
