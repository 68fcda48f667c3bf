/**
 * Incident 24: the router is handed the nodes without their safety stock (a node list built for
 * the router from the channel's catalogue, where the field does not exist, so it reads as 0). It
 * promises a shelf down to its last unit; the POS takes the hold (it knows nothing of safety
 * stock) and every order still closes, so only a check of the policy notices. The rest of the
 * orchestrator keeps the real nodes. Caught by `routing.safety-stock-kept`.
 */
import type { RoutingCapabilityRequest } from '../../orchestrator/plugin.ts';
import { createReferenceOrchestrator } from '../../orchestrator/reference/reference-orchestrator.ts';
import { routeLines } from '../../orchestrator/routing/route-lines.ts';
import { compileRoutingPolicy } from '../../orchestrator/routing/routing-rules.ts';
import { brokenPlugin } from './broken-plugin.ts';

export default brokenPlugin('routing-ignores-safety-stock', (ports, config) => {
  const policy = compileRoutingPolicy(config.routing);
  const routing = (request: RoutingCapabilityRequest) => routeLines({ ...request, nodes: request.nodes.map((node) => ({ ...node, safetyStock: 0 })), policy });
  return createReferenceOrchestrator(ports, { ...config, delegated: { routing } });
});
