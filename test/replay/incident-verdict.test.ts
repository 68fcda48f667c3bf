import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { incidentContent, readIncident, writeIncident } from '../../sim/incidents/incident-io.node.ts';
import { formatVerdicts } from '../../sim/replay/format-replay.ts';
import type { ReplayOutcome } from '../../sim/replay/replay.ts';
import { loadScenario } from '../../sim/world/scenario-loader.node.ts';
import { runResult } from '../cli/run-result-fixture.ts';

const dir = mkdtempSync(join(tmpdir(), 'converge-incident-verdict-'));

function recorded(run: ReturnType<typeof runResult>, name: string): string {
  const path = join(dir, name);
  const { scenario } = loadScenario('baseline');
  writeIncident(path, incidentContent({ note: 'test', scenarioRef: 'baseline', scenario, seed: 2, overrides: {}, orchestrator: { module: 'reference', name: 'reference', version: '0.1.0' }, run }));
  return path;
}

function outcomeOf(recordedVerdict: Pick<ReplayOutcome['recorded'], 'verdict' | 'parked'>, replayed: ReturnType<typeof runResult>): ReplayOutcome {
  return {
    identical: true,
    recorded: { traceHash: replayed.traceHash, traceEvents: replayed.traceEvents, ...recordedVerdict },
    replayed,
    difference: null,
    hasRecording: false,
    violations: { recorded: 0, reproduced: 0, missing: [], added: [] },
  };
}

describe('incident files record the run verdict and the parked orders', () => {
  it('writes verdict and parked into expected, and reads them back', () => {
    const held = runResult('held');
    const incident = readIncident(recorded(held, 'held.json'));
    expect(incident.expected.verdict).toBe('held');
    expect(incident.expected.parked).toEqual(held.parked);
    expect(incident.expected.converged).toBe(true);
  });

  it('still loads an incident written before verdicts (the golden ones): the fields are absent', () => {
    const golden = readdirSync('scenarios/incidents').filter((name) => name.endsWith('.json'));
    expect(golden.length).toBeGreaterThan(0);
    for (const name of golden) {
      const incident = readIncident(join('scenarios/incidents', name));
      expect(incident.expected.traceHash).toMatch(/^[0-9a-f]{16}$/);
    }
    const { traceHash, events, traceEvents, converged, violations } = runResult('closed');
    const path = join(dir, 'old.json');
    writeIncident(path, incidentContent({ note: 'old', scenarioRef: 'baseline', scenario: loadScenario('baseline').scenario, seed: 2, overrides: {}, orchestrator: { module: 'reference', name: 'reference', version: '0.1.0' }, run: { traceHash, events, traceEvents, converged, violations } }));
    const { expected } = readIncident(path);
    expect(expected.verdict).toBeUndefined();
    expect(expected.parked).toBeUndefined();
  });

  it('replay says the recorded verdict, and the replayed one when it differs', () => {
    const held = runResult('held');
    expect(formatVerdicts(outcomeOf({ verdict: 'held', parked: held.parked }, held))).toEqual(['recorded verdict: HELD, parked 6 orders (0.5 %): UNROUTABLE 4, LOST_ACK 2; budget 1/200 of orders, 6 here (the same now).']);
    expect(formatVerdicts(outcomeOf({ verdict: 'held', parked: held.parked }, runResult('closed')))).toEqual([
      'recorded verdict: HELD, parked 6 orders (0.5 %): UNROUTABLE 4, LOST_ACK 2; budget 1/200 of orders, 6 here; this replay: CLOSED, parked none; budget none allowed.',
    ]);
    expect(formatVerdicts(outcomeOf({ verdict: null, parked: null }, runResult('closed')))).toEqual(['recorded verdict: not recorded (an incident written before run verdicts); this replay: CLOSED, parked none; budget none allowed.']);
  });
});
