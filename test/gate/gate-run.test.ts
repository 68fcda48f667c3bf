import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runGate, type GateOptions } from '../../sim/gate/gate.node.ts';
import { renderJunit } from '../../sim/gate/junit.ts';
import { renderMarkdown } from '../../sim/gate/markdown-report.ts';
import { renderGateHtml } from '../../sim/report/html/gate-html.ts';
import { readIncident } from '../../sim/incidents/incident-io.node.ts';
import { loadScenario } from '../../sim/world/scenario-loader.node.ts';

/** Runs in this thread (workers: 0): the same jobs the pool runs, easier to observe. */
function options(overrides: Partial<GateOptions>): GateOptions {
  return { scenarios: ['baseline'], seeds: 1, firstSeed: 1, incidents: [], candidate: 'reference', workers: 0, recheck: 0, regressionThresholds: {}, ...overrides };
}

describe('the gate itself', () => {
  it('fails as vacuous when a planned fault can never fire, and says which', async () => {
    // pos-timeouts with the ghost-success effect switched off: still planned, never fires.
    const scenario = structuredClone(loadScenario('pos-timeouts').scenario);
    for (const store of scenario.topology.stores) if (store.quirks?.ghostSuccess !== undefined) store.quirks.ghostSuccess = [0, 1];
    const dir = mkdtempSync(join(tmpdir(), 'converge-vacuous-'));
    const path = join(dir, 'pos-timeouts-no-ghosts.json');
    writeFileSync(path, JSON.stringify(scenario));
    const report = await runGate(options({ scenarios: [path], seeds: 2 }));
    expect(report.passed).toBe(false);
    expect(report.candidate.map((run) => run.verdict)).toEqual(['vacuous', 'vacuous']);
    expect(report.candidate.every((run) => run.violations.length === 0 && run.converged)).toBe(true);
    expect(report.candidate[0]?.vacuous).toContain('pos.ghostSuccess');
    expect(report.reasons).toEqual(['2 run(s) were vacuous: a planned fault never fired']);
    expect(renderJunit(report)).toContain('<failure type="vacuous" message="vacuous: planned fault(s) never fired: pos.ghostSuccess"');
  });

  it('catches a run that is not deterministic: module state leaking into a re-run gives another trace hash', async () => {
    const report = await runGate(options({ candidate: 'test/gate/leaky-plugin.ts', orders: 60, recheck: 1 }));
    expect(report.candidate[0]?.verdict).toBe('pass');
    expect(report.determinism.checked).toBe(1);
    expect(report.determinism.mismatches).toHaveLength(1);
    expect(report.determinism.mismatches[0]).toMatchObject({ id: 'baseline#1', role: 'candidate', replay: 'npx converge run --scenario baseline --seed 1 --orders 60 --orchestrator test/gate/leaky-plugin.ts' });
    expect(report.passed).toBe(false);
    expect(report.reasons).toEqual(['1 re-run(s) gave another trace hash: the runs are not deterministic']);
  });

  it('writes a replayable incident for a failing run and passes the reference on the same seeds', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'converge-incidents-'));
    const report = await runGate(options({ candidate: 'test/variants/no-lookup-after-pos-timeout.ts', scenarios: ['pos-timeouts'], orders: 300, incidentsDir: dir }));
    const failing = report.candidate[0];
    expect(failing?.verdict).toBe('fail');
    expect(failing?.violations[0]?.replay).toBe('npx converge run --scenario pos-timeouts --seed 1 --orders 300 --orchestrator test/variants/no-lookup-after-pos-timeout.ts');
    const path = report.incidents['candidate:pos-timeouts#1'];
    expect(path).toBe(join(dir, 'candidate-pos-timeouts-seed-1.json'));
    // The run names its own incident, in the JSON and in every rendering of the report.
    expect(failing?.incident).toBe(path);
    expect(renderGateHtml(report)).toContain(`npx converge replay ${path ?? ''}`);
    expect(renderMarkdown(report)).toContain(path);
    const incident = readIncident(path ?? '');
    expect(incident).toMatchObject({ seed: 1, scenarioRef: 'pos-timeouts', overrides: { orders: 300 }, orchestrator: { module: 'test/variants/no-lookup-after-pos-timeout.ts', name: 'broken-no-lookup-after-pos-timeout' } });
    expect(incident.expected.traceHash).toBe(failing?.traceHash);
    expect(incident.expected.violations[0]?.invariant).toBe(failing?.violations[0]?.invariant);
    expect(JSON.parse(readFileSync(path ?? '', 'utf8')).scenario.name).toBe('pos-timeouts');

    const reference = await runGate(options({ scenarios: ['pos-timeouts'], orders: 300 }));
    expect(reference.candidate[0]?.violations).toEqual([]);
  });

  it('differential: fails a candidate that breaks what the baseline keeps, and shows both sides', async () => {
    const report = await runGate(options({ candidate: 'test/variants/no-lookup-after-pos-timeout.ts', baseline: 'reference', scenarios: ['pos-timeouts'], orders: 300, regressionThresholds: { reservationSuccessRate: 0.5 } }));
    expect(report.baseline.map((run) => run.verdict)).not.toContain('fail');
    expect(report.differential?.newBreaks.map((found) => found.id)).toEqual(['pos-timeouts#1']);
    expect(report.differential?.metrics.filter((row) => row.scenario === 'pos-timeouts').map((row) => row.metric)).toContain('reservationSuccessRate');
    expect(report.reasons.some((reason) => reason.startsWith('regression against the baseline: pos-timeouts#1 breaks idempotency.one-live-hold-per-line-and-node'))).toBe(true);
  });

  it('runs a regression incident exactly as recorded: its own scenario, seed and overrides give its recorded trace hash', async () => {
    const path = 'scenarios/incidents/baseline-seed1-12-orders.json';
    const incident = readIncident(path);
    expect(incident.orchestrator.module).toBe('reference');
    const report = await runGate(options({ scenarios: [], seeds: 1, incidents: [path] }));
    expect(report.candidate.map((run) => [run.job.id, run.verdict])).toEqual([[`incident:${path}`, 'pass']]);
    expect(report.candidate[0]?.traceHash).toBe(incident.expected.traceHash);
  });
});
