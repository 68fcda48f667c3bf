import type { GateJob, GateRole } from './gate-job.ts';

/** Run `index` of every `count` runs: CI runner `index` of `count` takes every count-th run. */
export interface Shard {
  index: number;
  count: number;
}

export interface GatePlanInput {
  scenarios: readonly string[];
  seeds: number;
  /** Seed numbers start here (1 by default), so seeds are the same on every machine. */
  firstSeed?: number;
  orders?: number;
  /** Regression seeds: incident files always included, whatever --scenarios says. */
  incidents: readonly string[];
  shard?: Shard;
  candidate: string;
  baseline?: string;
  /** How many runs to repeat for the determinism self-check. */
  recheck: number;
}

export interface GatePlan {
  /** Candidate runs, then (with a baseline) the same runs on the baseline. */
  runs: GateJob[];
  rechecks: GateJob[];
}

function seedJob(scenario: string, seed: number, orders: number | undefined, plugin: string, role: GateRole): GateJob {
  return { id: `${scenario}#${seed}`, scenarioRef: scenario, seed, ...(orders === undefined ? {} : { orders }), plugin, role, purpose: 'run' };
}

function incidentJob(path: string, plugin: string, role: GateRole): GateJob {
  // The incident's own seed is read from the file by the worker; 0 here only orders the list.
  return { id: `incident:${path}`, incidentPath: path, seed: 0, plugin, role, purpose: 'run' };
}

/**
 * Picks runs spread over the plan: the first of each scenario, then evenly spaced others. A
 * mismatch anywhere means module state leaks between runs or something reads the wall clock.
 */
export function pickRechecks(runs: readonly GateJob[], count: number): GateJob[] {
  if (count <= 0 || runs.length === 0) return [];
  const chosen = new Map<string, GateJob>();
  for (const run of runs) {
    const key = run.scenarioRef ?? run.id;
    if (!chosen.has(key) && chosen.size < count) chosen.set(key, run);
  }
  const stride = Math.max(1, Math.floor(runs.length / count));
  for (let index = stride - 1; index < runs.length && chosen.size < count; index += stride) {
    const run = runs[index];
    if (run !== undefined && ![...chosen.values()].includes(run)) chosen.set(run.id, run);
  }
  return [...chosen.values()].map((run) => ({ ...run, purpose: 'recheck' }));
}

/** Scenarios × seeds (and the regression incidents), split deterministically by shard. */
export function planGate(input: GatePlanInput): GatePlan {
  const firstSeed = input.firstSeed ?? 1;
  const all: GateJob[] = [];
  for (const scenario of input.scenarios) {
    for (let seed = firstSeed; seed < firstSeed + input.seeds; seed++) all.push(seedJob(scenario, seed, input.orders, input.candidate, 'candidate'));
  }
  for (const incident of input.incidents) all.push(incidentJob(incident, input.candidate, 'candidate'));
  const shard = input.shard;
  const mine = shard === undefined ? all : all.filter((_, index) => index % shard.count === shard.index - 1);
  const baseline = input.baseline;
  const baselineRuns = baseline === undefined ? [] : mine.map((job) => ({ ...job, plugin: baseline, role: 'baseline' as const }));
  return { runs: [...mine, ...baselineRuns], rechecks: pickRechecks(mine, input.recheck) };
}

/** Parses `i/n` (1-based): `--shard 2/4` is the second of four runners. */
export function parseShard(text: string): Shard | string {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (match === null) return `--shard expects "i/n" such as 1/4, got "${text}"`;
  const index = Number(match[1]);
  const count = Number(match[2]);
  if (count < 1 || index < 1 || index > count) return `--shard expects 1 <= i <= n, got "${text}"`;
  return { index, count };
}
