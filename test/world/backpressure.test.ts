import { describe, expect, it } from 'vitest';
import type { OrchestratorPlugin } from '../../orchestrator/plugin.ts';
import type { PublishedEvent } from '../../orchestrator/ports.ts';
import { referencePlugin } from '../../orchestrator/reference/reference-orchestrator.ts';
import { loadScenario } from '../../sim/world/scenario-loader.node.ts';
import { simulate } from '../../sim/world/simulate.ts';

/** The reference orchestrator with a small per-store bound and a tap on what it publishes. */
function bounded(maxInFlightPerStore: number, sink: PublishedEvent[]): OrchestratorPlugin {
  return {
    ...referencePlugin,
    create: (ports, config) =>
      referencePlugin.create({ ...ports, events: { publish: (event) => (sink.push(event), ports.events.publish(event)) } }, { ...config, timing: { ...config.timing, maxInFlightPerStore } }),
  };
}

describe('backpressure: POS hold placements in flight per store', () => {
  it('holds the bound, queues the rest first come first served, reports depth only when it changes, and still converges', async () => {
    // Offline stores hang until the caller's timeout: placements pile up behind them.
    const { scenario } = loadScenario('store-outage');
    const events: PublishedEvent[] = [];
    const result = await simulate({ scenario, scenarioRef: 'store-outage', seed: 1, orders: 600, plugin: bounded(1, events) }, () => 0);
    expect(result.violations).toEqual([]);
    expect(result.converged).toBe(true);
    const depths = events.filter((event) => event.type === 'adapter.queue_depth');
    expect(depths.length).toBeGreaterThan(0);
    const peaks = Object.values(result.metrics.maxQueueDepthPerStore);
    expect(Math.max(...peaks)).toBeGreaterThan(0);
    const lastDepth = new Map<string, number>();
    for (const event of depths) {
      expect(Number(event.payload['inFlight']), event.eventId).toBeLessThanOrEqual(1);
      const storeId = String(event.payload['storeId']);
      const depth = Number(event.payload['depth']);
      const previous = lastDepth.get(storeId) ?? 0;
      // A report says something new: the depth moved, or the line grew (and maybe drained) since the last one.
      const news = depth !== previous || Number(event.payload['maxDepth']) > previous;
      expect(news, `${event.eventId} repeats depth ${depth}`).toBe(true);
      lastDepth.set(storeId, depth);
    }
    // Everything queued was placed in the end: the last report of every store is an empty line.
    for (const [storeId, depth] of lastDepth) expect(depth, storeId).toBe(0);
  });

  it('resumes the stored waiting lines after crashes', async () => {
    const { scenario } = loadScenario('store-outage');
    const result = await simulate({ scenario, scenarioRef: 'store-outage', seed: 1, orders: 600, crashEveryEvents: 300, plugin: bounded(1, []) }, () => 0);
    expect(result.faultsFired['orchestrator.crash'] ?? 0).toBeGreaterThan(2);
    expect(Math.max(0, ...Object.values(result.metrics.maxQueueDepthPerStore))).toBeGreaterThan(0);
    expect(result.violations).toEqual([]);
    expect(result.converged).toBe(true);
  });

  it('refuses a bound that is not a whole number of at least 1 when the orchestrator is created', async () => {
    const { scenario } = loadScenario('baseline');
    await expect(simulate({ scenario, scenarioRef: 'baseline', seed: 1, orders: 5, plugin: bounded(0, []) }, () => 0)).rejects.toThrow(/maxInFlightPerStore.*got 0/);
  });
});
