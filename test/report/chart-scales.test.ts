import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countTicks, histogram, lineChart } from '../../sim/report/html/svg.ts';

const HOUR_MS = 3_600_000;

describe('chart scales (d3-scale, d3-array)', () => {
  it('count axes: whole, evenly spaced ticks from 0 whose top holds the largest value', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), (max) => {
        const ticks = countTicks(max);
        expect(ticks[0]).toBe(0);
        expect(ticks.every((tick) => Number.isInteger(tick))).toBe(true);
        expect(ticks[ticks.length - 1]).toBeGreaterThanOrEqual(max);
        const steps = new Set(ticks.slice(1).map((tick, i) => tick - (ticks[i] as number)));
        expect(steps.size).toBeLessThanOrEqual(1);
        expect(ticks.length).toBeLessThanOrEqual(11);
      }),
    );
    expect(countTicks(303)).toEqual([0, 50, 100, 150, 200, 250, 300, 350]);
    expect(countTicks(5)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('histograms: bin edges at round hours, every sample in exactly one bar', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 200 * 60 }).map((minutes) => minutes * 60_000), { minLength: 1, maxLength: 200 }), (values) => {
        const svg = histogram(values, { id: 'h', format: (ms) => `${ms / HOUR_MS} h` });
        if (values.every((value) => value === values[0])) {
          // One value throughout: said in a sentence, not drawn as a lone bar.
          expect(svg).toContain(`<p>All ${values.length} at ${(values[0] as number) / HOUR_MS} h.</p>`);
          return;
        }
        const bars = [...svg.matchAll(/<title>([-\d.e]+) h - ([-\d.e]+) h: (\d+)<\/title>/g)].map((m) => ({ from: Number(m[1]), to: Number(m[2]), n: Number(m[3]) }));
        expect(bars.reduce((sum, bar) => sum + bar.n, 0)).toBe(values.length);
        const first = bars[0] as { from: number; to: number };
        for (const bar of bars.slice(0, -1)) expect(Math.abs(bar.to - bar.from - (first.to - first.from))).toBeLessThan(1e-9 * Math.max(1, first.to));
        // A round width: 1, 2 or 5 times a power of ten hours.
        const width = bars.length > 1 ? (bars[0] as { from: number; to: number }).to - (bars[0] as { from: number }).from : 1;
        const mantissa = width / 10 ** Math.floor(Math.log10(width) + 1e-9);
        expect([1, 2, 5].some((m) => Math.abs(mantissa - m) < 1e-6)).toBe(true);
      }),
    );
  });

  it('histograms in minutes: edges at round minutes', () => {
    const svg = histogram([60_000, 90_000, 150_000], { id: 'm', format: (ms) => `${ms / 60_000} min`, unitMs: 60_000 });
    const bars = [...svg.matchAll(/<title>([\d.]+) min - ([\d.]+) min: (\d+)<\/title>/g)];
    expect(bars.reduce((sum, bar) => sum + Number(bar[3]), 0)).toBe(3);
    for (const bar of bars.slice(0, -1)) expect(Number(bar[2]) - Number(bar[1])).toBeCloseTo(Number((bars[0] as RegExpMatchArray)[2]) - Number((bars[0] as RegExpMatchArray)[1]));
  });

  it('time axes: with the start of the run known, ticks fall on round UTC calendar times (midnight, noon, ...)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 1, max: 8 }), (startHour, days) => {
        const startEpochMs = Date.UTC(2026, 10, 2, startHour, 17);
        const points = Array.from({ length: 50 }, (_, i) => [(i * days * 24 * HOUR_MS) / 49, i] as const);
        const svg = lineChart([{ name: 's', points }], { id: 't', startEpochMs, xLabel: (x) => new Date(startEpochMs + x).toISOString() });
        const instants = [...svg.matchAll(/>(\d{4}-\d\d-\d\dT[\d:.]+Z)</g)].map((m) => new Date(m[1] as string));
        expect(instants.length).toBeGreaterThanOrEqual(3);
        for (const instant of instants) {
          expect(instant.getUTCMinutes()).toBe(0);
          // d3's UTC intervals over one to eight days: 3 h, 6 h, 12 h, a day or two.
          expect(instant.getUTCHours() % 3).toBe(0);
        }
      }),
    );
  });
});
