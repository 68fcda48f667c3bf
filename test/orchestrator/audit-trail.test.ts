import { describe, expect, it } from 'vitest';
import type { OrchestratorPlugin } from '../../orchestrator/plugin.ts';
import type { PublishedEvent } from '../../orchestrator/ports.ts';
import { referencePlugin } from '../../orchestrator/reference/reference-orchestrator.ts';
import { loadScenario } from '../../sim/world/scenario-loader.node.ts';
import { simulate } from '../../sim/world/simulate.ts';

/** The reference orchestrator with a tap on what it publishes. */
function tapped(sink: PublishedEvent[]): OrchestratorPlugin {
  return {
    ...referencePlugin,
    create: (ports, config) => referencePlugin.create({ ...ports, events: { publish: (event) => (sink.push(event), ports.events.publish(event)) } }, config),
  };
}

const ACTORS = new Set(['system', 'customer', 'admin', 'remediation', 'sweep']);
const VERSIONED = /^(pos|wms|payment)-adapter\/\d+\.\d+\.\d+$/;
/** Transitions only an external system's answer can cause: the store or the WMS worked the order, the gateway captured. */
const ADAPTER_CAUSED_TO = new Set(['RELEASED', 'ACKNOWLEDGED', 'IN_PROGRESS', 'READY_FOR_PICKUP', 'PICKED_UP', 'SHIPPED', 'COMPLETED']);

describe('audit trail: every FO transition is attributable', () => {
  it('carries an actor on every fo.transitioned of a pos-timeouts run, and the adapter and its version on those an adapter caused', async () => {
    const { scenario } = loadScenario('pos-timeouts');
    const events: PublishedEvent[] = [];
    const result = await simulate({ scenario, scenarioRef: 'pos-timeouts', seed: 1, orders: 300, plugin: tapped(events) }, () => 0);
    expect(result.violations).toEqual([]);
    const transitions = events.filter((event) => event.type === 'fo.transitioned');
    expect(transitions.length).toBeGreaterThan(300);
    for (const event of transitions) {
      expect(ACTORS.has(String(event.payload['actor'])), `${event.eventId} actor ${String(event.payload['actor'])}`).toBe(true);
      expect(event.correlationId, event.eventId).not.toBe('');
      const via = event.payload['via'];
      if (via !== undefined) expect(String(via), event.eventId).toMatch(VERSIONED);
    }
    const adapterCaused = transitions.filter((event) => ADAPTER_CAUSED_TO.has(String(event.payload['to'])) && event.payload['event'] !== 'resolve');
    expect(adapterCaused.length).toBeGreaterThan(0);
    for (const event of adapterCaused) expect(String(event.payload['via']), `${event.eventId} ${String(event.payload['event'])} -> ${String(event.payload['to'])}`).toMatch(VERSIONED);
    // Orders come from customers: their first routing names the customer and the command's key.
    const firstRoutes = transitions.filter((event) => event.payload['event'] === 'route' && event.sequence === 1);
    expect(firstRoutes.length).toBeGreaterThan(0);
    for (const event of firstRoutes.slice(0, 50)) {
      expect(event.payload['actor'], event.eventId).toBe('customer');
      expect(typeof event.payload['idempotencyKey'], event.eventId).toBe('string');
    }
  });
});
