import { performance } from 'node:perf_hooks';
import type { OrchestratorPlugin } from '../../orchestrator/plugin.ts';
import { loadPlugin } from '../plugins/load-plugin.node.ts';
import { loadScenario } from '../world/scenario-loader.node.ts';
import type { Scenario } from '../world/scenario-schema.ts';
import { simulate as simulateWorld, type RunResult } from '../world/simulate.ts';

export interface SimulateRequest {
  /** A scenario name from scenarios/, a path to a scenario file, or a scenario object (e.g. from `scenarioArbitrary`). */
  scenario: string | Scenario;
  seed?: number;
  orders?: number;
  /** An OrchestratorPlugin, `reference` (default), a module path or a package name. */
  orchestrator?: OrchestratorPlugin | string;
  /** Crash and restart the orchestrator after every this many kernel events. */
  crashEveryEvents?: number;
}

/**
 * One seeded run, for users' own test suites: the same world, checkers and result as
 * `converge run --json`. Same request, same `traceHash`.
 */
export async function simulate(request: SimulateRequest): Promise<RunResult> {
  const named = typeof request.scenario === 'string';
  const scenario = typeof request.scenario === 'string' ? loadScenario(request.scenario).scenario : request.scenario;
  const plugin = typeof request.orchestrator === 'object' ? request.orchestrator : await loadPlugin(request.orchestrator ?? 'reference');
  return simulateWorld(
    {
      scenario,
      // A scenario object has no file to name: the replay command names it as the run's scenario.
      scenarioRef: named ? (request.scenario as string) : scenario.name,
      seed: request.seed ?? 1,
      plugin,
      ...(typeof request.orchestrator === 'string' ? { orchestratorRef: request.orchestrator } : {}),
      ...(request.orders === undefined ? {} : { orders: request.orders }),
      ...(request.crashEveryEvents === undefined ? {} : { crashEveryEvents: request.crashEveryEvents }),
    },
    () => performance.now(),
  );
}
