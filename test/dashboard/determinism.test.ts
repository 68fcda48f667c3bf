import { describe, expect, it } from 'vitest';
import { DashboardModel } from '../../sim/dashboard/model.ts';
import { liveSource } from '../../sim/dashboard/run-input.node.ts';
import { realTimePacer } from '../../sim/dashboard/watch-screen.tsx';
import { loadScenario } from '../../sim/world/scenario-loader.node.ts';
import { simulate } from '../../sim/world/simulate.ts';

const SCENARIO = 'pos-timeouts';
const SEED = 7;
const ORDERS = 40;

describe('the dashboard never changes a run', () => {
  it('gives the same traceHash with and without it (paused, stepped, yielding to the event loop)', async () => {
    const { scenario } = loadScenario(SCENARIO);
    const bare = await simulate({ scenario, scenarioRef: SCENARIO, seed: SEED, orders: ORDERS }, () => 0);

    const source = await liveSource({ scenario: SCENARIO, seed: SEED, orders: ORDERS, orchestrator: 'reference' });
    const model = new DashboardModel(source.info);
    // A real turn of the event loop between every two events, as on a terminal.
    const pacer = realTimePacer(model, { yieldEveryMs: 0 });
    let boundaries = 0;
    const pause = (): Promise<void> | undefined => {
      boundaries++;
      if (boundaries === 400) {
        // Hold the run for real time, step it twice, then let it go: a person at the keys.
        pacer.togglePause();
        setTimeout(() => pacer.step(), 10);
        setTimeout(() => pacer.step(), 20);
        setTimeout(() => pacer.togglePause(), 30);
      }
      return pacer.pause();
    };
    const watched = await source.play(model, { pause });
    const liveMetrics = model.snapshot().metrics;
    model.finish(watched);

    expect(watched?.traceHash).toBe(bare.traceHash);
    expect(watched?.events).toBe(bare.events);
    expect(watched?.violations).toEqual(bare.violations);
    expect(model.traceEvents).toBe(bare.traceEvents);
    expect(boundaries).toBeGreaterThan(400);
    // The model, fed only the trace, reads the run's metrics as the world computed them.
    const { exceptionAging: _ageLive, ...fromTrace } = liveMetrics;
    const { exceptionAging: _ageRun, ...fromRun } = bare.metrics;
    expect(fromTrace).toEqual(fromRun);
    expect(liveMetrics.exceptionAging.bySlaTier).toEqual(bare.metrics.exceptionAging.bySlaTier);
  });
});
