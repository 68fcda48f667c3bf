import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SimKernel } from '../../sim/kernel/kernel.ts';
import { RandomStreams } from '../../sim/kernel/random.ts';
import { CrashEveryTooSmallError, CrashSchedule, type CrashSettings } from '../../sim/world/crash-schedule.ts';
import type { Scenario } from '../../sim/world/scenario-schema.ts';

const MINUTE_MS = 60_000;

interface Crash {
  atEvent: number;
  atMs: number;
  restartDelayMs: number;
}

/**
 * A kernel ticking once a simulated minute for `hours`, asking the schedule between events as the
 * world does; a crash restarts after its delay (or never, with `restart: false`).
 */
async function tick(settings: CrashSettings, hours: number, restart = true, seed = 3): Promise<{ crashes: Crash[]; schedule: CrashSchedule }> {
  const kernel = new SimKernel({ seed, startEpochMs: 0 });
  const crashes: Crash[] = [];
  const schedule: CrashSchedule = new CrashSchedule(kernel, settings, (restartDelayMs) => {
    crashes.push({ atEvent: kernel.eventsExecuted, atMs: kernel.elapsedMs, restartDelayMs });
    // As the world does: a process that crashed again before it was up restarts only from the last crash.
    const generation = crashes.length;
    if (restart) kernel.schedule('restart', restartDelayMs, () => generation === crashes.length && schedule.restarted());
  });
  const step = (): void => void kernel.schedule('tick', MINUTE_MS, step);
  step();
  await kernel.run({ untilMs: hours * 60 * MINUTE_MS, maxEvents: 1_000_000, shouldStop: () => (schedule.betweenEvents(), false) });
  return { crashes, schedule };
}

function scenarioWith(crashes: Scenario['crashes'], workloadHours = 2): Scenario {
  return { phases: { workloadHours, healHours: 1, convergenceHours: 1 }, ...(crashes === undefined ? {} : { crashes }) } as Scenario;
}

describe('crash schedule', () => {
  it('--crash-every crashes after every n-th event of the safety phase, and never after it', async () => {
    const { crashes, schedule } = await tick({ scenario: scenarioWith(undefined, 1), crashEveryEvents: 10, restartDelayMs: 5_000 }, 3);
    expect(crashes.length).toBeGreaterThan(0);
    for (const crash of crashes) {
      expect(crash.atEvent % 10).toBe(0);
      expect(crash.atMs).toBeLessThan(60 * MINUTE_MS);
      expect(crash.restartDelayMs).toBe(5_000);
    }
    expect(schedule.crashes).toBe(crashes.length);
  });

  it('--crash-every below a restart\'s cost is refused once 20 crashes in a row came before a restart, and only then', async () => {
    // Ticks every minute and restarts after an hour: every 10th tick comes before the restart.
    const tooSmall = tick({ scenario: scenarioWith(undefined, 100), crashEveryEvents: 10, restartDelayMs: 60 * MINUTE_MS }, 100);
    await expect(tooSmall).rejects.toThrow(CrashEveryTooSmallError);
    await expect(tooSmall).rejects.toThrow(/^--crash-every 10: 20 crashes in a row came before the orchestrator had restarted/);
    // A restart shorter than n events: never refused, however many crashes.
    const { crashes } = await tick({ scenario: scenarioWith(undefined, 100), crashEveryEvents: 10, restartDelayMs: 5 * MINUTE_MS }, 100);
    expect(crashes.length).toBeGreaterThan(500);
  });

  it('never crashes a process that is already down: the scenario\'s triggers wait for the restart', async () => {
    const { crashes } = await tick({ scenario: scenarioWith({ everyEvents: 5, restartDelaySeconds: { min: 60, max: 60 } }) }, 2, false);
    expect(crashes).toHaveLength(1);
    const restarting = await tick({ scenario: scenarioWith({ everyEvents: 5, restartDelaySeconds: { min: 1_200, max: 1_200 } }) }, 2);
    // Down for 20 minutes after each crash: the next one is the first multiple of 5 after the restart.
    const times = restarting.crashes.map((crash) => crash.atMs);
    expect(times.length).toBeGreaterThan(2);
    for (const crash of restarting.crashes) expect(crash.atEvent % 5).toBe(0);
    for (let index = 1; index < times.length; index++) {
      const gap = (times[index] as number) - (times[index - 1] as number);
      expect(gap).toBeGreaterThanOrEqual(20 * MINUTE_MS);
      expect(gap).toBeLessThanOrEqual(26 * MINUTE_MS);
    }
  });

  it('draws each restart delay from the world.crashes.restart stream of the seed, one draw a crash, within the range', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 1, max: 600 }), fc.integer({ min: 0, max: 600 }), async (seed, min, spread) => {
        const settings = { scenario: scenarioWith({ perEventRatio: [1, 7], restartDelaySeconds: { min, max: min + spread } }) };
        const { crashes } = await tick(settings, 2, true, seed);
        expect(crashes.length).toBeGreaterThan(0);
        const stream = new RandomStreams(seed).stream('world.crashes.restart');
        expect(crashes.map((crash) => crash.restartDelayMs)).toEqual(crashes.map(() => stream.between(min, min + spread) * 1000));
      }),
      { numRuns: 20 },
    );
  });

  it('crashes right after a command when perCommandRatio says so, never while down and never after the safety phase', async () => {
    const kernel = new SimKernel({ seed: 1, startEpochMs: 0 });
    const down: number[] = [];
    const schedule = new CrashSchedule(kernel, { scenario: scenarioWith({ perCommandRatio: [1, 1], restartDelaySeconds: { min: 60, max: 60 } }, 1) }, () => down.push(kernel.elapsedMs));
    const command = (atMs: number): void => void kernel.scheduleAt('command', atMs, () => schedule.afterCommand());
    command(1_000);
    command(2_000); // still down: no second crash
    kernel.scheduleAt('restarted', 3_000, () => schedule.restarted());
    command(4_000);
    command(2 * 60 * MINUTE_MS); // after the safety phase
    await kernel.run({ untilMs: 3 * 60 * MINUTE_MS, maxEvents: 100 });
    expect(down).toEqual([1_000, 4_000]);
    expect(schedule.crashesMidCommand).toBe(2);
    expect(schedule.crashes).toBe(2);
  });
});
