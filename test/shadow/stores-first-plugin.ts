import { PLUGIN_API_VERSION, type Capabilities, type OrchestratorConfig, type OrchestratorPlugin } from '../../orchestrator/plugin.ts';
import { referencePlugin } from '../../orchestrator/reference/reference-orchestrator.ts';

/**
 * A candidate with another routing decision: it asks the reference routing with the node list
 * reversed, so stores are tried before the DC (ship-from-store first, a common migration goal).
 */
function storesFirst(config: OrchestratorConfig): Capabilities {
  const reference = referencePlugin.capabilities?.(config).routing;
  if (reference === undefined) throw new Error('the reference plugin lends no routing');
  return { routing: (request) => reference({ ...request, nodes: [...request.nodes].reverse() }) };
}

const storesFirstRouting: OrchestratorPlugin = {
  apiVersion: PLUGIN_API_VERSION,
  name: 'stores-first-routing',
  version: '0.0.1',
  create: (ports, config) => referencePlugin.create(ports, { ...config, delegated: storesFirst(config) }),
  capabilities: storesFirst,
};

export default storesFirstRouting;
