import { describe, expect, it } from 'vitest';
import type { CommandResult } from '../../orchestrator/plugin.ts';
import { HOUR_MS, runIncident, scenarioFrom } from './incident-world.ts';

describe('incident 19: returns or refunds beyond what shipped or was captured', () => {
  it('refuses returns above what shipped, refunds the rest once per key, never above the capture', async () => {
    const scenario = scenarioFrom('baseline', (s) => {
      s.workload.pickupRatio = [0, 1];
    });
    const outcomes = new Map<string, CommandResult[]>();
    const run = await runIncident(scenario, {
      seed: 19,
      orders: 60,
      react: (event, world) => {
        if (event.kind !== 'fo.transitioned' || outcomes.size >= 5) return;
        const detail = JSON.parse(event.detail) as { foId: string; to: string };
        if (detail.to !== 'COMPLETED') return;
        const orderId = event.orderId;
        outcomes.set(orderId, []);
        world.kernel.schedule('test.returns', HOUR_MS, () => {
          void (async () => {
            const orchestrator = world.orchestrator;
            const line = orchestrator.view().order(orderId)?.fulfillmentOrders.find((fo) => fo.foId === detail.foId)?.lines.find((candidate) => candidate.shipped > 0);
            if (line === undefined || orchestrator.requestReturn === undefined) return;
            const record = (result: CommandResult): void => void outcomes.get(orderId)?.push(result);
            const all = { idempotencyKey: `rma:${orderId}`, orderId, lines: [{ lineNo: line.lineNo, quantity: line.shipped }] };
            record(await orchestrator.requestReturn({ idempotencyKey: `too-many:${orderId}`, orderId, lines: [{ lineNo: line.lineNo, quantity: line.shipped + 1 }] }));
            record(await orchestrator.requestReturn(all));
            record(await orchestrator.requestReturn(all));
            record(await orchestrator.requestReturn({ ...all, lines: [{ lineNo: line.lineNo, quantity: line.shipped + 5 }] }));
            record(await orchestrator.requestReturn({ idempotencyKey: `again:${orderId}`, orderId, lines: [{ lineNo: line.lineNo, quantity: 1 }] }));
          })();
        });
      },
    });
    expect(run.result.violations).toEqual([]);
    expect(run.result.converged).toBe(true);
    const tried = [...outcomes.values()].filter((list) => list.length > 0);
    expect(tried.length).toBeGreaterThan(0);
    for (const list of tried) expect(list.map((result) => result.kind)).toEqual(['invalid', 'accepted', 'replayed', 'conflict', 'invalid']);
    const books = new Map<string, { captured: number; refunded: number }>();
    for (const auth of run.world.payment.truth().authorizations) {
      const entry = books.get(auth.reference) ?? { captured: 0, refunded: 0 };
      books.set(auth.reference, { captured: entry.captured + auth.capturedCents, refunded: entry.refunded + auth.refundedCents });
    }
    for (const orderId of outcomes.keys()) {
      const order = run.world.orchestrator.view().order(orderId);
      const returned = (order?.lines ?? []).reduce((sum, line) => sum + line.returned * line.unitPriceCents, 0);
      const entry = books.get(orderId) ?? { captured: 0, refunded: 0 };
      expect(entry.refunded, orderId).toBe(returned);
      expect(entry.refunded, orderId).toBeLessThanOrEqual(entry.captured);
    }
  });
});
