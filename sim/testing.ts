/**
 * `converge/testing`: what users' own vitest suites need. Register the matchers with
 * `import 'converge/testing/vitest-setup'` (sim/library/vitest-setup.ts) or
 * `expect.extend(convergeMatchers)`.
 */
export { convergeMatchers, type ConvergeMatchers } from './library/matchers.ts';
import './library/vitest-types.ts';
export { faultPlanArbitrary, scenarioArbitrary, withFaultPlan, PLANNABLE_FAULTS, type FaultPlanChoice, type PlannedFaultChoice, type ScenarioCase, type ScenarioOptions } from './library/arbitraries.ts';
export { simulate, type SimulateRequest } from './library/simulate.node.ts';
