import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { UsageError } from '../cli/exit-codes.ts';
import type { Violation } from '../invariants/types.ts';
import type { TraceEvent } from '../kernel/trace.ts';
import { parseTraceJsonl, TraceLineError } from '../incidents/trace-jsonl.ts';
import { incidentForCli, pluginForCli } from '../replay/inputs.node.ts';
import { runIncident } from '../replay/run-incident.ts';
import type { Scenario } from '../world/scenario-schema.ts';

/** A history to explain: its events, its scenario when known, its violations when known. */
export interface History {
  kind: 'incident' | 'trace';
  events: readonly TraceEvent[];
  scenario: Scenario | undefined;
  violations: readonly Violation[];
  /** How the events were obtained, for the banner. */
  origin: string;
}

/** A `--trace` JSONL file starts with `{"index":`; an incident file is a pretty-printed object with `"format"`. */
function looksLikeJsonl(path: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw new UsageError(`${path}: cannot read it: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  try {
    const head = Buffer.alloc(64);
    const read = readSync(fd, head, 0, head.length, 0);
    return /^\s*\{\s*"index"\s*:/.test(head.subarray(0, read).toString('utf8'));
  } finally {
    closeSync(fd);
  }
}

/**
 * Loads an incident (its recording, or a re-run when it has none or only part) or a `--trace`
 * JSONL file. A bad file is the user's mistake: one line, exit 2.
 */
export async function loadHistory(path: string, scenarioForTrace: Scenario | undefined, now: () => number): Promise<History> {
  if (looksLikeJsonl(path)) {
    try {
      return { kind: 'trace', events: parseTraceJsonl(readFileSync(path, 'utf8'), path), scenario: scenarioForTrace, violations: [], origin: `trace file ${path}` };
    } catch (error) {
      if (error instanceof TraceLineError) throw new UsageError(error.message);
      throw error;
    }
  }
  const { incident, recording } = incidentForCli(path);
  if (recording !== undefined && incident.recording?.complete === true) {
    return { kind: 'incident', events: recording, scenario: incident.scenario, violations: incident.expected.violations, origin: `incident ${path} (recorded events)` };
  }
  const plugin = await pluginForCli(incident.orchestrator.module);
  const events: TraceEvent[] = [];
  const { result } = await runIncident(incident, plugin, { onTrace: (event) => events.push(event) }, now);
  return { kind: 'incident', events, scenario: incident.scenario, violations: result.violations, origin: `incident ${path} (run again: it has no complete recording)` };
}
