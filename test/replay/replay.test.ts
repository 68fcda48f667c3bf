import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { referencePlugin } from '../../orchestrator/reference/reference-orchestrator.ts';
import { decodeRecording, readIncident } from '../../sim/incidents/incident-io.node.ts';
import type { TraceEvent } from '../../sim/kernel/trace.ts';
import { replayIncident } from '../../sim/replay/replay.ts';
import { parseUntil } from '../../sim/replay/sim-time.ts';
import { TraceDiff } from '../../sim/replay/trace-diff.ts';
import brokenLookup from '../variants/no-lookup-after-pos-timeout.ts';
import { converge, convergeHere, NOW, recordIncident, tempDir } from './helpers.ts';

const VARIANT = 'test/variants/no-lookup-after-pos-timeout.ts';

describe('replay, in-process', () => {
  let path = '';
  beforeAll(async () => {
    path = await recordIncident(join(tempDir(), 'pos-timeouts.json'), { scenario: 'pos-timeouts', seed: 1, orders: 30, plugin: referencePlugin, module: 'reference' });
  });

  it('replays a recording identically, and says the (absent) violations reproduced', async () => {
    const incident = readIncident(path);
    const recording = decodeRecording(incident, path);
    expect(recording).toHaveLength(incident.expected.traceEvents);
    const outcome = await replayIncident(incident, recording, referencePlugin, {}, NOW);
    expect(outcome.identical).toBe(true);
    expect(outcome.difference).toBeNull();
    expect(outcome.replayed.traceHash).toBe(incident.expected.traceHash);
    expect(outcome.violations).toMatchObject({ recorded: 0, reproduced: 0, missing: [], added: [] });
  });

  it('names the first differing event, with both versions, when one line of orchestrator behaviour changes', async () => {
    const incident = readIncident(path);
    const outcome = await replayIncident(incident, decodeRecording(incident, path), brokenLookup, {}, NOW);
    expect(outcome.identical).toBe(false);
    const difference = outcome.difference;
    expect(difference).not.toBeNull();
    expect(difference?.recorded?.index).toBe(difference?.index);
    expect(difference?.replayed?.index).toBe(difference?.index);
    expect(difference?.replayed).not.toEqual(difference?.recorded);
    // Up to there the histories agree: the change shows first where a look-up's answer is used.
    expect(difference?.index).toBeGreaterThan(0);
  });

  it('with --until, prints the state of the world as of that event and still compares the whole history', async () => {
    const incident = readIncident(path);
    const outcome = await replayIncident(incident, decodeRecording(incident, path), referencePlugin, { until: { kind: 'index', index: 1500 } }, NOW);
    expect(outcome.identical).toBe(true);
    expect(outcome.state?.lastEvent?.index).toBe(1500);
    expect(outcome.state?.endedBefore).toBe(false);
    expect(outcome.state?.orders.created).toBeGreaterThan(0);
    const byTime = await replayIncident(incident, undefined, referencePlugin, { until: { kind: 'time', atMs: 3_600_000 * 12, text: '12h' } }, NOW);
    expect(byTime.state?.lastEvent?.atMs).toBeLessThanOrEqual(3_600_000 * 12);
    expect(byTime.hasRecording).toBe(false);
  });
});

describe('TraceDiff', () => {
  const event = (index: number, detail = ''): TraceEvent => ({ index, atMs: index, kind: 'k', source: 'world', orderId: '', ref: '', detail });

  it('reports a history that ended early, and one that went on, at the first missing index', () => {
    const shorter = new TraceDiff([event(0), event(1), event(2)], true);
    [event(0), event(1)].forEach(shorter.listen);
    expect(shorter.result()).toEqual({ index: 2, recorded: event(2), replayed: null });
    const longer = new TraceDiff([event(0)], true);
    [event(0), event(1)].forEach(longer.listen);
    expect(longer.result()).toEqual({ index: 1, recorded: null, replayed: event(1) });
  });

  it('keeps only the first difference, and cannot see past an incomplete recording', () => {
    const diff = new TraceDiff([event(0), event(1, 'a'), event(2, 'b')], true);
    [event(0), event(1, 'x'), event(2, 'y')].forEach(diff.listen);
    expect(diff.result()?.index).toBe(1);
    const prefix = new TraceDiff([event(0)], false);
    [event(0), event(1)].forEach(prefix.listen);
    expect(prefix.result()).toBeNull();
  });
});

describe('parseUntil', () => {
  const start = Date.parse('2026-11-02T06:00:00Z');
  it('reads event indices, durations and instants', () => {
    expect(parseUntil('#42', start)).toEqual({ kind: 'index', index: 42 });
    expect(parseUntil('42', start)).toEqual({ kind: 'index', index: 42 });
    expect(parseUntil('2h30m', start)).toMatchObject({ kind: 'time', atMs: 9_000_000 });
    expect(parseUntil('1d', start)).toMatchObject({ kind: 'time', atMs: 86_400_000 });
    expect(parseUntil('2026-11-02T07:00:00Z', start)).toMatchObject({ kind: 'time', atMs: 3_600_000 });
  });
  it('names the value and what was expected otherwise', () => {
    expect(parseUntil('soon', start)).toContain('got "soon"');
    expect(parseUntil('2026-11-01T00:00:00Z', start)).toContain("before the scenario's start");
  });
});

describe('record and replay from the command line', () => {
  it('run --record then replay (own process): exit 0, identical; replay with a one-line change: exit 4 naming the first differing event', async () => {
    const path = join(tempDir(), 'recorded.json');
    const run = await convergeHere('run', '--scenario', 'pos-timeouts', '--seed', '1', '--orders', '30', '--record', path);
    expect(run.stdout).toContain(`incident: ${path}`);
    const same = await converge('replay', path);
    const changed = await convergeHere('replay', path, '--orchestrator', VARIANT);
    expect(same.code).toBe(0);
    expect(same.stdout).toContain('IDENTICAL');
    expect(same.stdout).toContain('violations: none recorded, none now.');
    expect(changed.code).toBe(4);
    expect(changed.stdout).toMatch(/first differing event: #\d+ at \+/);
    expect(changed.stdout).toMatch(/ {2}recorded: #\d+ /);
    expect(changed.stdout).toMatch(/ {2}replayed: #\d+ /);
    expect(changed.stdout).toContain(`npx converge replay ${path} --rerecord`);
  });
});
