import { referencePlugin } from '../../orchestrator/reference/reference-orchestrator.ts';
import { DEFAULT_CHECKERS } from '../../sim/invariants/catalogue.ts';
import type { TraceEvent } from '../../sim/kernel/trace.ts';
import { loadScenario } from '../../sim/world/scenario-loader.node.ts';
import type { Scenario } from '../../sim/world/scenario-schema.ts';
import { World, type WorldResult } from '../../sim/world/world.ts';

export const HOUR_MS = 3_600_000;

/** The baseline scenario with some fields changed (a deep copy: the loaded one is shared). */
export function scenarioFrom(name: string, change: (scenario: Scenario) => void): Scenario {
  const scenario = structuredClone(loadScenario(name).scenario);
  change(scenario);
  return scenario;
}

export interface Transition {
  atMs: number;
  orderId: string;
  foId: string;
  from: string;
  to: string;
}

export interface IncidentRun {
  result: WorldResult;
  world: World;
  transitions: Transition[];
  /** Trace events of these kinds, as they happened. */
  events: TraceEvent[];
}

/**
 * Runs a real world (reference orchestrator, fakes, every default checker) and lets the test
 * act on it as things happen: `react` sees each trace event and may schedule commands.
 */
export async function runIncident(scenario: Scenario, options: { seed: number; orders: number; kinds?: readonly string[]; react?: (event: TraceEvent, world: World) => void }): Promise<IncidentRun> {
  const transitions: Transition[] = [];
  const events: TraceEvent[] = [];
  const kinds = new Set(options.kinds ?? []);
  const world: World = new World({
    scenario,
    seed: options.seed,
    orders: options.orders,
    plugin: referencePlugin,
    checkers: DEFAULT_CHECKERS,
    replayCommand: 'incident test',
    onTrace: (event) => {
      if (event.kind === 'fo.transitioned') {
        const detail = JSON.parse(event.detail) as { foId: string; from: string; to: string };
        transitions.push({ atMs: event.atMs, orderId: event.orderId, foId: detail.foId, from: detail.from, to: detail.to });
      }
      if (kinds.has(event.kind)) events.push(event);
      options.react?.(event, world);
    },
  });
  const result = await world.run();
  return { result, world, transitions, events };
}

/** The last state each FO reached, by FO id. */
export function finalStates(transitions: readonly Transition[]): Map<string, string> {
  const states = new Map<string, string>();
  for (const transition of transitions) states.set(transition.foId, transition.to);
  return states;
}
