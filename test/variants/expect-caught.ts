import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { OrchestratorPlugin } from '../../orchestrator/plugin.ts';
import { loadScenario } from '../../sim/world/scenario-loader.node.ts';
import type { Scenario } from '../../sim/world/scenario-schema.ts';
import { simulate, type RunResult } from '../../sim/world/simulate.ts';
import type { BrokenVariant } from './catalogue.ts';

const MAX_SEED = 20;
const ROOT = resolve(import.meta.dirname, '../..');
/** Scenarios above this many orders run in their own test file, so the two files share the cores. */
export const LARGE_SCENARIO_ORDERS = 2000;

async function pluginAt(module: string): Promise<OrchestratorPlugin> {
  const loaded = (await import(resolve(ROOT, module))) as { default: OrchestratorPlugin };
  return loaded.default;
}

export function scenarioFor(variant: BrokenVariant): Scenario {
  return loadScenario(variant.scenario).scenario;
}

async function run(variant: BrokenVariant, scenario: Scenario, seed: number, plugin?: OrchestratorPlugin): Promise<RunResult> {
  const { orders, tornEveryWrites } = variant;
  return simulate({ scenario, scenarioRef: variant.scenario, seed, ...(orders === undefined ? {} : { orders }), ...(tornEveryWrites === undefined ? {} : { tornEveryWrites }), ...(plugin === undefined ? {} : { plugin }) }, () => 0);
}

/**
 * The reference's violations per scenario and seed: most variants are caught on seed 1 of a few
 * scenarios, and the reference's run there is the same history every time (determinism), so it
 * runs once per file instead of once per variant.
 */
const referenceViolations = new Map<string, Promise<RunResult['violations']>>();

function referenceRun(variant: BrokenVariant, scenario: Scenario, seed: number): Promise<RunResult['violations']> {
  const key = `${variant.scenario}#${seed}#${variant.orders ?? ''}#${variant.tornEveryWrites ?? ''}`;
  let violations = referenceViolations.get(key);
  if (violations === undefined) {
    violations = run(variant, scenario, seed).then((result) => result.violations);
    referenceViolations.set(key, violations);
  }
  return violations;
}

/**
 * For each variant: seeds 1.. (at most 20) until the first violation, which must name the
 * expected checker, an order, a first bad event and the replay command; the reference
 * orchestrator is clean on the same scenario and seed.
 */
export function describeCaught(title: string, variants: readonly BrokenVariant[]): void {
  describe(title, () => {
    for (const variant of variants) {
      it(`${variant.module} on ${variant.scenario}${runOptions(variant)}: ${variant.invariant}`, async () => {
        const plugin = await pluginAt(variant.module);
        expect(plugin.name).toMatch(/^broken-/);
        const scenario = scenarioFor(variant);
        let caught: { seed: number; result: RunResult } | undefined;
        for (let seed = 1; seed <= MAX_SEED && caught === undefined; seed++) {
          const result = await run(variant, scenario, seed, plugin);
          if (result.violations.length > 0) caught = { seed, result };
        }
        expect(caught, `no violation in seeds 1..${MAX_SEED}`).toBeDefined();
        if (caught === undefined) return;
        const named = caught.result.violations.filter((violation) => violation.invariant === variant.invariant);
        expect(named.length, `seed ${caught.seed}: ${[...new Set(caught.result.violations.map((v) => v.invariant))].join(', ')}`).toBeGreaterThan(0);
        // A DC-wide finding (a snapshot) may come before any order: the first one naming an order is the handle to explain.
        const first = named.find((violation) => violation.orderId !== '');
        expect(first, 'a violation naming an order').toBeDefined();
        expect(first?.firstBadEvent).not.toBeNull();
        // simulate() does not know the plugin's module path: the gate adds `--orchestrator <module>` to the same command.
        expect(first?.replay).toMatch(new RegExp(`^npx converge run --scenario ${variant.scenario} --seed ${caught.seed}( |$)`));
        // The bug is the variant's: the reference orchestrator is clean on the same run.
        expect(await referenceRun(variant, scenario, caught.seed)).toEqual([]);
      }, 600_000);
    }
  });
}

/** ` (150 orders, torn every 400 writes)` for a variant run with options, else nothing. */
function runOptions(variant: BrokenVariant): string {
  const options = [...(variant.orders === undefined ? [] : [`${variant.orders} orders`]), ...(variant.tornEveryWrites === undefined ? [] : [`torn every ${variant.tornEveryWrites} writes`])];
  return options.length === 0 ? '' : ` (${options.join(', ')})`;
}

export function isLarge(variant: BrokenVariant): boolean {
  return (variant.orders ?? scenarioFor(variant).workload.orders) > LARGE_SCENARIO_ORDERS;
}
