import { describe, expect, it } from 'vitest';
import type { Orchestrator, OrchestratorPlugin } from '../../orchestrator/plugin.ts';
import type { PublishedEvent } from '../../orchestrator/ports.ts';
import { referencePlugin } from '../../orchestrator/reference/reference-orchestrator.ts';
import { loadScenario } from '../../sim/world/scenario-loader.node.ts';
import { simulate } from '../../sim/world/simulate.ts';

describe('backordered FOs past their deadline (incident 20)', () => {
  it('cancels the units no node has (store-outage: pickups at a store whose shelf ran out), said by the sweep with the reason, instead of parking them; the rest of each order carries on and its money settles', async () => {
    // Without customers' cancels: every cancel here is then the sweep's, which is what is checked.
    const loaded = loadScenario('store-outage').scenario;
    const scenario = { ...loaded, workload: { ...loaded.workload, cancelRatio: [0, 1] as [number, number] } };
    const events: PublishedEvent[] = [];
    let orchestrator: Orchestrator | undefined;
    const plugin: OrchestratorPlugin = {
      ...referencePlugin,
      create: (ports, config) => {
        orchestrator = referencePlugin.create({ ...ports, events: { publish: (event) => (events.push(event), ports.events.publish(event)) } }, config);
        return orchestrator;
      },
    };
    const result = await simulate({ scenario, scenarioRef: 'store-outage', seed: 1, plugin }, () => 0);
    // The checkers include the one that judges each `unavailable` cancel against the owners' books at that moment.
    expect(result.violations).toEqual([]);
    expect(result.converged).toBe(true);

    const view = (orchestrator as Orchestrator).view();
    expect(view.openExceptions().filter((item) => item.category === 'UNROUTABLE')).toEqual([]);
    const transitions = events.filter((event) => event.type === 'fo.transitioned');
    expect(transitions.filter((event) => event.payload['from'] === 'BACKORDERED' && event.payload['to'] === 'EXCEPTION')).toEqual([]);

    const unavailable = transitions.filter((event) => event.payload['to'] === 'CANCELLED' && String(event.payload['reason']).startsWith('unavailable: '));
    expect(unavailable.length).toBeGreaterThan(0);
    const customerAsked = new Set(events.filter((event) => event.type === 'order.cancel_requested').map((event) => event.correlationId));
    for (const event of unavailable) {
      expect(event.payload['from'], event.eventId).toBe('BACKORDERED');
      expect(event.payload['actor'], event.eventId).toBe('sweep');
      // No customer request is made up for it: order.cancel_requested counts customers' requests.
      expect(customerAsked.has(event.correlationId), event.correlationId).toBe(false);
      const order = view.order(event.correlationId);
      expect(order?.closed, event.correlationId).toBe(true);
      // Captured exactly what was fulfilled (the settlement checker checks the gateway side).
      const fulfilled = (order?.fulfillmentOrders ?? []).flatMap((fo) => fo.lines).reduce((sum, line) => sum + (line.shipped + line.pickedUp) * line.unitPriceCents, 0);
      expect(order?.payment?.capturedCents ?? 0, event.correlationId).toBe(fulfilled);
    }
  });
});
