import type { OrchestratorPlugin } from '../../orchestrator/plugin.ts';
import type { TraceEvent } from '../kernel/trace.ts';
import type { Incident } from '../incidents/incident-file.ts';
import { MAX_RECORDED_EVENTS } from '../incidents/incident-file.ts';
import { simulate, type RunResult, type SimulateOptions } from '../world/simulate.ts';

/** The simulate() options an incident stands for: the same scenario, seed and overrides give the same history. */
export function incidentOptions(incident: Pick<Incident, 'scenario' | 'scenarioRef' | 'seed' | 'overrides'> & { orchestrator?: Incident['orchestrator'] }, plugin: OrchestratorPlugin): SimulateOptions {
  return {
    // Replay commands on violations name the recorded orchestrator module when it is not the reference.
    ...(incident.orchestrator === undefined ? {} : { orchestratorRef: incident.orchestrator.module }),
    scenario: incident.scenario,
    scenarioRef: incident.scenarioRef,
    seed: incident.seed,
    plugin,
    ...(incident.overrides.orders === undefined ? {} : { orders: incident.overrides.orders }),
    ...(incident.overrides.crashEveryEvents === undefined ? {} : { crashEveryEvents: incident.overrides.crashEveryEvents }),
  };
}

/** What a recording may hold in memory, in characters of event text: about 64 MB of strings. */
export const MAX_RECORDED_CHARS = 32_000_000;

/** Keeps the first events of a run: enough to record, bounded in memory (count and text) however long the run. */
export class TraceKeeper {
  readonly events: TraceEvent[] = [];
  private chars = 0;
  private full = false;

  constructor(
    private readonly maxEvents = MAX_RECORDED_EVENTS,
    private readonly maxChars = MAX_RECORDED_CHARS,
  ) {}

  readonly listen = (event: TraceEvent): void => {
    if (this.full) return;
    this.chars += event.detail.length + event.kind.length + event.ref.length + event.orderId.length;
    if (this.events.length >= this.maxEvents || this.chars > this.maxChars) {
      this.full = true;
      return;
    }
    this.events.push(event);
  };
}

export interface IncidentRun {
  result: RunResult;
  /** The first MAX_RECORDED_EVENTS events, when asked for. */
  trace?: TraceEvent[];
}

/** Runs an incident's world again; `now` is the wall clock, for the report's wallMs only. */
export async function runIncident(
  incident: Pick<Incident, 'scenario' | 'scenarioRef' | 'seed' | 'overrides'>,
  plugin: OrchestratorPlugin,
  options: { keepTrace?: boolean; onTrace?: (event: TraceEvent) => void },
  now: () => number,
): Promise<IncidentRun> {
  const keeper = options.keepTrace === true ? new TraceKeeper() : undefined;
  const listeners = [keeper?.listen, options.onTrace].filter((listener): listener is (event: TraceEvent) => void => listener !== undefined);
  const onTrace = listeners.length === 0 ? undefined : listeners.length === 1 ? listeners[0] : (event: TraceEvent) => listeners.forEach((listener) => listener(event));
  const result = await simulate({ ...incidentOptions(incident, plugin), ...(onTrace === undefined ? {} : { onTrace }) }, now);
  return { result, ...(keeper === undefined ? {} : { trace: keeper.events }) };
}
