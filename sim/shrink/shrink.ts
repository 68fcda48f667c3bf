import type { OrchestratorPlugin } from '../../orchestrator/plugin.ts';
import type { Incident } from '../incidents/incident-file.ts';
import type { Violation } from '../invariants/types.ts';
import { validateScenario } from '../world/scenario-loader.node.ts';
import type { Scenario } from '../world/scenario-schema.ts';
import type { RunResult } from '../world/simulate.ts';
import { runIncident } from '../replay/run-incident.ts';
import { faultFamilies, familyName, familyPaths, withoutFamilies, type FamilyPath } from './fault-families.ts';
import { caseSize, OrchestratorEventCounter, type CaseSize } from './size.ts';

/** One case shrink may try: an incident's world with fewer orders, faults or hours. */
export interface ShrinkCase {
  scenario: Scenario;
  /** Another seed may be chosen: with fewer orders or faults, the bug may need other dice to show. */
  seed: number;
  orders: number;
  crashEveryEvents?: number;
}

export interface ShrinkOptions {
  /** Stop trying after this much wall time and keep the smallest failing case so far. */
  budgetMs: number;
  /** Wall clock, for the budget and the report only: nothing in the world reads it. */
  now: () => number;
  /** One line per accepted step. */
  log?: (line: string) => void;
  /**
   * How many other seeds (seed+1, seed+2, ...) a cut may try when it does not fail with the
   * current one, while trials are cheap (default 24). 0 keeps the recorded seed.
   */
  seedTries?: number;
  /** The invariant that must keep failing; default: the incident's first violation's. */
  invariant?: string;
  /**
   * A known-good orchestrator (the reference, when shrinking another one): a cut is kept only if
   * it does not fail the target invariant too, so the case still shows the bug and not a world
   * where nobody could pass (a convergence bound too short for any orchestrator).
   */
  baseline?: OrchestratorPlugin;
}

export interface ShrinkReport {
  /** The invariant that must keep failing. */
  target: string;
  before: CaseSize;
  after: CaseSize;
  smallest: ShrinkCase;
  result: RunResult;
  trials: number;
  /** Steps that made the case smaller, in order (`orders 50 -> 3`, `drop S1.inStoreShoppers`, ...). */
  steps: string[];
  wallMs: number;
  /** True when the budget ran out before no step could shrink further. */
  outOfTime: boolean;
}

/** Liveness invariants: judged at the end, so a shorter heal or convergence bound fails them for anyone. */
function isLiveness(invariant: string): boolean {
  return invariant.startsWith('lifecycle.') || invariant.startsWith('convergence.');
}

/** Incidents with more trace events than this are not run before shrinking starts (their recorded result stands for them). */
const BIG_INCIDENT_TRACE_EVENTS = 100_000;

/** Order counts up to which other seeds are tried. */
const SEED_SEARCH_MAX_ORDERS = 8;

/** Other seeds are tried only while one trial takes less wall time than this (small cases). */
const MAX_SEED_TRIAL_MS = 1000;

/** What "the same failure" means: the target invariant fails, and no invariant that did not fail before. */
function sameFailure(target: string, allowed: ReadonlySet<string>, violations: readonly Violation[]): boolean {
  return violations.some((violation) => violation.invariant === target) && violations.every((violation) => allowed.has(violation.invariant));
}

/** Ascending trial sizes below `current`: 1, 2, 3, 4, 6, 8, 12, 16, 24, ... (small ones first: they are cheap). */
function smallerCounts(current: number, from: number): number[] {
  const counts: number[] = [];
  for (let n = from; n < current; n = n < 4 ? n + 1 : Math.ceil(n * 1.5)) counts.push(n);
  return counts;
}

/**
 * Delta debugging over an incident's workload (order count), its fault plan (quirk and fault
 * families, then how often each fires), its phases, its workload's extras (cancels, returns,
 * bursts, multi-line orders) and its topology (stores and DCs), greedily and in passes until no
 * step helps or the budget runs out. A step is kept when the target invariant still fails and
 * no other invariant starts failing. Every trial is a full deterministic run of the same seed.
 */
