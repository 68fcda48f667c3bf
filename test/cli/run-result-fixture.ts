import type { RunResult } from '../../sim/world/simulate.ts';
import type { Verdict } from '../../sim/world/verdict.ts';
import { metrics, parked } from '../gate/gate-fixtures.ts';

/** A finished run's result for output tests, without simulating: one of each verdict, vacuous or not. */
export function runResult(verdict: Verdict, options: { vacuous?: boolean; byCategory?: Record<string, number>; budget?: readonly [number, number]; orders?: number; violations?: RunResult['violations']; stopReason?: string } = {}): RunResult {
  const orders = options.orders ?? 1200;
  const byCategory = options.byCategory ?? (verdict === 'held' ? { UNROUTABLE: 4, LOST_ACK: 2 } : {});
  const park = parked(byCategory, options.budget ?? (verdict === 'held' ? [1, 200] : [0, 1]), orders);
  const violations =
    options.violations ??
    (verdict === 'failed' && park.orders > 0 && !park.withinBudget
      ? [{ invariant: 'exceptions.parking-within-budget', orderId: '', detail: `${park.orders} orders ended parked on the exception queue; the scenario's parking budget: none allowed`, firstBadEvent: null, replay: 'npx converge run --scenario store-outage --seed 2' }]
      : []);
  return {
    scenario: 'store-outage',
    seed: 2,
    orchestrator: 'reference@0.1.0',
    orders,
    events: 50_000,
    traceEvents: 40_000,
    simulatedMs: 3 * 86_400_000,
    wallMs: 1500,
    traceHash: '0123456789abcdef',
    converged: verdict !== 'failed',
    verdict,
    parked: park,
    stopReason: options.stopReason ?? 'every order closed or on the exception queue',
    violations,
    metrics: metrics({ ordersPlaced: orders, ordersClosed: orders - park.orders }),
    faultsFired: options.vacuous === true ? {} : { 'pos.offline': 3 },
    faultPlan: ['pos.offline.hang 1/1 (S1)'],
    vacuous: options.vacuous === true ? ['pos.offline.hang'] : [],
  };
}
