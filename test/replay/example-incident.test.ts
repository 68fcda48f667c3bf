import { describe, expect, it } from 'vitest';
import { decodeRecording, readIncident } from '../../sim/incidents/incident-io.node.ts';
import { loadPlugin } from '../../sim/plugins/load-plugin.node.ts';
import { formatReplay } from '../../sim/replay/format-replay.ts';
import { replayIncident } from '../../sim/replay/replay.ts';
import { convergeHere, NOW } from './helpers.ts';

/**
 * examples/incidents/ holds a failing run a newcomer tries replay, explain and shrink on (its
 * README shows the commands). It is not in scenarios/incidents/, which the gate replays as
 * regressions; so this test keeps it from rotting: it must replay to the history it recorded and
 * still fail the variant's invariant.
 */
const PATH = 'examples/incidents/no-lookup-after-pos-timeout.json';
const INVARIANT = 'idempotency.one-live-hold-per-line-and-node';

describe(PATH, () => {
  it('replays identically with the broken variant and still fails its invariant', async () => {
    const incident = readIncident(PATH);
    expect(incident.orchestrator.module).toBe('test/variants/no-lookup-after-pos-timeout.ts');
    const plugin = await loadPlugin(incident.orchestrator.module);
    const outcome = await replayIncident(incident, decodeRecording(incident, PATH), plugin, {}, NOW);
    const howTo = `\n${formatReplay(outcome, Date.parse(incident.scenario.startInstant))}\nRe-record it on purpose if the new history is meant: npx converge replay ${PATH} --rerecord`;
    expect(outcome.identical, howTo).toBe(true);
    expect(outcome.violations.missing, howTo).toEqual([]);
    expect(outcome.violations.added, howTo).toEqual([]);
    expect(outcome.replayed.verdict).toBe('failed');
    expect(outcome.replayed.violations.map((violation) => violation.invariant)).toContain(INVARIANT);
  });

  it('explains the order the README names, up to the first disagreement', async () => {
    const explained = await convergeHere('explain', PATH, '--order', 'web-0000001');
    expect(explained.code).toBe(0);
    expect(explained.stdout).toContain(`first disagreement: event #799: invariant ${INVARIANT} broken`);
  });
});
