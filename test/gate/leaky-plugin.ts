import { PLUGIN_API_VERSION, type OrchestratorPlugin } from '../../orchestrator/plugin.ts';
import { referencePlugin } from '../../orchestrator/reference/reference-orchestrator.ts';

/**
 * A broken plugin for the gate's determinism self-check: it keeps a counter in module state, so
 * its second run in the same process behaves differently from its first (one extra request).
 */
let instances = 0;

const leaky: OrchestratorPlugin = {
  apiVersion: PLUGIN_API_VERSION,
  name: 'leaky-module-state',
  version: '0.0.1',
  create: (ports, config) => {
    instances++;
    if (instances > 1) void ports.http.send({ method: 'GET', baseUrl: 'http://leak.invalid', path: `/run/${instances}`, headers: {}, timeoutMs: 1000 });
    return referencePlugin.create(ports, config);
  },
};

export default leaky;
