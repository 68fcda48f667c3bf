import { describe, expect, it } from 'vitest';
import { compare } from '../../sim/gate/differential.ts';
import { metrics, outcome, violation } from './gate-fixtures.ts';

function asBaseline<T extends { job: object }>(run: T): T {
  return { ...run, job: { ...run.job, role: 'baseline', plugin: 'base.ts' } };
}

describe('differential gate', () => {
  it('fails on an invariant the candidate breaks and the baseline keeps on the same seed, not on one both break', () => {
    const candidate = [outcome('baseline', 1, 'fail'), outcome('baseline', 2, 'fail', { violations: [violation('stock')] })];
    const baseline = [asBaseline(outcome('baseline', 1, 'pass')), asBaseline(outcome('baseline', 2, 'fail', { violations: [violation('stock')] }))];
    const result = compare(candidate, baseline, {});
    expect(result.newBreaks).toEqual([{ id: 'baseline#1', invariants: ['hold-uniqueness'], replay: 'npx converge run --scenario baseline --seed 1' }]);
    expect(result.regressions).toEqual(['baseline#1 breaks hold-uniqueness, which the baseline keeps (replay: npx converge run --scenario baseline --seed 1)']);
  });

  it('fails when a metric worsens beyond its threshold, per scenario, and shows both sides', () => {
    const worse = metrics({ reservationSuccessRate: 0.95, timeToAcknowledgeMs: { count: 1, p50: 1, p95: 660_000, p99: 1, max: 1 } });
    const candidate = [outcome('pos-timeouts', 1, 'pass', { metrics: worse }), outcome('pos-timeouts', 2, 'pass', { metrics: worse })];
    const baseline = [asBaseline(outcome('pos-timeouts', 1, 'pass')), asBaseline(outcome('pos-timeouts', 2, 'pass'))];
    const result = compare(candidate, baseline, { reservationSuccessRate: 0.01, timeToAcknowledgeP95Ms: 0.2 });
    const rate = result.metrics.find((row) => row.metric === 'reservationSuccessRate');
    expect(rate).toMatchObject({ scenario: 'pos-timeouts', baseline: 1, candidate: 0.95, threshold: 0.01, regressed: true, shown: { baseline: '100.00%', candidate: '95.00%' } });
    // p95 rose 10 %: within the 20 % allowed.
    expect(result.metrics.find((row) => row.metric === 'timeToAcknowledgeP95Ms')).toMatchObject({ regressed: false, threshold: 0.2 });
    expect(result.metrics.find((row) => row.metric === 'timeToAcknowledgeP95Ms')?.worsening).toBeCloseTo(0.1);
    // A metric without a threshold is shown but never fails the gate.
    expect(result.metrics.find((row) => row.metric === 'routingAccuracy')).toMatchObject({ threshold: null, regressed: false });
    expect(result.regressions).toEqual(['pos-timeouts: reservationSuccessRate 100.00% -> 95.00%, worse by more than the threshold 0.01']);
  });

  it('never calls an improvement a regression', () => {
    const better = metrics({ reservationSuccessRate: 1, reconciliationBreakRate: 0 });
    const result = compare([outcome('baseline', 1, 'pass', { metrics: better })], [asBaseline(outcome('baseline', 1, 'pass', { metrics: metrics({ reservationSuccessRate: 0.9, reconciliationBreakRate: 0.2 }) }))], { reservationSuccessRate: 0, reconciliationBreakRate: 0 });
    expect(result.regressions).toEqual([]);
    expect(result.metrics.filter((row) => row.worsening !== null && row.worsening > 0)).toEqual([]);
  });
});
