import { join } from 'node:path';
import { UsageError } from '../cli/exit-codes.ts';
import { incidentContent, writeIncident, type IncidentFields } from '../incidents/incident-io.node.ts';

/** Where a failing run's incident goes when no --record file was named (ignored by git and eslint). */
export const INCIDENT_DIR = '.converge/incidents';

export function defaultIncidentPath(scenarioName: string, seed: number, traceHash: string): string {
  return join(INCIDENT_DIR, `${scenarioName}-seed${seed}-${traceHash.slice(0, 8)}.json`);
}

/** Writes an incident for a run; a file that cannot be written is the user's mistake (exit 2), named. */
export function recordRun(path: string, fields: IncidentFields): void {
  try {
    writeIncident(path, incidentContent(fields));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (typeof code === 'string') throw new UsageError(`incident file ${path}: cannot write it: ${code}`);
    throw error;
  }
}
