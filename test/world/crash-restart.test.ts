import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../sim/world/scenario-loader.node.ts';
import { simulate } from '../../sim/world/simulate.ts';

describe('crash-restart as a scenario fault', () => {
  it('converges when the orchestrator crashes between events and mid-command and the channel re-sends what went unanswered', async () => {
    const { scenario } = loadScenario('crash-restart');
    const result = await simulate({ scenario, scenarioRef: 'crash-restart', seed: 1, orders: 250 }, () => 0);
    expect(result.violations).toEqual([]);
    expect(result.converged).toBe(true);
    expect(result.metrics.ordersClosed).toBe(250);
    expect(result.faultsFired['orchestrator.crash'] ?? 0).toBeGreaterThan(result.faultsFired['orchestrator.crash_mid_command'] ?? 0);
    expect(result.faultsFired['orchestrator.crash_mid_command'] ?? 0).toBeGreaterThan(0);
    expect(result.faultsFired['channel.resend_unanswered'] ?? 0).toBeGreaterThan(0);
    expect(result.faultsFired['channel.duplicate'] ?? 0).toBeGreaterThan(0);
  });

  it('lets --crash-every replace the scenario\'s event trigger, and says so in the plan', async () => {
    const { scenario } = loadScenario('crash-restart');
    const result = await simulate({ scenario, scenarioRef: 'crash-restart', seed: 2, orders: 60, crashEveryEvents: 400 }, () => 0);
    expect(result.faultPlan).toContain('orchestrator.crashes every 400 events (--crash-every)');
    expect(result.faultPlan.some((line) => line.includes('per event'))).toBe(false);
    expect(result.violations).toEqual([]);
  });
});
