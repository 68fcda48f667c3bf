import { describe, expect, it } from 'vitest';
import { runIncident, scenarioFrom } from './incident-world.ts';

describe('incident 17: partial shipment plus partial cancel', () => {
  it('keeps every line balanced (ordered = open + shipped + picked up + cancelled) and refunds nothing that was not captured', async () => {
    const scenario = scenarioFrom('customer-actions', (s) => {
      s.workload.cancelRatio = [1, 2];
      s.workload.partialCancelRatio = [1, 1];
      s.workload.quantityPerLine = { min: 1, max: 4 };
      s.workload.returnRatio = [0, 1];
      const dc = s.topology.dcs[0];
      if (dc !== undefined) dc.quirks = { shortShip: [1, 3], splitShipment: [1, 4] };
    });
    const run = await runIncident(scenario, { seed: 17, orders: 300 });
    expect(run.result.violations).toEqual([]);
    expect(run.result.converged).toBe(true);
    expect(run.result.faultsFired['wms.short_ship'] ?? 0).toBeGreaterThan(0);
    const view = run.world.orchestrator.view();
    // Units no node can serve past the backorder limit wait, parked and classified, for a person (UNROUTABLE, suggested cancel).
    const parked = new Set(view.openExceptions().filter((item) => item.category === 'UNROUTABLE').map((item) => item.orderId));
    const lines = [...view.orders()].flatMap((order) => (order.lines ?? []).map((line) => ({ orderId: order.orderId, ...line })));
    const mixed = lines.filter((line) => line.cancelled > 0 && line.shipped + line.pickedUp > 0);
    expect(mixed.length).toBeGreaterThan(0);
    for (const line of lines) {
      if (!parked.has(line.orderId)) expect(line.open, `${line.orderId}:${line.lineNo}`).toBe(0);
      expect(line.open + line.shipped + line.pickedUp + line.cancelled, `${line.orderId}:${line.lineNo}`).toBe(line.quantity);
    }
    // Capture happens at shipment or hand-over, so a cancelled unit was never captured: nothing to refund.
    for (const auth of run.world.payment.truth().authorizations) expect(auth.refundedCents, auth.reference).toBe(0);
  });
});
