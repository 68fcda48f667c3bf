import { describe, expect, it } from 'vitest';
import { runIncident, scenarioFrom } from './incident-world.ts';

describe('incident 25: captured money differs from the value shipped or picked up', () => {
  it('captures exactly the value shipped or picked up per closed order (gateway truth), with at most one open authorisation at a time', async () => {
    // payment-trouble: captures applied but answered into the void (ghost), lost requests, 503s, a
    // three-hour outage; authorisations lapse after a day here (not four), so slow orders must be
    // authorised again. Some customers cancel part of an order.
    const scenario = scenarioFrom('payment-trouble', (s) => {
      s.workload.cancelRatio = [1, 5];
      s.workload.partialCancelRatio = [1, 2];
      s.payment.authorizationTtlHours = 24;
      // Captures are the subject: no returns, so every refund would be one without a return.
      s.workload.returnRatio = [0, 1];
    });
    const doubleOpen: string[] = [];
    const run = await runIncident(scenario, {
      seed: 25,
      orders: 200,
      react: (event, world) => {
        // The gateway's own record of a new authorisation: the moment a second one could appear.
        if (event.source !== 'payment' || event.kind !== 'payment.authorized') return;
        const open = world.payment.truth().authorizations.filter((auth) => auth.reference === event.ref && auth.status === 'AUTHORIZED');
        if (open.length > 1) doubleOpen.push(`${event.ref}: ${open.map((auth) => auth.authorizationId).join(', ')} open at once`);
      },
    });
    expect(run.result.violations).toEqual([]);
    expect(run.result.converged).toBe(true);
    // The trouble really happened.
    expect(run.result.faultsFired['payment.capture_ghost_success'] ?? 0).toBeGreaterThan(0);
    expect(run.result.faultsFired['payment.lost_request'] ?? 0).toBeGreaterThan(0);
    expect(doubleOpen).toEqual([]);
    // Orders whose first authorisation lapsed and were authorised again: where a second open one could appear.
    const authorisations = run.world.payment.truth().authorizations;
    expect(authorisations.length).toBeGreaterThan(new Set(authorisations.map((auth) => auth.reference)).size);

    const byReference = new Map<string, { captured: number; refunded: number; open: number }>();
    for (const auth of run.world.payment.truth().authorizations) {
      const entry = byReference.get(auth.reference) ?? { captured: 0, refunded: 0, open: 0 };
      byReference.set(auth.reference, { captured: entry.captured + auth.capturedCents, refunded: entry.refunded + auth.refundedCents, open: entry.open + (auth.status === 'AUTHORIZED' ? 1 : 0) });
    }
    const unbalanced: string[] = [];
    let closed = 0;
    let partlyFulfilled = 0;
    for (const order of run.world.orchestrator.view().orders()) {
      if (!order.closed) continue;
      closed++;
      const lines = order.lines ?? [];
      const value = lines.reduce((sum, line) => sum + (line.shipped + line.pickedUp) * line.unitPriceCents, 0);
      if (lines.some((line) => line.cancelled > 0) && value > 0) partlyFulfilled++;
      const gateway = byReference.get(order.orderId) ?? { captured: 0, refunded: 0, open: 0 };
      if (gateway.captured !== value) unbalanced.push(`${order.orderId}: gateway captured ${gateway.captured}, shipped or picked up ${value}`);
      if (gateway.refunded !== 0) unbalanced.push(`${order.orderId}: ${gateway.refunded} refunded without a return`);
      if (gateway.open !== 0) unbalanced.push(`${order.orderId}: ${gateway.open} authorisation(s) still open after closing`);
      if (order.payment !== null && order.payment.capturedCents !== gateway.captured) unbalanced.push(`${order.orderId}: ledger ${order.payment.capturedCents}, gateway ${gateway.captured}`);
    }
    expect(closed).toBe(run.result.orders);
    expect(partlyFulfilled).toBeGreaterThan(0);
    expect(unbalanced).toEqual([]);
  });
});
