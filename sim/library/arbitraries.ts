import fc from 'fast-check';
import { FAULT_NAMES, faultEntry, type FaultName } from '../world/fault-catalogue.ts';
import type { Scenario } from '../world/scenario-schema.ts';
import { drawSwarm } from '../world/swarm.ts';
import { validateScenario } from '../world/scenario-loader.node.ts';

/** One fault of a plan with its parameter: a ratio 1 in `oneIn`, an outage of `hours`, or a crash every `everyEvents` events. */
export interface PlannedFaultChoice {
  name: FaultName;
  oneIn?: number;
  hours?: number;
  everyEvents?: number;
}

export type FaultPlanChoice = readonly PlannedFaultChoice[];

/** Faults a plan can hold: those with one drawn parameter (see docs/scenarios.md, the fault catalogue). */
export const PLANNABLE_FAULTS: readonly FaultName[] = FAULT_NAMES.filter((name) => faultEntry(name).swarm !== undefined);

export interface FaultPlanOptions {
  /** Pick only from these (default: every plannable fault). */
  faults?: readonly FaultName[];
  minFaults?: number;
  maxFaults?: number;
}

function choiceOf(name: FaultName): fc.Arbitrary<PlannedFaultChoice> {
  switch (faultEntry(name).swarm) {
    case 'hours':
      return fc.integer({ min: 1, max: 12 }).map((hours) => ({ name, hours }));
    case 'everyEvents':
      return fc.integer({ min: 2_000, max: 50_000 }).map((everyEvents) => ({ name, everyEvents }));
    default:
      return fc.integer({ min: 2, max: 100 }).map((oneIn) => ({ name, oneIn }));
  }
}

/**
 * A fault plan: distinct faults from the catalogue with their parameters. Shrinks towards fewer
 * faults and rarer ones, which is what a person wants from a counterexample.
 */
export function faultPlanArbitrary(options: FaultPlanOptions = {}): fc.Arbitrary<FaultPlanChoice> {
  const names = options.faults ?? PLANNABLE_FAULTS;
  for (const name of names) {
    if (faultEntry(name).swarm === undefined) throw new RangeError(`faultPlanArbitrary: ${name} is not plannable; expected one of ${PLANNABLE_FAULTS.join(', ')}`);
  }
  return fc
    .uniqueArray(fc.constantFrom(...names), { minLength: options.minFaults ?? 0, maxLength: Math.min(options.maxFaults ?? 6, names.length) })
    .chain((chosen) => fc.tuple(...chosen.map(choiceOf)))
    .map((plan) => [...plan].sort((a, b) => (a.name < b.name ? -1 : 1)));
}

const exactly = (value: number): { min: number; max: number } => ({ min: value, max: value });

/**
 * The scenario with exactly this plan added to its own faults (a planned fault replaces a
 * configured one of the same name): the same code path as a swarm draw, so the result is an
 * ordinary, validated scenario.
 */
export function withFaultPlan(scenario: Scenario, plan: FaultPlanChoice): Scenario {
  if (plan.length === 0) return scenario;
  const candidates = Object.fromEntries(
    plan.map((fault) => [fault.name, { ...(fault.oneIn === undefined ? {} : { oneIn: exactly(fault.oneIn) }), ...(fault.hours === undefined ? {} : { hours: exactly(fault.hours) }), ...(fault.everyEvents === undefined ? {} : { everyEvents: exactly(fault.everyEvents) }) }]),
  );
  const profiled = validateScenario({ ...scenario, swarm: { faults: exactly(plan.length), candidates } }, `${scenario.name} with a fault plan`);
  // Every range is a single value and every candidate is chosen, so any seed draws the same plan.
  return drawSwarm(profiled, 0);
}

export interface ScenarioCase {
  scenario: Scenario;
  seed: number;
  orders: number;
  plan: FaultPlanChoice;
}

export interface ScenarioOptions extends FaultPlanOptions {
  orders?: { min: number; max: number };
}

/** A base scenario with an arbitrary fault plan, order count and seed: the input of a user's own property. */
export function scenarioArbitrary(base: Scenario, options: ScenarioOptions = {}): fc.Arbitrary<ScenarioCase> {
  const orders = options.orders ?? { min: 20, max: 300 };
  return fc.record({ plan: faultPlanArbitrary(options), seed: fc.integer({ min: 0, max: 2 ** 32 - 1 }), orders: fc.integer(orders) }).map(({ plan, seed, orders: count }) => ({ scenario: withFaultPlan(base, plan), seed, orders: count, plan }));
}
