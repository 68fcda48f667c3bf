import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { referencePlugin } from '../../orchestrator/reference/reference-orchestrator.ts';
import { decodeRecording, incidentContent, readIncident, writeIncident } from '../../sim/incidents/incident-io.node.ts';
import { replayIncident } from '../../sim/replay/replay.ts';
import { runIncident } from '../../sim/replay/run-incident.ts';
import { shrinkIncident } from '../../sim/shrink/shrink.ts';
import brokenLookup from '../variants/no-lookup-after-pos-timeout.ts';
import { recordIncident, tempDir } from './helpers.ts';

const MODULE = 'test/variants/no-lookup-after-pos-timeout.ts';

describe('shrink', () => {
  it('shrinks a broken orchestrator to at most 20 orchestrator events and 5 fault families, and the shrunk incident fails 10 times out of 10', async () => {
    const dir = tempDir();
    const path = await recordIncident(join(dir, 'broken.json'), { scenario: 'pos-timeouts', seed: 2, orders: 10, plugin: brokenLookup, module: MODULE });
    const incident = readIncident(path);
    expect(incident.expected.violations[0]?.invariant).toBe('idempotency.one-live-hold-per-line-and-node');

    const wall = (): number => performance.now();
    const report = await shrinkIncident(incident, brokenLookup, { budgetMs: 40_000, now: wall, baseline: referencePlugin });
    expect(report.target).toBe('idempotency.one-live-hold-per-line-and-node');
    expect(report.after.orchestratorEvents).toBeLessThanOrEqual(20);
    expect(report.after.faultFamilies).toBeLessThanOrEqual(5);
    expect(report.after.orders).toBeLessThan(report.before.orders);
    expect(report.after.faultsFired).toBeLessThan(report.before.faultsFired);
    expect(report.steps.length).toBeGreaterThan(0);

    const smallest = { scenario: report.smallest.scenario, scenarioRef: 'pos-timeouts', seed: report.smallest.seed, overrides: { orders: report.smallest.orders } };
    const { result, trace } = await runIncident(smallest, brokenLookup, { keepTrace: true }, () => 0);
    const shrunkPath = join(dir, 'broken.shrunk.json');
    writeIncident(shrunkPath, incidentContent({ note: 'shrunk', ...smallest, orchestrator: incident.orchestrator, run: result, ...(trace === undefined ? {} : { trace }) }));
    const shrunk = readIncident(shrunkPath);
    const recording = decodeRecording(shrunk, shrunkPath);
    for (let i = 0; i < 10; i++) {
      const outcome = await replayIncident(shrunk, recording, brokenLookup, {}, () => 0);
      expect(outcome.identical, `replay ${i + 1}`).toBe(true);
      expect(outcome.violations.missing, `replay ${i + 1}`).toEqual([]);
      expect(outcome.replayed.violations.map((v) => v.invariant)).toContain(report.target);
    }
  }, 90_000);

  it('refuses an incident that does not fail', async () => {
    const path = await recordIncident(join(tempDir(), 'fine.json'), { scenario: 'baseline', seed: 1, orders: 2, plugin: brokenLookup, module: MODULE });
    await expect(shrinkIncident(readIncident(path), brokenLookup, { budgetMs: 1000, now: () => 0 })).rejects.toThrow(/at least one violation/);
  });
});