export async function shrinkIncident(incident: Incident, plugin: OrchestratorPlugin, options: ShrinkOptions): Promise<ShrinkReport> {
  const startedMs = options.now();
  const original = incident.expected.violations;
  const target = options.invariant ?? original[0]?.invariant;
  if (target === undefined) throw new RangeError('shrink needs an incident with at least one violation');
  if (!original.some((violation) => violation.invariant === target)) {
    throw new RangeError(`the incident has no ${target} violation (it has: ${[...new Set(original.map((violation) => violation.invariant))].join(', ') || 'none'})`);
  }
  const allowed = new Set(original.map((violation) => violation.invariant));
  let trials = 0;
  let outOfTime = false;
  const steps: string[] = [];

  const run = async (candidate: ShrinkCase, by = plugin): Promise<{ result: RunResult; size: CaseSize }> => {
    const counter = new OrchestratorEventCounter();
    const overrides = { orders: candidate.orders, ...(candidate.crashEveryEvents === undefined ? {} : { crashEveryEvents: candidate.crashEveryEvents }) };
    const { result } = await runIncident({ scenario: candidate.scenario, scenarioRef: incident.scenarioRef, seed: candidate.seed, overrides }, by, { onTrace: counter.listen }, options.now);
    return { result, size: caseSize(candidate.scenario, candidate.orders, result, counter.count) };
  };
  /** The baseline passes the case (no target violation): the failure is the plugin's. Without a baseline, every case counts. */
  const baselinePasses = async (candidate: ShrinkCase): Promise<boolean> => {
    if (options.baseline === undefined) return true;
    trials++;
    try {
      const { result } = await run(candidate, options.baseline);
      return !result.violations.some((violation) => violation.invariant === target);
    } catch {
      return false;
    }
  };

  let best: ShrinkCase = {
    scenario: incident.scenario,
    seed: incident.seed,
    orders: incident.overrides.orders ?? incident.scenario.workload.orders,
    ...(incident.overrides.crashEveryEvents === undefined ? {} : { crashEveryEvents: incident.overrides.crashEveryEvents }),
  };
  const verify = async (): Promise<{ result: RunResult; size: CaseSize }> => {
    const outcome = await run(best);
    trials++;
    if (!sameFailure(target, allowed, outcome.result.violations)) {
      throw new RangeError(`the incident does not fail with ${target} when run again (found: ${outcome.result.violations.map((v) => v.invariant).join(', ') || 'no violation'}); replay it first`);
    }
    return outcome;
  };
  // A big incident is not run first (one run of 6,000 orders can take the whole budget): its
  // recorded result stands for it, and it is run at the end only if no cut was kept.
  const big = incident.expected.traceEvents > BIG_INCIDENT_TRACE_EVENTS;
  const recordedSize: CaseSize = {
    orders: best.orders,
    faultFamilies: faultFamilies(best.scenario).length,
    faultsFired: Object.values(incident.expected.faultsFired ?? {}).reduce((total, count) => total + count, 0),
    orchestratorEvents: incident.expected.orchestratorEvents ?? null,
    traceEvents: incident.expected.traceEvents,
    phaseHours: best.scenario.phases.workloadHours + best.scenario.phases.healHours + best.scenario.phases.convergenceHours,
  };
  const first = big ? undefined : await verify();
  let bestRun = first;

  const seedTries = options.seedTries ?? 24;
  /** Wall time of the latest trial: other seeds are tried only while trials are cheap. */
  let lastTrialMs = Number.POSITIVE_INFINITY;
  const timeLeft = (): boolean => {
    if (options.now() - startedMs <= options.budgetMs) return true;
    outOfTime = true;
    return false;
  };

  /** Tries a candidate (raw scenario JSON is validated first), with the current seed and then a few others; keeps the first that fails the same way. */
  const attempt = async (describe: string, build: () => { scenario: unknown; orders?: number; crashEveryEvents?: number | null } | undefined, seeds = seedTries): Promise<boolean> => {
    if (!timeLeft()) return false;
    const built = build();
    if (built === undefined) return false;
    let scenario: Scenario;
    try {
      scenario = validateScenario(built.scenario, 'shrink candidate');
    } catch {
      return false; // a cut the schema refuses (no store left, a window past the workload): not a case
    }
    const crash = built.crashEveryEvents === null ? undefined : (built.crashEveryEvents ?? best.crashEveryEvents);
    for (let offset = 0; offset <= seeds; offset++) {
      if (offset > 0 && (lastTrialMs > MAX_SEED_TRIAL_MS || !timeLeft())) return false;
      const seed = (best.seed + offset) % 2 ** 32;
      const candidate: ShrinkCase = { scenario, seed, orders: built.orders ?? best.orders, ...(crash === undefined ? {} : { crashEveryEvents: crash }) };
      trials++;
      const trialStartedMs = options.now();
      let outcome: { result: RunResult; size: CaseSize };
      try {
        outcome = await run(candidate);
      } catch {
        return false; // the world refused this cut (e.g. no arrival hour left): not a case
      } finally {
        lastTrialMs = options.now() - trialStartedMs;
      }
      if (!sameFailure(target, allowed, outcome.result.violations)) continue;
      if (!(await baselinePasses(candidate))) continue;
      const step = offset === 0 ? describe : `${describe} (seed ${best.seed} -> ${seed})`;
      best = candidate;
      bestRun = outcome;
      steps.push(step);
      options.log?.(`  ${step}: ${outcome.size.orders} orders, ${outcome.size.faultsFired} faults fired, ${outcome.size.orchestratorEvents} orchestrator trace events (trial ${trials})`);
      return true;
    }
    return false;
  };

  /**
   * Fewer orders. A rare race needs many orders to show, so each count is also tried with every
   * customer action the workload has made certain (every order cancelled, returned, ...: each
   * order likelier to take part); the plain-workload pass may take them back out later.
   */
  const shrinkOrders = async (seeds: number): Promise<boolean> => {
    const workload = best.scenario.workload as unknown as Record<string, unknown>;
    const certain = Object.fromEntries(
      ['cancelRatio', 'partialCancelRatio', 'returnRatio', 'pickupNoShowRatio']
        .filter((key) => Array.isArray(workload[key]) && (workload[key] as number[])[0] !== 0 && (workload[key] as number[])[0] !== (workload[key] as number[])[1])
        .map((key) => [key, [1, 1]]),
    );
    const intensify = Object.keys(certain).length > 0;
    for (const n of smallerCounts(best.orders, 1)) {
      const from = best.orders;
      // Other dice matter most for the smallest cases; above a handful of orders they cost more than they find.
      const tries = n <= SEED_SEARCH_MAX_ORDERS ? seeds : 0;
      if (await attempt(`orders ${from} -> ${n}`, () => ({ scenario: best.scenario, orders: n }), tries)) return true;
      if (intensify && (await attempt(`orders ${from} -> ${n} with ${Object.keys(certain).join(', ')} 1/1`, () => ({ scenario: { ...best.scenario, workload: { ...best.scenario.workload, ...certain } }, orders: n }), tries))) return true;
    }
    return false;
  };

  /** ddmin over the fault families: all at once, then halves, quarters, ... one by one. */
  const shrinkFamilies = async (seeds: number): Promise<boolean> => {
    let progress = false;
    let paths = familyPaths(best.scenario);
    for (let chunk = paths.length; chunk >= 1 && paths.length > 0; chunk = Math.floor(chunk / 2)) {
      for (let start = 0; start < paths.length; ) {
        const cut: FamilyPath[] = paths.slice(start, start + chunk);
        const names = cut.map((path) => familyName(best.scenario, path));
        if (await attempt(`drop ${names.join(', ')}`, () => ({ scenario: withoutFamilies(best.scenario, cut) }), seeds)) {
          progress = true;
          paths = familyPaths(best.scenario);
        } else start += chunk;
        if (outOfTime) return progress;
      }
    }
    if (best.crashEveryEvents !== undefined) progress = (await attempt('drop --crash-every', () => ({ scenario: best.scenario, crashEveryEvents: null }), seeds)) || progress;
    return progress;
  };

  /** Shorter phases; other seeds only for the workload (fault) phase: a short convergence bound fails the same with any seed. */
  const shrinkPhases = async (seeds: number): Promise<boolean> => {
    let progress = false;
    // Without a baseline to tell "the bug" from "too short for anyone", a liveness failure keeps its heal and convergence bounds.
    const phases = options.baseline === undefined && isLiveness(target) ? (['workloadHours'] as const) : (['workloadHours', 'healHours', 'convergenceHours'] as const);
    for (const phase of phases) {
      const floor = phase === 'healHours' ? 0 : 1;
      for (const hours of smallerCounts(best.scenario.phases[phase], floor)) {
        const from = best.scenario.phases[phase];
        if (await attempt(`${phase} ${from} -> ${hours}`, () => ({ scenario: { ...best.scenario, phases: { ...best.scenario.phases, [phase]: hours } } }), phase === 'workloadHours' ? seeds : 0)) {
          progress = true;
          break;
        }
      }
    }
    return progress;
  };

  /** The workload's extras, each back to its plainest: one line of one unit, no cancels, returns, no-shows, bursts or peaks. */
  const shrinkWorkload = async (seeds: number): Promise<boolean> => {
    const plain: Record<string, unknown> = {
      linesPerOrder: { min: 1, max: 1 },
      quantityPerLine: { min: 1, max: 1 },
      cancelRatio: [0, 1],
      partialCancelRatio: [0, 1],
      returnRatio: [0, 1],
      pickupNoShowRatio: [0, 1],
      vipRatio: [0, 1],
      // Customers come for their pickup at once (clipped to opening hours): the run can end sooner.
      pickupDelayHours: { min: 0, max: 0 },
      bursts: [],
      peakDays: [],
    };
    let progress = false;
    const workload = best.scenario.workload as unknown as Record<string, unknown>;
    const changed = Object.keys(plain).filter((key) => JSON.stringify(workload[key]) !== JSON.stringify(plain[key]));
    if (changed.length === 0) return false;
    if (await attempt(`plain workload (${changed.join(', ')})`, () => ({ scenario: { ...best.scenario, workload: { ...best.scenario.workload, ...Object.fromEntries(changed.map((key) => [key, plain[key]])) } } }), seeds)) return true;
    for (const key of changed) {
      progress = (await attempt(`workload.${key} -> ${JSON.stringify(plain[key])}`, () => ({ scenario: { ...best.scenario, workload: { ...best.scenario.workload, [key]: plain[key] } } }), seeds)) || progress;
    }
    return progress;
  };

  const shrinkTopology = async (seeds: number): Promise<boolean> => {
    let progress = false;
    for (const kind of ['stores', 'dcs'] as const) {
      for (let index = best.scenario.topology[kind].length - 1; index >= 0 && best.scenario.topology[kind].length > 1; index--) {
        const nodes = best.scenario.topology[kind];
        const id = nodes[index]?.id ?? '?';
        progress = (await attempt(`drop node ${id}`, () => ({ scenario: { ...best.scenario, topology: { ...best.scenario.topology, [kind]: nodes.filter((_, i) => i !== index) } } }), seeds)) || progress;
      }
    }
    return progress;
  };

  /** Makes each remaining ratio fault rarer (denominator doubled), while the failure stays. */
  const shrinkRatios = async (seeds: number): Promise<boolean> => {
    let progress = false;
    for (const path of familyPaths(best.scenario)) {
      for (let doubling = 0; doubling < 4; doubling++) {
        const copy = structuredClone(best.scenario) as unknown as Record<string, unknown>;
        let value: unknown = copy;
        for (const key of path) value = (value as Record<string | number, unknown>)[key];
        const ratio = Array.isArray(value) ? value : value !== null && typeof value === 'object' && Array.isArray((value as { ratio?: unknown }).ratio) ? (value as { ratio: number[] }).ratio : undefined;
        if (ratio === undefined || typeof ratio[1] !== 'number' || ratio[1] > 1_000_000) break;
        const from = `${ratio[0]}/${ratio[1]}`;
        ratio[1] *= 2;
        if (!(await attempt(`${familyName(best.scenario, path)} ${from} -> ${ratio[0]}/${ratio[1]}`, () => ({ scenario: copy }), seeds))) break;
        progress = true;
      }
    }
    return progress;
  };

  // Fewer orders first: a trial costs about its order count, and the counts are tried smallest
  // first, so a 1,200-order incident costs a couple of full runs to get small (other seeds only
  // once trials are cheap). Then the fault plan, phases and workload with the seed as it is;
  // then all of it again with a few other seeds, and rarer faults last.
  const few = Math.min(seedTries, 6);
  const passes: (() => Promise<boolean>)[] = [
    () => shrinkOrders(seedTries),
    () => shrinkFamilies(0),
    () => shrinkPhases(0),
    () => shrinkWorkload(0),
    () => shrinkFamilies(few),
    () => shrinkPhases(few),
    () => shrinkTopology(few),
    () => shrinkOrders(seedTries * 2),
    () => shrinkRatios(seedTries),
  ];
  for (let round = 0; round < 4 && !outOfTime; round++) {
    let progress = false;
    for (const pass of passes) {
      progress = (await pass()) || progress;
      if (outOfTime) break;
    }
    if (!progress) break;
  }
  bestRun ??= await verify();
  return { target, before: first?.size ?? recordedSize, after: bestRun.size, smallest: best, result: bestRun.result, trials, steps, wallMs: Math.round(options.now() - startedMs), outOfTime };
}
