import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describePlan, plannedFaults } from '../../sim/world/fault-plan.ts';
import { loadScenario, validateScenario } from '../../sim/world/scenario-loader.node.ts';
import { drawSwarm } from '../../sim/world/swarm.ts';

const { scenario: swarm } = loadScenario('swarm');
const planOf = (seed: number): string[] => describePlan(plannedFaults(drawSwarm(swarm, seed)));
const seed = fc.integer({ min: 0, max: 2 ** 32 - 1 });
/** The base scenario's own plan, drawn for every seed (the register clock skew). */
const basePlan = describePlan(plannedFaults({ ...swarm, swarm: undefined }));

describe('swarm: a fault plan drawn per seed from the profile', () => {
  it('draws the same plan for the same seed (property)', () => {
    fc.assert(
      fc.property(seed, (s) => {
        expect(drawSwarm(swarm, s)).toEqual(drawSwarm(swarm, s));
      }),
    );
  });

  it('draws different plans for different seeds (property)', () => {
    fc.assert(
      fc.property(seed, seed, (a, b) => {
        fc.pre(a !== b);
        expect(planOf(a)).not.toEqual(planOf(b));
      }),
    );
  });

  it('switches on between faults.min and faults.max candidates, each within its range, as a valid scenario (property)', () => {
    const candidates = swarm.swarm?.candidates ?? {};
    fc.assert(
      fc.property(seed, (s) => {
        const concrete = drawSwarm(swarm, s);
        expect(concrete.swarm).toBeUndefined();
        expect(() => validateScenario(JSON.parse(JSON.stringify(concrete)), `swarm seed ${s}`)).not.toThrow();
        const drawn = plannedFaults(concrete).filter((fault) => !basePlan.some((line) => line.startsWith(`${fault.name} `)));
        expect(drawn.length).toBeGreaterThanOrEqual(swarm.swarm?.faults.min ?? 0);
        // crashMidCommand brings the channel's re-send with it.
        expect(drawn.filter((fault) => fault.name !== 'channel.resendUnanswered').length).toBeLessThanOrEqual(swarm.swarm?.faults.max ?? 0);
        for (const fault of drawn) {
          if (fault.name === 'channel.resendUnanswered') continue;
          const range = candidates[fault.name]?.oneIn;
          expect(candidates[fault.name], fault.name).toBeDefined();
          const ratio = /^1\/(\d+)/.exec(fault.detail);
          if (range !== undefined && ratio !== null) expect(Number(ratio[1])).toSatisfy((n: number) => n >= range.min && n <= range.max);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('leaves a scenario without a profile as it is', () => {
    const { scenario } = loadScenario('pos-timeouts');
    expect(drawSwarm(scenario, 7)).toBe(scenario);
  });
});
