import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { validateScenario } from '../world/scenario-loader.node.ts';
import type { Scenario } from '../world/scenario-schema.ts';
import { describeZodIssue } from '../world/zod-issue.ts';
import { HARNESS_NAME, HARNESS_VERSION } from '../harness-version.ts';
import { INCIDENT_FORMAT, INCIDENT_VERSION, incidentSchema, type Incident, type IncidentFileContent, type RecordedRun } from './incident-file.ts';

/** An incident file cannot be used: the message names the file and what was wrong (exit 2). */
export class IncidentError extends Error {
  override readonly name = 'IncidentError';
}

export function readIncident(path: string): Incident {
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
  if (version !== INCIDENT_VERSION) {
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
      violations: [...fields.run.violations],
    },
  };
}

/** Writes atomically enough for CI artefacts: the folder is created, the file written whole. */
export function writeIncident(path: string, content: IncidentFileContent): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(content, null, 2)}\n`);
}
