import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { OrchestratorPlugin } from '../../orchestrator/plugin.ts';
import { UsageError } from '../cli/exit-codes.ts';
import { loadScenarioFlag } from '../cli/options.ts';
import { DEFAULT_CHECKERS } from '../invariants/catalogue.ts';
import type { Finding, InvariantChecker } from '../invariants/types.ts';
import type { TraceEvent } from '../kernel/trace.ts';
import { parseTraceLine, TraceLineError } from '../incidents/trace-jsonl.ts';
import { incidentForCli, pluginForCli } from '../replay/inputs.node.ts';
import { incidentOptions } from '../replay/run-incident.ts';
import { describePlan } from '../world/fault-plan.ts';
import { replayCommand, runPlan, simulate, type RunResult, type SimulateOptions } from '../world/simulate.ts';
import type { DashboardModel, RunInfo } from './model.ts';
import { scenarioFacts } from './scenario-facts.ts';

/** What `watch` and `report` read a history from. */
export type InputKind = 'incident' | 'trace' | 'gate-report';

/** How a history is played: `pause` is awaited between events when it returns a promise; `onEvent` sees each event after the model. */
export interface PlayOptions {
  pause?: () => Promise<void> | undefined;
  onEvent?: (event: TraceEvent) => void;
}

/**
 * A history to show: a run to simulate (live, or an incident again), or a trace file to replay.
 * `play` feeds every event to the model.
 */
export interface HistorySource {
  kind: 'live' | 'incident' | 'trace';
  info: RunInfo;
  /** The seed and options, printed before anything runs. */
  banner: string;
  play(model: DashboardModel, options?: PlayOptions): Promise<RunResult | undefined>;
}

