import { describe, expect, it } from 'vitest';
import { payloadOf, runIncident, scenarioFrom } from './incident-world.ts';

describe('incident 8: the WMS re-sends a shipment confirmation file after a restart', () => {
  it('applies each shipment once: the orchestrator ships what the WMS shipped, never more than ordered less cancelled', async () => {
    const scenario = scenarioFrom('baseline', (s) => {
      s.workload.pickupRatio = [0, 1];
      const dc = s.topology.dcs[0];
      if (dc !== undefined) dc.quirks = { duplicateConfirmation: [1, 1], splitShipment: [1, 3] };
    });
    const run = await runIncident(scenario, { seed: 8, orders: 200, kinds: ['shipment.confirmed'] });
    expect(run.result.violations).toEqual([]);
    expect(run.result.converged).toBe(true);
    expect(run.result.faultsFired['wms.duplicate_confirmation'] ?? 0).toBeGreaterThan(0);
    // One shipment.confirmed per (FO line, shipment id), however often the file came.
    const confirmations = run.events.map((event) => payloadOf<{ foId: string; lineNo: number; shipmentId: string }>(event)).map((p) => `${p.foId}:${p.lineNo}:${p.shipmentId}`);
    expect(confirmations.length).toBeGreaterThan(0);
    expect(new Set(confirmations).size).toBe(confirmations.length);
    // The WMS's truth, line by line, equals the orchestrator's shipped count.
    const mine = new Map<string, { shipped: number; quantity: number; cancelled: number }>();
    for (const order of run.world.orchestrator.view().orders()) for (const fo of order.fulfillmentOrders) for (const line of fo.lines) if (fo.nodeId === 'DC1') mine.set(line.externalRef, line);
    let compared = 0;
    for (const dc of run.world.wms.truth()) {
      for (const line of dc.lines) {
        const ref = `${line.foId}:${line.lineNo}`;
        const view = mine.get(ref);
        if (view === undefined) continue;
        compared++;
        expect(view.shipped, ref).toBe(line.shippedQuantity);
        expect(view.shipped, ref).toBeLessThanOrEqual(view.quantity - view.cancelled);
      }
    }
    expect(compared).toBeGreaterThan(0);
  });
});
