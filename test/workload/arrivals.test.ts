import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../sim/kernel/random.ts';
import { ArrivalSchedule } from '../../sim/workload/arrivals.ts';
import type { ArrivalShape } from '../../sim/workload/arrival-shape.ts';

const HOUR_MS = 3_600_000;
/** 2026-11-26T06:00Z: midnight in Chicago, the day before Black Friday. */
const START = Date.UTC(2026, 10, 26, 6);
const FLAT: ArrivalShape = { timeZone: 'America/Chicago', hourlyWeights: Array.from({ length: 24 }, () => 1), peakDays: [], bursts: [] };

function drain(schedule: ArrivalSchedule): number[] {
  const times: number[] = [];
  for (let at = schedule.next(); at !== undefined; at = schedule.next()) times.push(at);
  return times;
}

describe('ArrivalSchedule', () => {
  it('emits exactly N arrivals, in order, inside the window, for any seed and size', () => {
    fc.assert(
      fc.property(fc.nat(1_000_000), fc.integer({ min: 1, max: 400 }), fc.integer({ min: 1, max: 96 }), (seed, count, hours) => {
        const times = drain(new ArrivalSchedule(new RandomStreams(seed).stream('a'), count, START, hours * HOUR_MS, FLAT));
        expect(times).toHaveLength(count);
        for (let i = 1; i < times.length; i++) expect(times[i] as number).toBeGreaterThanOrEqual(times[i - 1] as number);
        expect(Math.min(...times)).toBeGreaterThanOrEqual(0);
        expect(Math.max(...times)).toBeLessThan(hours * HOUR_MS);
      }),
      { numRuns: 60 },
    );
  });

  it('puts about six times the orders on a 6x peak day, and the peak hour above the rest', () => {
    const shape: ArrivalShape = { ...FLAT, peakDays: [{ date: '2026-11-27', factor: 6, peakHour: 20, peakFactor: 10 }] };
    const times = drain(new ArrivalSchedule(new RandomStreams(7).stream('a'), 20_000, START, 48 * HOUR_MS, shape));
    const blackFriday = times.filter((at) => at >= 24 * HOUR_MS).length;
    const before = times.length - blackFriday;
    expect(blackFriday / before).toBeGreaterThan(5.5);
    expect(blackFriday / before).toBeLessThan(6.6);
    const peakHour = times.filter((at) => at >= 44 * HOUR_MS && at < 45 * HOUR_MS).length;
    const otherHour = times.filter((at) => at >= 43 * HOUR_MS && at < 44 * HOUR_MS).length;
    expect(peakHour / otherHour).toBeGreaterThan(1.4);
  });

  it('packs a flash burst into its minutes', () => {
    const shape: ArrivalShape = { ...FLAT, bursts: [{ atHour: 5, minutes: 10, factor: 40 }] };
    const times = drain(new ArrivalSchedule(new RandomStreams(3).stream('a'), 10_000, START, 24 * HOUR_MS, shape));
    const inBurst = times.filter((at) => at >= 5 * HOUR_MS && at < 5 * HOUR_MS + 600_000).length;
    const sameLengthLater = times.filter((at) => at >= 6 * HOUR_MS && at < 6 * HOUR_MS + 600_000).length;
    expect(inBurst / sameLengthLater).toBeGreaterThan(25);
  });

  it('draws the same arrivals for the same seed', () => {
    const a = drain(new ArrivalSchedule(new RandomStreams(11).stream('a'), 300, START, 24 * HOUR_MS, FLAT));
    const b = drain(new ArrivalSchedule(new RandomStreams(11).stream('a'), 300, START, 24 * HOUR_MS, FLAT));
    expect(b).toEqual(a);
  });
});
