import { describe, expect, it } from 'vitest';
import { referencePlugin } from '../../orchestrator/reference/reference-orchestrator.ts';
import { loadScenario } from '../../sim/world/scenario-loader.node.ts';
import { simulate, type SimulateOptions } from '../../sim/world/simulate.ts';
import storesFirst from './stores-first-plugin.ts';

const scenario = loadScenario('baseline').scenario;

function run(extra: Partial<SimulateOptions>): ReturnType<typeof simulate> {
  return simulate({ scenario, scenarioRef: 'baseline', seed: 3, orders: 250, ...extra }, () => 0);
}

describe('shadow mode', () => {
  it('with the same orchestrator on both sides: zero divergence, every shadow request answered from the primary, the primary’s history unchanged', async () => {
    const [alone, shadowed] = await Promise.all([run({}), run({ shadow: { plugin: referencePlugin } })]);
    expect(shadowed.traceHash).toBe(alone.traceHash);
    expect(shadowed.converged).toBe(true);
    const report = shadowed.shadow;
    expect(report?.commands).toEqual({ mirrored: 250, refused: 0 });
    for (const capability of ['intake', 'routing', 'promise'] as const) expect(report?.divergence[capability], capability).toEqual({ compared: 250, diverged: 0, examples: [] });
    expect(report?.divergence.exception.diverged).toBe(0);
    expect(report?.http.unmatched).toBe(0);
    expect(report?.http.matched).toBe(report?.http.requests);
    expect(report?.filesWritten).toBeGreaterThan(0);
  });

  it('with another routing: divergence in routing, none in intake, each example showing both decisions', async () => {
    const shadowed = await run({ shadow: { plugin: storesFirst } });
    const report = shadowed.shadow;
    expect(shadowed.traceHash).toBe((await run({})).traceHash);
    expect(report?.shadow).toBe('stores-first-routing@0.0.1');
    expect(report?.divergence.intake.diverged).toBe(0);
    expect(report?.divergence.routing.diverged).toBeGreaterThan(0);
    const [example] = report?.divergence.routing.examples ?? [];
    expect(example?.order).toMatch(/^web:/);
    expect(example?.primary).not.toBe(example?.shadow);
    // What the shadow did differently was never sent: answered as a timeout, recorded.
    expect(report?.http.unmatched).toBeGreaterThan(0);
  });

  it('capability flags: routing delegated to the candidate makes the primary route as the candidate does', async () => {
    const migrated = await run({ shadow: { plugin: storesFirst, delegate: ['routing'] } });
    expect(migrated.shadow?.delegated).toEqual(['routing']);
    expect(migrated.shadow?.divergence.routing.diverged).toBe(0);
    expect(migrated.converged).toBe(true);
    expect(migrated.violations).toEqual([]);
    expect(migrated.traceHash).not.toBe((await run({})).traceHash);
  });

  it('capability flags in the scenario: routing: candidate does what --delegate routing does', async () => {
    const flagged = { ...scenario, capabilities: { routing: 'candidate' as const } };
    const [fromScenario, fromFlag] = await Promise.all([
      simulate({ scenario: flagged, scenarioRef: 'baseline', seed: 3, orders: 250, shadow: { plugin: storesFirst } }, () => 0),
      run({ shadow: { plugin: storesFirst, delegate: ['routing'] } }),
    ]);
    expect(fromScenario.shadow?.delegated).toEqual(['routing']);
    expect(fromScenario.traceHash).toBe(fromFlag.traceHash);
    // Without a shadow the flag has no candidate to hand routing to: the run is the plain one.
    expect((await simulate({ scenario: flagged, scenarioRef: 'baseline', seed: 3, orders: 250 }, () => 0)).traceHash).toBe((await run({})).traceHash);
  });

  it('mirrors cancels and returns with the shadow’s own order ids: customer-actions, same orchestrator, zero divergence', async () => {
    const actions = loadScenario('customer-actions').scenario;
    const shadowed = await simulate({ scenario: actions, scenarioRef: 'customer-actions', seed: 2, orders: 300, shadow: { plugin: referencePlugin } }, () => 0);
    const report = shadowed.shadow;
    expect(shadowed.converged).toBe(true);
    // Every order, plus the customers' cancels and returns, reached the shadow and was taken.
    expect(report?.commands.mirrored).toBeGreaterThan(300);
    // The customers' wrong cancels (a line the order lacks, an edit under a used key) are refused by both.
    const probes = (shadowed.faultsFired['customer.cancel_corrected'] ?? 0) + (shadowed.faultsFired['customer.cancel_edited'] ?? 0);
    expect(probes).toBeGreaterThan(0);
    expect(report?.commands.refused).toBe(probes);
    expect(report?.http.unmatched).toBe(0);
    for (const capability of ['intake', 'routing', 'promise', 'exception'] as const) expect(report?.divergence[capability].diverged, capability).toBe(0);
  });
});