/** Tells an incident, a gate report and a trace JSONL file apart from their first bytes. */
export function sniffInput(path: string): InputKind {
  let head: string;
  try {
    const fd = openSync(path, 'r');
    try {
      const buffer = Buffer.alloc(4096);
      head = buffer.toString('utf8', 0, readSync(fd, buffer, 0, buffer.length, 0));
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    throw new UsageError(`${path}: cannot read it: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const format = /"format"\s*:\s*"converge-(incident|gate-report)"/.exec(head)?.[1];
  if (format === 'incident') return 'incident';
  if (format === 'gate-report') return 'gate-report';
  const firstLine = head.split('\n')[0] ?? '';
  try {
    parseTraceLine(firstLine, `${path}: line 1`);
    return 'trace';
  } catch (error) {
    const why = error instanceof TraceLineError ? error.message : String(error);
    throw new UsageError(`${path}: expected an incident file, a gate report (gate --json) or a trace JSONL file (run --trace); as a trace: ${why}`);
  }
}

/**
 * The run's own checkers, with every finding also handed to `onFinding` (the dashboard's
 * violations panel). The checkers see and do exactly what they would without it.
 */
export function checkersReportingTo(checkers: readonly InvariantChecker[], onFinding: (finding: Finding) => void): InvariantChecker[] {
  return checkers.map((checker) => {
    const tee = (report: (finding: Finding) => void) => (finding: Finding) => {
      report(finding);
      onFinding(finding);
    };
    // Its kinds too: the world hands a wrapped checker only the events the checker reads.
    const wrapped: InvariantChecker = { name: checker.name, ...(checker.kinds === undefined ? {} : { kinds: checker.kinds }) };
    if (checker.onEvent !== undefined) wrapped.onEvent = (event, context, report) => checker.onEvent?.(event, context, tee(report));
    if (checker.onPublished !== undefined) wrapped.onPublished = (published, traced, context, report) => checker.onPublished?.(published, traced, context, tee(report));
    if (checker.onRedelivered !== undefined) wrapped.onRedelivered = (published, traced, context, report) => checker.onRedelivered?.(published, traced, context, tee(report));
    if (checker.atEndOrder !== undefined) wrapped.atEndOrder = (order, end, report) => checker.atEndOrder?.(order, end, tee(report));
    if (checker.atEnd !== undefined) wrapped.atEnd = (context, report, end) => checker.atEnd?.(context, tee(report), end);
    return wrapped;
  });
}

function simulatedSource(kind: 'live' | 'incident', options: SimulateOptions, info: RunInfo, banner: string): HistorySource {
  return {
    kind,
    info,
    banner,
    play: (model, { pause, onEvent } = {}) =>
      simulate(
        {
          ...options,
          onTrace: onEvent === undefined ? model.listen : (event) => (model.listen(event), onEvent(event)),
          checkers: checkersReportingTo(options.checkers ?? DEFAULT_CHECKERS, model.addFinding),
          ...(pause === undefined ? {} : { pause }),
        },
        () => performance.now(),
      ),
  };
}

export interface LiveFlags {
  scenario: string;
  seed: number;
  orders?: number;
  orchestrator: string;
}

/** `watch --scenario S --seed N`: a fresh run. */
export async function liveSource(flags: LiveFlags): Promise<HistorySource> {
  const { scenario, path } = loadScenarioFlag(flags.scenario);
  const plugin = await pluginForCli(flags.orchestrator);
  const options: SimulateOptions = { scenario, scenarioRef: flags.scenario, seed: flags.seed, plugin, ...(flags.orders === undefined ? {} : { orders: flags.orders }) };
  const orders = flags.orders ?? scenario.workload.orders;
  const planned = runPlan(options);
  const plan = describePlan(planned.plan);
  const banner = `converge watch: scenario ${flags.scenario} (${path}), seed ${flags.seed}, orders ${orders}${flags.orders === undefined ? ' (from the scenario)' : ''}, orchestrator ${pluginLabel(flags.orchestrator, plugin)}\nfault plan: ${plan.join('; ') || 'none'}`;
  const info: RunInfo = { source: 'live', title: scenario.name, seed: flags.seed, orders, orchestrator: `${plugin.name}@${plugin.version}`, startEpochMs: Date.parse(scenario.startInstant), replay: replayCommand(options), ...scenarioFacts(planned.scenario) };
  return simulatedSource('live', options, info, banner);
}

/** An incident file: its world simulated again (same scenario, seed and overrides: the same history). */
export async function incidentSource(file: string, orchestrator?: string): Promise<HistorySource> {
  const { incident } = incidentForCli(file);
  const moduleRef = orchestrator ?? incident.orchestrator.module;
  const plugin = await pluginForCli(moduleRef);
  const options = incidentOptions(incident, plugin);
  const orders = incident.overrides.orders ?? incident.scenario.workload.orders;
  const planned = runPlan(options);
  const plan = describePlan(planned.plan);
  const banner = `converge: incident ${file}: scenario ${incident.scenario.name} (embedded), seed ${incident.seed}, orders ${orders}${incident.overrides.crashEveryEvents === undefined ? '' : `, crash every ${incident.overrides.crashEveryEvents} events`}, orchestrator ${pluginLabel(moduleRef, plugin)}, recorded hash ${incident.expected.traceHash}\nfault plan: ${plan.join('; ') || 'none'}`;
  const info: RunInfo = { source: 'incident', title: incident.scenario.name, seed: incident.seed, orders, orchestrator: `${plugin.name}@${plugin.version}`, startEpochMs: Date.parse(incident.scenario.startInstant), replay: `npx converge replay ${file}`, file, ...scenarioFacts(planned.scenario) };
  return simulatedSource('incident', options, info, banner);
}

/** A trace JSONL file (run --trace): its events replayed into the model, read line by line. */
export function traceSource(file: string): HistorySource {
  const info: RunInfo = { source: 'trace', title: file.split('/').at(-1) ?? file, seed: null, orders: null, orchestrator: 'from a trace', startEpochMs: null, replay: null, file, nodes: [], windows: [] };
  return {
    kind: 'trace',
    info,
    banner: `converge: trace ${file} (trace events replayed as recorded; no scenario, seed or verdict in a trace)`,
    play: async (model, { pause, onEvent } = {}) => {
      for await (const event of traceEvents(file)) {
        const waiting = pause?.();
        if (waiting !== undefined) await waiting;
        model.listen(event);
        onEvent?.(event);
      }
      return undefined;
    },
  };
}

/** Streams a trace file's events; a bad line is the user's mistake (exit 2), named by line. */
export async function* traceEvents(file: string): AsyncGenerator<TraceEvent> {
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let lineNo = 0;
  let expected = 0;
  for await (const line of lines) {
    lineNo++;
    if (line.trim() === '') continue;
    let event: TraceEvent;
    try {
      event = parseTraceLine(line, `${file}: line ${lineNo}`);
    } catch (error) {
      if (error instanceof TraceLineError) throw new UsageError(error.message);
      throw error;
    }
    if (event.index !== expected) throw new UsageError(`${file}: line ${lineNo}: field index: got ${event.index}; expected ${expected} (trace events must be consecutive, from 0)`);
    expected++;
    yield event;
  }
}

function pluginLabel(ref: string, plugin: OrchestratorPlugin): string {
  return ref === 'reference' ? 'reference' : `${ref} (${plugin.name}@${plugin.version})`;
}
