import { describe, expect, it } from 'vitest';
import { EXIT, runExitCode } from '../../sim/cli/exit-codes.ts';
import { formatSummary } from '../../sim/cli/summary.ts';
import { runResult } from './run-result-fixture.ts';

/** The headline: the first line that starts with a verdict word. */
function headline(text: string): string {
  return text.split('\n').find((line) => /^(CLOSED|HELD|FAILED|VACUOUS)\b/.test(line)) ?? '';
}

describe('the run summary: the verdict and the parked orders beside the budget', () => {
  it('closed: CLOSED, nothing parked, exit 0', () => {
    const result = runResult('closed');
    const text = formatSummary(result);
    expect(headline(text)).toBe('CLOSED: every order closed, every system agrees, no invariant broken.');
    expect(text).toContain('  parked        none; budget none allowed');
    expect(text).not.toMatch(/CONVERGED/);
    expect(runExitCode(result)).toBe(EXIT.ok);
  });

  it('says which events it counts: kernel events (what --crash-every counts) and trace events (what replay compares)', () => {
    expect(formatSummary(runResult('closed'))).toMatch(/ 50,000 kernel events, 40,000 trace events, stopped: /);
  });

  it('held: HELD with the parked count, the parked line by category beside the budget, exit 0; never "every order closed" first', () => {
    const result = runResult('held');
    const text = formatSummary(result);
    expect(text).toContain('  parked        6 orders (0.5 %): UNROUTABLE 4, LOST_ACK 2; budget 1/200 of orders, 6 here');
    expect(headline(text)).toMatch(/^HELD: 6 orders parked on the exception queue, each for a cause the owners' books confirm, within the parking budget; every other order closed/);
    expect(text).not.toMatch(/CONVERGED|CLOSED: every order closed/);
    expect(runExitCode(result)).toBe(EXIT.ok);
  });

  it('failed over budget: FAILED, the parked line says OVER BUDGET, the violation names the budget, exit 1', () => {
    const result = runResult('failed', { byCategory: { UNROUTABLE: 42 } });
    const text = formatSummary(result);
    expect(text).toContain('  parked        42 orders (3.5 %): UNROUTABLE 42; budget none allowed (OVER BUDGET)');
    expect(headline(text)).toBe('FAILED.');
    expect(text).toContain('VIOLATIONS: 1');
    expect(text).toContain("exceptions.parking-within-budget order -: 42 orders ended parked on the exception queue; the scenario's parking budget: none allowed");
    expect(text).not.toMatch(/CONVERGED|CLOSED|HELD/);
    expect(runExitCode(result)).toBe(EXIT.violations);
  });

  it('failed without a violation: the world did not settle', () => {
    const text = formatSummary(runResult('failed', { stopReason: 'convergence bound reached' }));
    expect(headline(text)).toBe('FAILED.');
    expect(text).toContain('NOT SETTLED: orders were still in flight when the run stopped (convergence bound reached).');
  });

  it('vacuous and closed: VACUOUS leads, CLOSED never comes before it, exit 5', () => {
    const result = runResult('closed', { vacuous: true });
    const text = formatSummary(result);
    expect(headline(text)).toMatch(/^VACUOUS: 1 planned fault\(s\) never fired, so this run proved nothing about them \(exit 5\)\. Otherwise every order closed, every system agrees/);
    expect(text).not.toMatch(/CLOSED|CONVERGED/);
    expect(text).toContain('  never fired   pos.offline.hang');
    expect(runExitCode(result)).toBe(EXIT.vacuous);
  });

  it('vacuous and held: VACUOUS leads, then the parked orders, exit 5', () => {
    const result = runResult('held', { vacuous: true });
    const text = formatSummary(result);
    expect(headline(text)).toMatch(/^VACUOUS: 1 planned fault\(s\) never fired[^]*Otherwise 6 orders parked on the exception queue/);
    expect(text).not.toMatch(/CLOSED|CONVERGED|HELD/);
    expect(text).toContain('budget 1/200 of orders, 6 here');
    expect(runExitCode(result)).toBe(EXIT.vacuous);
  });

  it('vacuous and failed: FAILED, exit 1 (a violation outranks vacuity)', () => {
    const result = runResult('failed', { vacuous: true, byCategory: { UNROUTABLE: 2 } });
    expect(headline(formatSummary(result))).toBe('FAILED.');
    expect(runExitCode(result)).toBe(EXIT.violations);
  });
});
