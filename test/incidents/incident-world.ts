import type { CancelOrderCommand, CommandResult, OrchestratorPlugin } from '../../orchestrator/plugin.ts';
import type { Ports } from '../../orchestrator/ports.ts';
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
export async function runIncident(
  scenario: Scenario,
  options: {
    seed: number;
    orders: number;
    kinds?: readonly string[];
    react?: (event: TraceEvent, world: World) => void;
    /** Crash and restart the orchestrator after every this many kernel events of the safety phase (incident 12). */
    crashEveryEvents?: number;
    /** Another plugin than the reference one (e.g. the reference one wrapped by the test). */
    plugin?: OrchestratorPlugin;
    /** Sees (and may wrap) the ports each orchestrator instance gets, e.g. to read its store. */
    ports?: (ports: Ports) => Ports;
  },
): Promise<IncidentRun> {
  const transitions: Transition[] = [];
  const events: TraceEvent[] = [];
  const kinds = new Set(options.kinds ?? []);
  const world: World = new World({
    scenario,
    seed: options.seed,
    orders: options.orders,
    plugin: options.plugin ?? (options.ports === undefined ? referencePlugin : withPorts(options.ports)),
    ...(options.crashEveryEvents === undefined ? {} : { crashEveryEvents: options.crashEveryEvents }),
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

/** The reference orchestrator, created on ports the test has seen (and maybe wrapped). */
function withPorts(wrap: (ports: Ports) => Ports): OrchestratorPlugin {
  return { ...referencePlugin, create: (ports, config) => referencePlugin.create(wrap(ports), config) };
}

/** `<storeId> <holdId> ...`, the detail of every `pos.hold.*` trace event. */
export function holdOf(event: TraceEvent): { storeId: string; holdId: string } {
  const [storeId = '', holdId = ''] = event.detail.split(' ');
  return { storeId, holdId };
}

/** The payload of an orchestrator event as the trace carries it (JSON). */
export function payloadOf<T>(event: TraceEvent): T {
  return JSON.parse(event.detail) as T;
}

/**
 * A customer's cancel, as the world's own customers send one: recorded in the trace first
 * (`customer.cancel`, what the checkers count as asked), then handed to the orchestrator. A test
 * that calls `cancelOrder` directly would look, to the checkers, like a cancel nobody asked for.
 */
export function cancelAsCustomer(world: World, command: CancelOrderCommand): Promise<CommandResult> | undefined {
  const detail = command.lines === undefined ? 'all' : command.lines.map((line) => `${line.lineNo}x${line.quantity}`).join(' ');
  world.kernel.trace.record(world.kernel.elapsedMs, 'customer.cancel', 'customer', command.orderId, command.orderId, detail);
  return world.orchestrator.cancelOrder?.(command);
}
