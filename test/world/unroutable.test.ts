import { describe, expect, it } from 'vitest';
import type { Orchestrator, OrchestratorPlugin } from '../../orchestrator/plugin.ts';
import type { PublishedEvent } from '../../orchestrator/ports.ts';
import { referencePlugin } from '../../orchestrator/reference/reference-orchestrator.ts';
import { loadScenario } from '../../sim/world/scenario-loader.node.ts';
import { simulate } from '../../sim/world/simulate.ts';

describe('unroutable FOs past the backorder limit (incident 20)', () => {
  it('parks them on the exception queue as UNROUTABLE with a suggested cancel instead of cancelling silently, and a customer cancel still settles them', async () => {
    const { scenario } = loadScenario('store-outage');
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
    expect(result.violations).toEqual([]);
    expect(result.converged).toBe(true);
    const transitions = events.filter((event) => event.type === 'fo.transitioned');
    expect(transitions.filter((event) => event.payload['from'] === 'BACKORDERED' && event.payload['to'] === 'CANCELLED')).toEqual([]);
    const parked = transitions.filter((event) => event.payload['from'] === 'BACKORDERED' && event.payload['to'] === 'EXCEPTION');
    expect(parked.length).toBeGreaterThan(0);
    for (const event of parked) expect(event.payload['actor'], event.eventId).toBe('sweep');

    const view = (orchestrator as Orchestrator).view();
    const unroutable = view.openExceptions().filter((item) => item.category === 'UNROUTABLE');
    expect(new Set(unroutable.map((item) => item.foId))).toEqual(new Set(parked.map((event) => String(event.payload['foId']))));
    for (const item of unroutable) expect(item.suggestedAction, item.exceptionId).toBe('cancel');

    // The person's (or the customer's) decision: a cancel of a parked FO with no node cancels it and settles its exception.
    const first = unroutable[0] as (typeof unroutable)[number];
    const outcome = await (orchestrator as Orchestrator).cancelOrder?.({ idempotencyKey: 'support-1', orderId: first.orderId, reason: 'unroutable' });
    expect(outcome).toEqual({ kind: 'accepted', orderId: first.orderId });
    expect(view.order(first.orderId)?.fulfillmentOrders.find((fo) => fo.foId === first.foId)?.state).toBe('CANCELLED');
    expect(view.openExceptions().some((item) => item.exceptionId === first.exceptionId)).toBe(false);
  });
});
