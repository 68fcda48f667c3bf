/**
 * Converge's public entry for users' own code: run a seeded world from a test, read its result.
 * Plugin authors: the orchestrator API is `converge/plugin` (orchestrator/plugin-api.ts; docs/plugins.md lists the files its types live in);
 * test helpers (vitest matchers, fast-check arbitraries) are `converge/testing`.
 */
export { simulate, type SimulateRequest } from './library/simulate.node.ts';
export type { RunResult } from './world/simulate.ts';
export type { Violation, EventPointer } from './invariants/types.ts';
export type { RunMetrics } from './report/metrics.ts';
export type { Scenario } from './world/scenario-schema.ts';
export { loadScenario, listScenarioNames, ScenarioError } from './world/scenario-loader.node.ts';
export { FAULT_CATALOGUE, FAULT_NAMES, type FaultName } from './world/fault-catalogue.ts';
export { loadPlugin, PluginLoadError } from './plugins/load-plugin.node.ts';
export type * from '../orchestrator/plugin-api.ts';
