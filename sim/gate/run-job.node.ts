import { performance } from 'node:perf_hooks';
import type { OrchestratorPlugin } from '../../orchestrator/plugin.ts';
import type { Incident } from '../incidents/incident-file.ts';
import { readIncident } from '../incidents/incident-io.node.ts';
import { incidentOptions } from '../replay/run-incident.ts';
import { loadPlugin } from '../plugins/load-plugin.node.ts';
import { loadScenario } from '../world/scenario-loader.node.ts';
import { simulate, type RunResult } from '../world/simulate.ts';
import { VIOLATIONS_PER_OUTCOME, type GateJob, type JobOutcome, type Verdict } from './gate-job.ts';

/** Plugins are loaded once per worker thread: importing a module per run would dominate short runs. */
const plugins = new Map<string, Promise<OrchestratorPlugin>>();

function pluginFor(ref: string): Promise<OrchestratorPlugin> {
  let plugin = plugins.get(ref);
  if (plugin === undefined) {
    plugin = loadPlugin(ref);
    plugins.set(ref, plugin);
  }
  return plugin;
}

/** What a job runs: the same shape an incident file gives, so one mapping to simulate() serves both. */
export type JobSource = Pick<Incident, 'scenario' | 'scenarioRef' | 'seed' | 'overrides'>;

/** A seed run's scenario from scenarios/, or a regression incident's own scenario, seed and overrides. */
export function jobSource(job: GateJob): JobSource {
  if (job.incidentPath !== undefined) return readIncident(job.incidentPath);
  if (job.scenarioRef === undefined) throw new Error(`gate job ${job.id} names neither a scenario nor an incident`);
  return { scenario: loadScenario(job.scenarioRef).scenario, scenarioRef: job.scenarioRef, seed: job.seed, overrides: job.orders === undefined ? {} : { orders: job.orders } };
}

/** The command that reproduces this job's run exactly, whatever orchestrator it used. */
export function replayCommandOf(job: GateJob): string {
  const orchestrator = job.plugin === 'reference' ? '' : ` --orchestrator ${job.plugin}`;
  if (job.incidentPath !== undefined) return `npx converge replay ${job.incidentPath}${orchestrator}`;
  const orders = job.orders === undefined ? '' : ` --orders ${job.orders}`;
  return `npx converge run --scenario ${job.scenarioRef ?? '?'} --seed ${job.seed}${orders}${orchestrator}`;
}

/**
 * The gate's status from the run's verdict: failed is a fail (violations already include an
 * unjustified or over-budget parking); closed and held pass unless vacuous. A regression incident
 * is a recorded situation (often shrunk to a dozen orders), not a fault plan to prove: it must
 * hold, but faults it planned need not fire for another orchestrator.
 */
export function gateStatusOf(result: Pick<RunResult, 'verdict' | 'vacuous'>, job: Pick<GateJob, 'incidentPath'>): Verdict {
  if (result.verdict === 'failed') return 'fail';
  return result.vacuous.length > 0 && job.incidentPath === undefined ? 'vacuous' : 'pass';
}

/** Runs one job to its outcome; a crash becomes an `error` outcome, never a lost job. */
export async function runJob(job: GateJob): Promise<JobOutcome> {
  const replay = replayCommandOf(job);
  const startedMs = performance.now();
  try {
    const source = jobSource(job);
    const plugin = await pluginFor(job.plugin);
    const result = await simulate(
      { ...incidentOptions(source, plugin), orchestratorRef: job.plugin },
      () => performance.now(),
    );
    return {
      job,
      verdict: gateStatusOf(result, job),
      scenario: result.scenario,
      orchestrator: result.orchestrator,
      traceHash: result.traceHash,
      events: result.events,
      traceEvents: result.traceEvents,
      wallMs: result.wallMs,
      converged: result.converged,
      runVerdict: result.verdict,
      orders: result.orders,
      parked: result.parked,
      stopReason: result.stopReason,
      violationCount: result.violations.length,
      violations: result.violations.slice(0, VIOLATIONS_PER_OUTCOME).map((violation) => ({ ...violation, replay })),
      faultPlan: [...result.faultPlan],
      vacuous: [...result.vacuous],
      faultsFired: { ...result.faultsFired },
      metrics: result.metrics,
      replay,
    };
  } catch (error) {
    return {
      job,
      verdict: 'error',
      scenario: job.scenarioRef ?? job.incidentPath ?? '?',
      orchestrator: job.plugin,
      traceHash: '',
      events: 0,
      traceEvents: 0,
      wallMs: Math.round(performance.now() - startedMs),
      converged: false,
      runVerdict: null,
      orders: 0,
      parked: null,
      stopReason: 'crashed',
      violationCount: 0,
      violations: [],
      faultPlan: [],
      vacuous: [],
      faultsFired: {},
      metrics: null,
      replay,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    };
  }
}
