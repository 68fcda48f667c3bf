import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseShard, pickRechecks, planGate } from '../../sim/gate/gate-plan.ts';

const scenarioNames = fc.uniqueArray(fc.constantFrom('baseline', 'pos-timeouts', 'store-outage', 'swarm', 'holiday-spike'), { minLength: 1, maxLength: 5 });

describe('gate plan', () => {
  it('runs every scenario × seed once, then the regression incidents', () => {
    const plan = planGate({ scenarios: ['baseline', 'swarm'], seeds: 2, incidents: ['scenarios/incidents/a.json'], candidate: 'reference', recheck: 0 });
    expect(plan.runs.map((job) => job.id)).toEqual(['baseline#1', 'baseline#2', 'swarm#1', 'swarm#2', 'incident:scenarios/incidents/a.json']);
    expect(plan.runs.every((job) => job.role === 'candidate' && job.plugin === 'reference' && job.purpose === 'run')).toBe(true);
    expect(plan.rechecks).toEqual([]);
  });

  it('splits the runs across n shards: every run in exactly one shard, the same split on every machine', () => {
    fc.assert(
      fc.property(scenarioNames, fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 12 }), (scenarios, seeds, count) => {
        const whole = planGate({ scenarios, seeds, incidents: ['i1.json', 'i2.json'], candidate: 'reference', recheck: 0 }).runs.map((job) => job.id);
        const shards = Array.from({ length: count }, (_, index) => planGate({ scenarios, seeds, incidents: ['i1.json', 'i2.json'], candidate: 'reference', recheck: 0, shard: { index: index + 1, count } }).runs.map((job) => job.id));
        expect(shards.flat().sort()).toEqual([...whole].sort());
        expect(new Set(shards.flat()).size).toBe(whole.length);
        // Balanced: no shard has more than one run over another.
        const sizes = shards.map((shard) => shard.length);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('runs the baseline on exactly the candidate’s jobs', () => {
    fc.assert(
      fc.property(scenarioNames, fc.integer({ min: 1, max: 10 }), (scenarios, seeds) => {
        const plan = planGate({ scenarios, seeds, incidents: [], candidate: 'cand.ts', baseline: 'base.ts', recheck: 0, shard: { index: 1, count: 2 } });
        const candidate = plan.runs.filter((job) => job.role === 'candidate');
        const baseline = plan.runs.filter((job) => job.role === 'baseline');
        expect(baseline.map((job) => job.id)).toEqual(candidate.map((job) => job.id));
        expect(baseline.every((job) => job.plugin === 'base.ts')).toBe(true);
        expect(candidate.every((job) => job.plugin === 'cand.ts')).toBe(true);
      }),
    );
  });

  it('re-checks at most the asked number of distinct runs, covering each scenario first', () => {
    fc.assert(
      fc.property(scenarioNames, fc.integer({ min: 1, max: 20 }), fc.integer({ min: 0, max: 50 }), (scenarios, seeds, recheck) => {
        const plan = planGate({ scenarios, seeds, incidents: [], candidate: 'reference', recheck });
        const ids = plan.rechecks.map((job) => job.id);
        expect(ids.length).toBe(Math.min(recheck, plan.runs.length));
        expect(new Set(ids).size).toBe(ids.length);
        expect(plan.rechecks.every((job) => job.purpose === 'recheck' && plan.runs.some((run) => run.id === job.id))).toBe(true);
        if (recheck >= scenarios.length) expect(new Set(plan.rechecks.map((job) => job.scenarioRef))).toEqual(new Set(scenarios));
      }),
    );
    expect(pickRechecks([], 3)).toEqual([]);
  });

  it('reads --shard i/n and names what was wrong otherwise', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    expect(parseShard('0/4')).toBe('--shard expects 1 <= i <= n, got "0/4"');
    expect(parseShard('5/4')).toBe('--shard expects 1 <= i <= n, got "5/4"');
    expect(parseShard('half')).toBe('--shard expects "i/n" such as 1/4, got "half"');
  });
});
