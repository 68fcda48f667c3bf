import { describe, expect, it } from 'vitest';
import type { CommandResult } from '../../orchestrator/plugin.ts';
import { loadScenario } from '../../sim/world/scenario-loader.node.ts';
import { simulate } from '../../sim/world/simulate.ts';
import { runIncident, scenarioFrom } from '../incidents/incident-world.ts';

describe('the customer-actions scenario: cancels, partial cancels, no-shows and returns', () => {
  it('converges with every customer action exercised and no violation', async () => {
    const { scenario } = loadScenario('customer-actions');
    const kinds = new Map<string, number>();
    const result = await simulate(
      {
        scenario,
        scenarioRef: 'customer-actions',
        seed: 2,
        onTrace: (event) => {
          let kind = event.kind;
          if (kind === 'fo.transitioned') {
            const detail = JSON.parse(event.detail) as { from: string; to: string };
            kind = `${detail.from}->${detail.to}`;
          }
          kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
        },
      },
      () => 0,
    );
    expect(result.violations).toEqual([]);
    expect(result.converged).toBe(true);
    expect(result.metrics.ordersClosed).toBe(result.orders);
    for (const kind of ['customer.cancel', 'customer.no_show', 'customer.return', 'CANCEL_REQUESTED->CANCELLED', 'CANCEL_REQUESTED->CANCEL_REJECTED', 'READY_FOR_PICKUP->PICKUP_EXPIRED', 'PICKUP_EXPIRED->CANCELLED', 'return.requested', 'refund.issued']) {
      expect(kinds.get(kind) ?? 0, kind).toBeGreaterThan(0);
    }
    expect(kinds.get('customer.refused') ?? 0).toBe(0);
  });

  it('leaves the baseline without any customer action (every ratio defaults to off)', () => {
    const { scenario } = loadScenario('baseline');
    expect([scenario.workload.cancelRatio, scenario.workload.returnRatio, scenario.workload.pickupNoShowRatio].map(([numerator]) => numerator)).toEqual([0, 0, 0]);
    expect(scenario.orchestrator.pickupWindowMs).toBe(4 * 24 * 3_600_000);
  });

  it('answers cancel commands idempotently: replayed, conflict, invalid', async () => {
    const scenario = scenarioFrom('baseline', () => undefined);
    const outcomes: CommandResult[] = [];
    let sent = false;
    await runIncident(scenario, {
      seed: 8,
      orders: 20,
      react: (event, world) => {
        if (event.kind !== 'order.created' || sent) return;
        sent = true;
        const orderId = event.orderId;
        world.kernel.schedule('test.cancel', 60_000, () => {
          void (async () => {
            const cancel = (command: Parameters<NonNullable<typeof world.orchestrator.cancelOrder>>[0]) => world.orchestrator.cancelOrder?.(command) ?? Promise.resolve({ kind: 'invalid', message: 'no cancel' } as const);
            outcomes.push(await cancel({ idempotencyKey: 'k1', orderId, lines: [{ lineNo: 1, quantity: 1 }], reason: 'r' }));
            outcomes.push(await cancel({ idempotencyKey: 'k1', orderId, lines: [{ lineNo: 1, quantity: 1 }], reason: 'r' }));
            outcomes.push(await cancel({ idempotencyKey: 'k1', orderId, reason: 'r' }));
            outcomes.push(await cancel({ idempotencyKey: 'k2', orderId, lines: [{ lineNo: 99, quantity: 1 }], reason: 'r' }));
            outcomes.push(await cancel({ idempotencyKey: 'k3', orderId: 'web-nope', reason: 'r' }));
          })();
        });
      },
    });
    expect(outcomes.map((outcome) => outcome.kind)).toEqual(['accepted', 'replayed', 'conflict', 'invalid', 'invalid']);
  });
});
