import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { vi } from 'vitest';
import { main } from '../../sim/cli/main.ts';
import type { CliRun } from '../cli/converge-cli.ts';
import type { OrchestratorPlugin } from '../../orchestrator/plugin.ts';
import { incidentContent, writeIncident } from '../../sim/incidents/incident-io.node.ts';
import { runIncident } from '../../sim/replay/run-incident.ts';
import { loadScenario } from '../../sim/world/scenario-loader.node.ts';

export { converge } from '../cli/converge-cli.ts';

/**
 * Runs the CLI in this process (no tsx start-up per call): stdout and stderr are captured while
 * it runs. Calls must not overlap (the streams are shared): await each one.
 */
export async function convergeHere(...args: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  try {
    const code = await main(args);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'converge-replay-'));
}

/** Records a run in-process as `run --record` would, and returns the incident file's path. */
export async function recordIncident(path: string, options: { scenario: string; seed: number; orders: number; plugin: OrchestratorPlugin; module: string }): Promise<string> {
  const { scenario } = loadScenario(options.scenario);
  const incident = { scenario, scenarioRef: options.scenario, seed: options.seed, overrides: { orders: options.orders } };
  const { result, trace } = await runIncident(incident, options.plugin, { keepTrace: true }, () => 0);
  writeIncident(path, incidentContent({ note: 'test', ...incident, orchestrator: { module: options.module, name: options.plugin.name, version: options.plugin.version }, run: result, ...(trace === undefined ? {} : { trace }) }));
  return path;
}

export const NOW = (): number => 0;
