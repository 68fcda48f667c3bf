/**
 * The orchestrator's view read from its SQLite file by another process: the plugin's own view
 * code over a second connection, never started (no timers, no requests).
 * WAL lets it read what the live process committed while that process keeps writing; the soak
 * reads it to see whether every order settled, and for the end-of-run checks once it is stopped.
 */
import type { OrchestratorConfig, OrchestratorPlugin, OrchestratorView } from '../../../orchestrator/plugin.ts';
import type { Ports } from '../../../orchestrator/ports.ts';
import { SqliteStore } from '../../../orchestrator/store/sqlite-store.node.ts';
import { never } from '../../world/never.ts';

function readOnlyPorts(store: SqliteStore, nowMs: () => number): Ports {
  return {
    clock: { nowMs },
    timers: { setTimer: () => ({ cancel: () => undefined }), sleep: never },
    random: { next: () => 0, int: () => 0 },
    http: { send: never },
    files: { write: never, rename: never, read: never, list: never },
    store,
    events: { publish: () => undefined },
  };
}

export function storeView(plugin: OrchestratorPlugin, path: string, config: OrchestratorConfig, nowMs: () => number): OrchestratorView {
  return plugin.create(readOnlyPorts(new SqliteStore(path), nowMs), config).view();
}
