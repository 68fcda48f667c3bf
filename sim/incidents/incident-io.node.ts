import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { Trace, type TraceEvent } from '../kernel/trace.ts';
import { validateScenario } from '../world/scenario-loader.node.ts';
import type { Scenario } from '../world/scenario-schema.ts';
import { describeZodIssue } from '../world/zod-issue.ts';
import { HARNESS_NAME, HARNESS_VERSION } from '../harness-version.ts';
import { INCIDENT_FORMAT, INCIDENT_VERSION, incidentSchema, MAX_RECORDED_EVENTS, RECORDING_ENCODING, type Incident, type IncidentFileContent, type RecordedRun } from './incident-file.ts';
import { parseTraceJsonl, TraceLineError, traceEventLine } from './trace-jsonl.ts';

/** An incident file cannot be used: the message names the file and what was wrong (exit 2). */
export class IncidentError extends Error {
  override readonly name = 'IncidentError';
}

/**
 * `upgrading`: a version 1 file is read too (its hash and recording are of the old trace format,
 * so both are dropped): for `replay --rerecord`, which replaces them with a new run's.
 */
export function readIncident(path: string, { upgrading = false }: { upgrading?: boolean } = {}): Incident {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new IncidentError(`incident file ${path}: cannot read it: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new IncidentError(`incident file ${path}: not valid JSON (truncated or corrupted?): ${(error as Error).message}`);
  }
  if (raw === null || typeof raw !== 'object' || (raw as { format?: unknown }).format !== INCIDENT_FORMAT) {
    throw new IncidentError(`incident file ${path}: field format: expected "${INCIDENT_FORMAT}"; is this an incident file?`);
  }
  const version = (raw as { version?: unknown }).version;
  if (version === 1 && upgrading) {
    const { recording: _oldRecording, ...rest } = raw as Record<string, unknown>;
    raw = { ...rest, version: INCIDENT_VERSION };
  } else if (version === 1) {
    throw new IncidentError(
      `incident file ${path}: field version: got 1; this Converge reads version ${INCIDENT_VERSION}. A version 1 file hashes its trace as text, so its expected hash cannot be compared with this Converge's runs: convert it with \`npx converge replay ${path} --rerecord\` (it keeps the scenario, seed, overrides and orchestrator, and takes the expected results from this Converge's run)`,
    );
  } else if (version !== INCIDENT_VERSION) {
    throw new IncidentError(`incident file ${path}: field version: got ${JSON.stringify(version)}; this Converge reads version ${INCIDENT_VERSION}`);
  }
  const parsed = incidentSchema.safeParse(raw);
  if (!parsed.success) {
    const [first] = parsed.error.issues;
    throw new IncidentError(first === undefined ? `incident file ${path}: invalid` : `incident file ${describeZodIssue(path, raw, first)}`);
  }
  let scenario: Scenario;
  try {
    scenario = validateScenario(parsed.data.scenario, `${path} (embedded scenario)`);
  } catch (error) {
    throw new IncidentError(`incident file ${(error as Error).message}`);
  }
  return { ...parsed.data, scenario };
}

export interface IncidentFields {
  note: string;
  scenarioRef: string;
  scenario: Scenario;
  seed: number;
  overrides: IncidentFileContent['overrides'];
  orchestrator: IncidentFileContent['orchestrator'];
  run: RecordedRun;
  /** The run's trace, kept in the file (first MAX_RECORDED_EVENTS events) so replay can show both versions of a difference. */
  trace?: readonly TraceEvent[];
}

export function incidentContent(fields: IncidentFields): IncidentFileContent {
  return {
    format: INCIDENT_FORMAT,
    version: INCIDENT_VERSION,
    harness: { name: HARNESS_NAME, version: HARNESS_VERSION },
    note: fields.note,
    scenarioRef: fields.scenarioRef,
    scenario: fields.scenario,
    seed: fields.seed,
    overrides: fields.overrides,
    orchestrator: fields.orchestrator,
    expected: {
      traceHash: fields.run.traceHash,
      events: fields.run.events,
      traceEvents: fields.run.traceEvents,
      converged: fields.run.converged,
      ...(fields.run.verdict === undefined ? {} : { verdict: fields.run.verdict }),
      ...(fields.run.parked === undefined ? {} : { parked: structuredClone(fields.run.parked) }),
      violations: [...fields.run.violations],
      ...(fields.run.faultsFired === undefined ? {} : { faultsFired: { ...fields.run.faultsFired } }),
      ...(fields.trace === undefined || fields.trace.length < fields.run.traceEvents ? {} : { orchestratorEvents: fields.trace.filter((event) => event.source === 'orchestrator').length }),
    },
    ...(fields.trace === undefined ? {} : { recording: encodeRecording(fields.trace, fields.run.traceEvents) }),
  };
}

/** The trace as gzipped JSON lines in base64 (the first MAX_RECORDED_EVENTS events of `runEvents`). */
export function encodeRecording(trace: readonly TraceEvent[], runEvents: number): NonNullable<IncidentFileContent['recording']> {
  const kept = trace.length > MAX_RECORDED_EVENTS ? trace.slice(0, MAX_RECORDED_EVENTS) : trace;
  const jsonl = kept.map((event) => `${traceEventLine(event)}\n`).join('');
  const complete = kept.length >= runEvents;
  // A complete recording is checked against expected.traceHash; a cut one carries its own.
  return { encoding: RECORDING_ENCODING, events: kept.length, complete, ...(complete ? {} : { traceHash: traceHashOf(kept) }), data: gzipSync(jsonl, { level: 9 }).toString('base64') };
}

/** The recorded events of an incident, or undefined when it has none; a damaged recording is an IncidentError. */
export function decodeRecording(incident: Pick<Incident, 'recording' | 'expected'>, path: string): TraceEvent[] | undefined {
  const recording = incident.recording;
  if (recording === undefined) return undefined;
  let jsonl: string;
  try {
    jsonl = gunzipSync(Buffer.from(recording.data, 'base64')).toString('utf8');
  } catch (error) {
    throw new IncidentError(`incident file ${path}: field recording.data: cannot be un-gzipped (corrupted?): ${(error as Error).message}`);
  }
  let events: TraceEvent[];
  try {
    events = parseTraceJsonl(jsonl, `${path} (recording)`);
  } catch (error) {
    if (error instanceof TraceLineError) throw new IncidentError(`incident file ${error.message}`);
    throw error;
  }
  if (events.length !== recording.events) {
    throw new IncidentError(`incident file ${path}: field recording.events: says ${recording.events} but the data holds ${events.length} events`);
  }
  // The recording is what a replay is compared with event by event: an edited one would let a
  // different history pass as identical, so it must hash to what the file says it hashes to.
  const claimed = recording.complete ? incident.expected.traceHash : recording.traceHash;
  const actual = traceHashOf(events);
  if (claimed !== undefined && actual !== claimed) {
    const field = recording.complete ? 'expected.traceHash' : 'recording.traceHash';
    throw new IncidentError(`incident file ${path}: field recording.data: its events hash to ${actual} but ${field} says ${claimed}; the recording was edited or damaged (record the incident again)`);
  }
  return events;
}

/** The kernel's trace hash over recorded events, as the run that wrote them computed it. */
function traceHashOf(events: readonly TraceEvent[]): string {
  const trace = new Trace();
  for (const event of events) {
    if (event.data === undefined) trace.record(event.atMs, event.kind, event.source, event.orderId, event.ref, event.detail);
    else trace.recordData(event.atMs, event.kind, event.source, event.orderId, event.ref, event.head ?? '', event.data);
  }
  return trace.hash();
}

/** Writes atomically: the folder is created, the file written under a temporary name, then renamed (nothing half-written). */
export function writeIncident(path: string, content: IncidentFileContent): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.partial`;
  writeFileSync(temporary, `${JSON.stringify(content, null, 2)}\n`);
  renameSync(temporary, path);
}
