/**
 * Incident 13, forgotten: the router is handed an FO's candidates without its excluded nodes (a
 * request built from the order rather than the FO), so an FO a node just refused goes straight
 * back to it. A DC that rejected a line as damaged usually accepts it the second time and the
 * order completes; a store short on the shelf refuses again until `maxReroutes` parks the FO,
 * with the owner's refusal to justify it. Caught by `routing.refusing-node-not-asked-again`.
 */
import type { RoutingCapabilityRequest } from '../../orchestrator/plugin.ts';
import { createReferenceOrchestrator } from '../../orchestrator/reference/reference-orchestrator.ts';
import { routeLines } from '../../orchestrator/routing/route-lines.ts';
import { compileRoutingPolicy } from '../../orchestrator/routing/routing-rules.ts';
import { brokenPlugin } from './broken-plugin.ts';

export default brokenPlugin('reroute-forgets-refusals', (ports, config) => {
  const policy = compileRoutingPolicy(config.routing);
  const routing = (request: RoutingCapabilityRequest) => routeLines({ ...request, excludedNodeIds: new Set<string>(), policy });
  return createReferenceOrchestrator(ports, { ...config, delegated: { routing } });
});
