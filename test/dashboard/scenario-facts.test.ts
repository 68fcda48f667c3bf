import { describe, expect, it } from 'vitest';
import { nodeOfEvent, scenarioFacts } from '../../sim/dashboard/scenario-facts.ts';
import { loadScenarioFlag } from '../../sim/cli/options.ts';

describe('a scenario\'s facts for the report', () => {
  it('lists every node with its time zone and every planned outage window in ms since the start', () => {
    const { scenario } = loadScenarioFlag('store-outage');
    const { nodes, windows } = scenarioFacts(scenario);
    expect(nodes.map((node) => `${node.id}:${node.kind}`)).toEqual([...scenario.topology.stores.map((s) => `${s.id}:store`), ...scenario.topology.dcs.map((d) => `${d.id}:dc`)]);
    expect(nodes.find((node) => node.id === 'S1')?.timeZone).toBe('America/New_York');
    expect(windows).toEqual([
      { system: 'S1', what: 'offline (hang)', fromMs: 14 * 3_600_000, toMs: 20 * 3_600_000 },
      { system: 'S2', what: 'offline (refuse)', fromMs: 30 * 3_600_000, toMs: 34 * 3_600_000 },
    ]);
  });

  it('finds long outages, stuck transfers and the gateway\'s outages too', () => {
    const { scenario } = loadScenarioFlag('long-outages');
    const { windows } = scenarioFacts(scenario);
    const dc = scenario.topology.dcs[0];
    const stuck = dc?.quirks?.stuckTransfer;
    expect(stuck).toBeDefined();
    expect(windows).toContainEqual({ system: dc?.id, what: 'transfer stuck', fromMs: (stuck?.fromHour ?? 0) * 3_600_000, toMs: ((stuck?.fromHour ?? 0) + (stuck?.hours ?? 0)) * 3_600_000 });
    const gateway = scenario.payment.quirks?.longOutage;
    expect(gateway).toBeDefined();
    expect(windows).toContainEqual({ system: 'payment', what: `long outage (${gateway?.mode})`, fromMs: (gateway?.fromHour ?? 0) * 3_600_000, toMs: ((gateway?.fromHour ?? 0) + (gateway?.hours ?? 0)) * 3_600_000 });
    expect(windows.some((window) => window.system === 'S1' && window.what.startsWith('long outage'))).toBe(true);
    for (const window of windows) expect(window.toMs).toBeGreaterThan(window.fromMs);
    expect(windows.map((window) => window.fromMs)).toEqual([...windows.map((window) => window.fromMs)].sort((a, b) => a - b));
  });

  it('names the node of a fake\'s event from its detail, and of an HTTP event from its host', () => {
    const nodes = [
      { id: 'S1', kind: 'store' as const, timeZone: 'America/New_York' },
      { id: 'DC1', kind: 'dc' as const, timeZone: 'America/Chicago' },
    ];
    expect(nodeOfEvent({ source: 'pos', ref: '', detail: 'S1 H-S1-1 SKU-1x1' }, nodes)?.id).toBe('S1');
    expect(nodeOfEvent({ source: 'wms', ref: '', detail: 'DC1 ctl=1' }, nodes)?.id).toBe('DC1');
    expect(nodeOfEvent({ source: 'network', ref: 'http://pos-s1.stores.local', detail: 'GET /holds' }, nodes)?.id).toBe('S1');
    expect(nodeOfEvent({ source: 'network', ref: 'http://payments.gateway.local', detail: 'POST /captures' }, nodes)).toBeUndefined();
    expect(nodeOfEvent({ source: 'orchestrator', ref: 'FO-1', detail: 'S1' }, nodes)).toBeUndefined();
    expect(nodeOfEvent({ source: 'pos', ref: '', detail: 'S9 unknown' }, nodes)).toBeUndefined();
  });
});
