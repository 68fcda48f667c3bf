import { PLUGIN_API_VERSION, type OrchestratorFactory, type OrchestratorPlugin } from '../../orchestrator/plugin.ts';
import { createReferenceOrchestrator } from '../../orchestrator/reference/reference-orchestrator.ts';
import type { ReferenceParts } from '../../orchestrator/reference/parts.ts';

/** A deliberately broken orchestrator: the reference one with the named bug, for the gate to catch. */
export function brokenPlugin(name: string, create: OrchestratorFactory): OrchestratorPlugin {
  return { apiVersion: PLUGIN_API_VERSION, name: `broken-${name}`, version: '0.0.0', create };
}

/** The reference orchestrator with one of its parts swapped for a broken one. */
export function brokenPart(name: string, parts: Partial<ReferenceParts>): OrchestratorPlugin {
  return brokenPlugin(name, (ports, config) => createReferenceOrchestrator(ports, config, parts));
}
