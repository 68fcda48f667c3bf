import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PLUGIN_API_VERSION, type OrchestratorPlugin } from '../../orchestrator/plugin.ts';
import { referencePlugin } from '../../orchestrator/reference/reference-orchestrator.ts';
import { ensureTypeScriptLoader, isTypeScriptModule } from './typescript-loader.node.ts';

/** What `--orchestrator` takes for the bundled orchestrator. */
export const REFERENCE_PLUGIN_REF = 'reference';

/**
 * A plugin module cannot be used: the message names the module and what is missing. The CLI
 * maps it to exit 2 (the user named the wrong thing), never to a harness failure.
 */
export class PluginLoadError extends Error {
  override readonly name = 'PluginLoadError';
}

/** A path (`./x.ts`, `/abs/x.js`, `test/variants/x.ts`) or a package name (`@acme/orchestrator`). */
function looksLikePath(ref: string): boolean {
  return ref.startsWith('.') || isAbsolute(ref) || /\.(c|m)?(t|j)sx?$/.test(ref);
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'object') return 'an object';
  return JSON.stringify(value);
}

/** Checks the shape of a module's export; returns it typed, or throws naming what is missing. */
export function validatePlugin(candidate: unknown, ref: string): OrchestratorPlugin {
  const where = `orchestrator module ${ref}`;
  if (candidate === null || typeof candidate !== 'object') {
    throw new PluginLoadError(`${where}: expected a default export (or a named export "plugin") that is an OrchestratorPlugin object, got ${describe(candidate)}`);
  }
  const plugin = candidate as Record<string, unknown>;
  if (plugin.apiVersion !== PLUGIN_API_VERSION) {
    throw new PluginLoadError(`${where}: field apiVersion: got ${describe(plugin.apiVersion)}; this Converge drives plugin API version ${PLUGIN_API_VERSION}`);
  }
  for (const field of ['name', 'version'] as const) {
    if (typeof plugin[field] !== 'string' || plugin[field] === '') throw new PluginLoadError(`${where}: field ${field}: got ${describe(plugin[field])}; expected a non-empty string`);
  }
  if (typeof plugin.create !== 'function') {
    throw new PluginLoadError(`${where}: field create: got ${describe(plugin.create)}; expected a function (ports, config) => Orchestrator`);
  }
  return candidate as OrchestratorPlugin;
}

/**
 * Loads an orchestrator plugin: `reference` (the bundled one), a path to a module (resolved
 * from the working directory) or a package name. The module's default export is used, or its
 * named export `plugin`.
 */
export async function loadPlugin(ref: string): Promise<OrchestratorPlugin> {
  if (ref === REFERENCE_PLUGIN_REF) return referencePlugin;
  if (ref.trim() === '') throw new PluginLoadError('orchestrator module: got an empty name; expected "reference", a path to a module or a package name');
  let specifier = ref;
  if (looksLikePath(ref)) {
    const path = resolve(ref);
    if (!existsSync(path)) throw new PluginLoadError(`orchestrator module ${ref}: no such file (${path})`);
    specifier = pathToFileURL(path).href;
    if (isTypeScriptModule(path)) {
      try {
        await ensureTypeScriptLoader(ref);
      } catch (error) {
        throw new PluginLoadError((error as Error).message);
      }
    }
  }
  let loaded: Record<string, unknown>;
  try {
    loaded = (await import(specifier)) as Record<string, unknown>;
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new PluginLoadError(`orchestrator module ${ref}: cannot import it: ${message}`);
  }
  const candidate = loaded.default ?? loaded.plugin;
  if (candidate === undefined) {
    throw new PluginLoadError(`orchestrator module ${ref}: has no default export and no named export "plugin" (exports: ${Object.keys(loaded).join(', ') || 'none'})`);
  }
  return validatePlugin(candidate, ref);
}
