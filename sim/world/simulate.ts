import type { OrchestratorPlugin } from '../../orchestrator/plugin.ts';
import { referencePlugin } from '../../orchestrator/reference/reference-orchestrator.ts';
import { DEFAULT_CHECKERS } from '../invariants/catalogue.ts';
import type { InvariantChecker, Violation } from '../invariants/types.ts';
import type { TraceEvent } from '../kernel/trace.ts';
import type { RunMetrics } from '../report/metrics.ts';
import { describePlan, plannedFaults, vacuousFaults, type PlannedFault } from './fault-plan.ts';
import type { Scenario } from './scenario-schema.ts';
import { drawSwarm } from './swarm.ts';
import { withTornEvery } from './crash-schedule.ts';
import type { ShadowReport } from '../shadow/shadow.ts';
import { World, type ShadowOptions } from './world.ts';
import type { ParkedReport } from './parking.ts';
import type { Verdict } from './verdict.ts';

export interface SimulateOptions {
  scenario: Scenario;
  /** How the user named the scenario (name or path), for the replay command. */
  scenarioRef: string;
  seed: number;
  orders?: number;
  plugin?: OrchestratorPlugin;
  /** How the user named the plugin (`--orchestrator`), for the replay command; absent or 'reference': the bundled one. */
  orchestratorRef?: string;
  checkers?: readonly InvariantChecker[];
  onTrace?: (event: TraceEvent) => void;
  /** Awaited between events when it returns a promise (dashboards pace the run); never changes its history. */
  pause?: () => Promise<void> | undefined;
  /** Shadow mode: a second orchestrator on the mirrored traffic, compared decision by decision. */
  shadow?: ShadowOptions;
  /** Crash and restart the orchestrator after every this many kernel events. */
  crashEveryEvents?: number;
  /** `--crash-every <n> --torn`: power lost after every n-th store write instead (the scenario's `crashes.everyWrites`). */
  tornEveryWrites?: number;
}

/** The run's summary; `--json` prints exactly this. Field names are stable. */
export interface RunResult {
  scenario: string;
  seed: number;
  orchestrator: string;
  orders: number;
  events: number;
  traceEvents: number;
  simulatedMs: number;
  /** Wall-clock time of the run; the only field that differs between identical runs. */
  wallMs: number;
  traceHash: string;
  /** The world settled within its bound and no invariant broke: `verdict` is `closed` or `held`. */
  converged: boolean;
  /** `closed` (every order closed), `held` (some parked, each justified, within budget) or `failed`. */
  verdict: Verdict;
  /** Orders parked on the exception queue at the end, by category, beside the scenario's budget. */
  parked: ParkedReport;
  stopReason: string;
  violations: Violation[];
  metrics: RunMetrics;
  /** Quirk or fault name to how often it fired (non-zero only). */
  faultsFired: Readonly<Record<string, number>>;
  /** Shadow mode only: decision divergence per capability (sim/shadow/). */
  shadow?: ShadowReport;
  /** The run's planned faults with their parameters (`pos.ghostSuccess 1/25 (S1 S2)`), after a swarm drew them; sorted. */
  faultPlan: string[];
  /** Planned faults that never fired, by plan name, sorted: the run proved nothing about them. */
  vacuous: string[];
}

/** The scenario this seed really runs (a swarm profile drawn) and its fault plan: printed with the seed before the run. */
export function runPlan(options: Pick<SimulateOptions, 'scenario' | 'seed' | 'crashEveryEvents' | 'tornEveryWrites'>): { scenario: Scenario; plan: PlannedFault[] } {
  const scenario = drawSwarm(options.tornEveryWrites === undefined ? options.scenario : withTornEvery(options.scenario, options.tornEveryWrites), options.seed);
  return { scenario, plan: plannedFaults(scenario, options.crashEveryEvents === undefined ? {} : { crashEveryEvents: options.crashEveryEvents }) };
}

export function replayCommand(options: Pick<SimulateOptions, 'scenarioRef' | 'seed' | 'orders' | 'crashEveryEvents' | 'tornEveryWrites' | 'orchestratorRef'>): string {
  const orders = options.orders === undefined ? '' : ` --orders ${options.orders}`;
  const torn = options.tornEveryWrites === undefined ? '' : ` --crash-every ${options.tornEveryWrites} --torn`;
  const crashes = options.crashEveryEvents === undefined ? torn : ` --crash-every ${options.crashEveryEvents}`;
  const orchestrator = options.orchestratorRef === undefined || options.orchestratorRef === 'reference' ? '' : ` --orchestrator ${options.orchestratorRef}`;
  return `npx converge run --scenario ${options.scenarioRef} --seed ${options.seed}${orders}${crashes}${orchestrator}`;
}

/**
 * Runs one seeded world to the end. `now` measures wall time for the report only; nothing in
 * the world reads it.
 */
export async function simulate(options: SimulateOptions, now: () => number): Promise<RunResult> {
  const plugin = options.plugin ?? referencePlugin;
  const startedMs = now();
  const { scenario, plan } = runPlan(options);
  const world = new World({
    scenario,
    seed: options.seed,
    ...(options.orders === undefined ? {} : { orders: options.orders }),
    plugin,
    checkers: options.checkers ?? DEFAULT_CHECKERS,
    replayCommand: replayCommand(options),
    ...(options.onTrace === undefined ? {} : { onTrace: options.onTrace }),
    ...(options.pause === undefined ? {} : { pause: options.pause }),
    ...(options.shadow === undefined ? {} : { shadow: options.shadow }),
    ...(options.crashEveryEvents === undefined ? {} : { crashEveryEvents: options.crashEveryEvents }),
  });
  const result = await world.run();
  return {
    scenario: options.scenario.name,
    seed: options.seed,
    orchestrator: `${plugin.name}@${plugin.version}`,
    orders: result.orders,
    events: result.events,
    traceEvents: result.traceEvents,
    simulatedMs: result.simulatedMs,
    wallMs: Math.round(now() - startedMs),
    traceHash: result.traceHash,
    converged: result.converged,
    verdict: result.verdict,
    parked: result.parked,
    stopReason: result.stopReason,
    violations: result.violations,
    metrics: result.metrics,
    faultsFired: result.faultsFired,
    faultPlan: describePlan(plan),
    vacuous: vacuousFaults(plan, result.faultsFired),
    ...(result.shadow === undefined ? {} : { shadow: result.shadow }),
  };
}
