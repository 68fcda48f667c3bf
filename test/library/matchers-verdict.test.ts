import { describe, expect, it } from 'vitest';
import '../../sim/library/vitest-setup.ts';
import { runResult } from '../cli/run-result-fixture.ts';

describe('matchers and the run verdict', () => {
  it('toConverge: closed or held passes, failed does not', () => {
    expect(runResult('closed')).toConverge();
    expect(runResult('held')).toConverge();
    expect(() => expect(runResult('failed', { byCategory: { UNROUTABLE: 42 } })).toConverge()).toThrow(/verdict FAILED\) to converge, but 1 violation\(s\):\n {2}- exceptions\.parking-within-budget/);
  });

  it('toCloseEveryOrder: only closed passes; a held run names its parked orders and the budget', () => {
    expect(runResult('closed')).toCloseEveryOrder();
    expect(() => expect(runResult('held')).toCloseEveryOrder()).toThrow(/verdict HELD\), but it held with orders parked: 6 orders \(0\.5 %\): UNROUTABLE 4, LOST_ACK 2; budget 1\/200 of orders, 6 here/);
    expect(() => expect(runResult('failed', { stopReason: 'convergence bound reached' })).toCloseEveryOrder()).toThrow(/it stopped with: convergence bound reached/);
    expect(runResult('held')).not.toCloseEveryOrder();
  });
});
