/**
 * A "helpful" router: when the store a customer chose for a pickup cannot serve it, it holds the
 * goods at another store that takes pickups instead of waiting (backordering) for the chosen one.
 * The other store takes the hold, `pickup.ready` names it and the order completes, but the
 * customer never agreed to go there (docs/routing.md: `pickup-store-only` is required). Caught by
 * `routing.node-offers-the-delivery`.
 */
import type { RoutingCapabilityRequest } from '../../orchestrator/plugin.ts';
import { createReferenceOrchestrator } from '../../orchestrator/reference/reference-orchestrator.ts';
import { routeLines } from '../../orchestrator/routing/route-lines.ts';
import { compileRoutingPolicy } from '../../orchestrator/routing/routing-rules.ts';
import { brokenPlugin } from './broken-plugin.ts';

export default brokenPlugin('pickup-substitutes-another-store', (ports, config) => {
  const policy = compileRoutingPolicy(config.routing);
  const routing = (request: RoutingCapabilityRequest) => {
    const plan = routeLines({ ...request, policy });
    if (request.delivery.method !== 'PICKUP' || plan.unroutable.length === 0) return plan;
    // The chosen store cannot serve it: try every other store that takes pickups, in config order.
    for (const store of request.nodes) {
      if (store.kind !== 'STORE' || store.nodeId === request.delivery.storeId) continue;
      const elsewhere = routeLines({ ...request, delivery: { method: 'PICKUP', storeId: store.nodeId }, policy });
      if (elsewhere.unroutable.length === 0) return elsewhere;
    }
    return plan;
  };
  return createReferenceOrchestrator(ports, { ...config, delegated: { routing } });
});
