import type { OrchestratorPlugin } from '../../orchestrator/plugin.ts';
import type { Violation } from '../invariants/types.ts';
import type { TraceEvent } from '../kernel/trace.ts';
import type { Incident } from '../incidents/incident-file.ts';
import type { ParkedReport } from '../world/parking.ts';
import type { RunResult } from '../world/simulate.ts';
import type { Verdict } from '../world/verdict.ts';
import { runIncident, TraceKeeper } from './run-incident.ts';
import type { UntilBoundary } from './sim-time.ts';
import { TraceDiff, type FirstDifference } from './trace-diff.ts';
import { StateAtBoundary, type WorldState } from './world-state.ts';

export interface ReplayOutcome {
  /** Same trace hash and the same number of events: the history is the recorded one. */
  identical: boolean;
  /** What the incident recorded; `verdict` and `parked` are null in files written before run verdicts. */
  recorded: { traceHash: string; traceEvents: number; verdict: Verdict | null; parked: ParkedReport | null };
  replayed: RunResult;
  /** The first differing event; null when identical, or when the incident has no recording to compare with. */
  difference: FirstDifference | null;
  /** False when the incident carries no recording: a difference can be seen (hash) but not named. */
  hasRecording: boolean;
  /** Recorded violations found again (same invariant, order, detail and first bad event), and new ones. */
  violations: { recorded: number; reproduced: number; missing: Violation[]; added: Violation[] };
  /** `--until`: the state of the world at the boundary. */
  state?: WorldState;
  /** The replay's own trace (first events), when asked for (re-recording). */
  trace?: TraceEvent[];
}

function violationKey(violation: Violation): string {
  return `${violation.invariant}|${violation.orderId}|${violation.detail}|${violation.firstBadEvent?.index ?? 'end'}`;
}

/**
 * Runs an incident again with `plugin` and compares the history with the recording, event by
 * event as it runs (only the first difference is kept), then the trace hash and the violations.
 */
export async function replayIncident(
  incident: Incident,
  recording: readonly TraceEvent[] | undefined,
  plugin: OrchestratorPlugin,
  options: { until?: UntilBoundary; keepTrace?: boolean },
  now: () => number,
): Promise<ReplayOutcome> {
  const diff = recording === undefined ? undefined : new TraceDiff(recording, incident.recording?.complete ?? true);
  const keeper = options.keepTrace === true ? new TraceKeeper() : undefined;
  const boundary = options.until === undefined ? undefined : new StateAtBoundary(options.until);
  const onTrace = (event: TraceEvent): void => {
    diff?.listen(event);
    keeper?.listen(event);
    boundary?.listen(event);
  };
  const { result: replayed } = await runIncident(incident, plugin, { onTrace }, now);
  const state: WorldState | undefined = boundary?.result();
  const identical = replayed.traceHash === incident.expected.traceHash && replayed.traceEvents === incident.expected.traceEvents;
  const difference = identical ? null : (diff?.result() ?? null);
  const recordedKeys = new Set(incident.expected.violations.map(violationKey));
  const replayedKeys = new Set(replayed.violations.map(violationKey));
  const missing = incident.expected.violations.filter((violation) => !replayedKeys.has(violationKey(violation)));
  return {
    identical,
    recorded: { traceHash: incident.expected.traceHash, traceEvents: incident.expected.traceEvents, verdict: incident.expected.verdict ?? null, parked: incident.expected.parked ?? null },
    replayed,
    difference,
    hasRecording: recording !== undefined,
    violations: {
      recorded: incident.expected.violations.length,
      reproduced: incident.expected.violations.length - missing.length,
      missing,
      added: replayed.violations.filter((violation) => !recordedKeys.has(violationKey(violation))),
    },
    ...(state === undefined ? {} : { state }),
    ...(keeper === undefined ? {} : { trace: keeper.events }),
  };
}
