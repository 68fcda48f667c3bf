import type { OrchestratorPlugin } from '../../orchestrator/plugin.ts';
import { UsageError } from '../cli/exit-codes.ts';
import type { TraceEvent } from '../kernel/trace.ts';
import type { Incident } from '../incidents/incident-file.ts';
import { decodeRecording, IncidentError, readIncident } from '../incidents/incident-io.node.ts';
import { loadPlugin, PluginLoadError } from '../plugins/load-plugin.node.ts';

/** Reads an incident and its recording for a command (`upgrading`: see readIncident); a bad file is the user's mistake: one line, exit 2. */
export function incidentForCli(path: string, options: { upgrading?: boolean } = {}): { incident: Incident; recording: TraceEvent[] | undefined } {
  try {
    const incident = readIncident(path, options);
    return { incident, recording: decodeRecording(incident, path) };
  } catch (error) {
    if (error instanceof IncidentError) throw new UsageError(error.message);
    throw error;
  }
}

/** Loads `--orchestrator` (or an incident's orchestrator.module); a module that cannot be used is exit 2. */
export async function pluginForCli(ref: string): Promise<OrchestratorPlugin> {
  try {
    return await loadPlugin(ref);
  } catch (error) {
    if (error instanceof PluginLoadError) throw new UsageError(error.message);
    throw error;
  }
}
