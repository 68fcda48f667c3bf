/**
 * The live env: a simulated clock running `speed` times the wall, actions never run before their
 * time (so a daily job that rebooks itself from nowMs() cannot run twice), random streams forked
 * as the simulation forks them, and stop() leaving nothing behind.
 */
import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../sim/kernel/random.ts';
import { LiveEnvError, RealTimeEnv, formatTraceLine, type LiveTraceRecord } from '../../sim/live/real-time-env.live.ts';

const START_MS = Date.parse('2026-11-03T07:59:50Z');

function env(speed: number, onError: (label: string, error: unknown) => void = () => undefined, onTrace: (record: LiveTraceRecord) => void = () => undefined): RealTimeEnv {
  return new RealTimeEnv({ seed: 9, startEpochMs: START_MS, speed, onTrace, onError });
}

function wait(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

describe('RealTimeEnv', () => {
  it('starts at the start instant and runs `speed` times as fast as the wall', async () => {
    // Bracketed by the wall clock on both sides, so a busy machine (a late timer, a GC pause)
    // widens the bounds instead of failing the test.
    const created = performance.now();
    const live = env(100);
    const first = { before: performance.now(), at: live.nowMs(), after: 0 };
    first.after = performance.now();
    expect(first.at - START_MS).toBeGreaterThanOrEqual(0);
    expect(first.at - START_MS).toBeLessThanOrEqual(Math.ceil((first.after - created) * 100));
    await wait(50);
    const second = { before: performance.now(), at: live.nowMs(), after: 0 };
    second.after = performance.now();
    expect(second.at - first.at).toBeGreaterThanOrEqual(Math.floor((second.before - first.after) * 100));
    expect(second.at - first.at).toBeLessThanOrEqual(Math.ceil((second.after - first.before) * 100));
    expect(second.at - first.at).toBeGreaterThanOrEqual(4_500);
  });

  it('never runs an action before its simulated time, and runs them in (time, booking) order', async () => {
    // Real time: booking these takes far less than the 2 ms that separate any two due times.
    const live = env(1);
    const late: number[] = [];
    const order: string[] = [];
    const booked: { name: string; dueMs: number }[] = [];
    const jobs: [string, number][] = [['50', 50], ['2', 2], ['15a', 15], ['20', 20], ['5', 5], ['15b', 15], ['0', 0], ['43', 43], ['8', 8], ['30', 30]];
    await new Promise<void>((resolve) => {
      let left = jobs.length;
      for (const [name, delayMs] of jobs) {
        const dueMs = live.nowMs() + delayMs;
        booked.push({ name, dueMs });
        live.schedule(`job ${name}`, delayMs, () => {
          late.push(live.nowMs() - dueMs);
          order.push(name);
          left -= 1;
          if (left === 0) resolve();
        });
      }
    });
    expect(Math.min(...late)).toBeGreaterThanOrEqual(0);
    // By due time, then booking order: on a loaded machine booking itself can take milliseconds,
    // so the order is judged on the due times the bookings really got, not on the delays alone.
    expect(order).toEqual([...booked].sort((a, b) => a.dueMs - b.dueMs).map((job) => job.name));
  });

  it('keeps time order even when many actions fall within one real millisecond', async () => {
    // 50 simulated seconds apart is half a real millisecond apart: one timer tick holds them all.
    // Each delay counts from its own booking, and the real clock moves between bookings (more so on
    // a busy machine), so the expected order is computed from when each was booked, not assumed.
    const live = env(100_000);
    const seen: string[] = [];
    const booked: { name: string; dueMs: number; seq: number }[] = [];
    await new Promise<void>((resolve) => {
      const book = (name: string, delayMs: number): void => {
        booked.push({ name, dueMs: live.nowMs() + delayMs, seq: booked.length });
        live.schedule(name, delayMs, () => {
          seen.push(name);
          if (seen.length === 4) resolve();
        });
      };
      book('first booked, due last', 150_000);
      for (const delayMs of [100_000, 50_000, 0]) book(`due ${delayMs}`, delayMs);
    });
    const expected = [...booked].sort((a, b) => a.dueMs - b.dueMs || a.seq - b.seq).map((entry) => entry.name);
    expect(seen).toEqual(expected);
  });


  it('hands each fake the streams the simulation would: `<source>.<name>` from the seed', () => {
    const live = env(1);
    const expected = new RandomStreams(9).stream('wms.DC1.skippedNights');
    const stream = live.fake('wms').random('DC1.skippedNights');
    expect([stream.next(), stream.next(), stream.int(1000)]).toEqual([expected.next(), expected.next(), expected.int(1000)]);
  });

  it('traces what a fake records, with its source and the simulated instant', () => {
    const records: LiveTraceRecord[] = [];
    const live = env(1, undefined, (record) => records.push(record));
    live.fake('pos').trace.record('pos.hold.created', 'FO-1:1', 'S1 H-S1-1 SKU-1x1 SHIP');
    expect(records).toHaveLength(1);
    expect(formatTraceLine(records[0] as LiveTraceRecord)).toMatch(/^2026-11-03T07:59:5\d\.\d{3}Z pos pos\.hold\.created FO-1:1 S1 H-S1-1 SKU-1x1 SHIP$/);
  });

  it('reports an action that throws and goes on with the others', async () => {
    const errors: string[] = [];
    const live = env(1_000, (label, error) => errors.push(`${label}: ${(error as Error).message}`));
    let ran = false;
    live.schedule('bad job', 10, () => {
      throw new Error('boom');
    });
    live.schedule('good job', 20, () => {
      ran = true;
    });
    await wait(60);
    expect(errors).toEqual(['bad job: boom']);
    expect(ran).toBe(true);
  });

  it('a job, or an answer to a request, happens at one instant, as in simulation', async () => {
    const live = env(1_000);
    const readings: number[] = [];
    const busy = (): void => {
      const until = performance.now() + 3;
      while (performance.now() < until);
    };
    live.schedule('snapshot job', 0, () => {
      readings.push(live.nowMs());
      busy();
      readings.push(live.nowMs());
    });
    await wait(30);
    const answered = live.atOneInstant(() => {
      const first = live.nowMs();
      busy();
      return [first, live.nowMs()];
    });
    expect(readings).toHaveLength(2);
    expect(readings[1]).toBe(readings[0]);
    expect(answered[1]).toBe(answered[0]);
    // Outside one, the clock moves: 3 real ms are 3 simulated seconds at 1,000x.
    const before = live.nowMs();
    busy();
    expect(live.nowMs()).toBeGreaterThanOrEqual(before + 3_000);
  });

  it('stop() cancels everything booked; nothing runs afterwards', async () => {
    const live = env(1_000);
    let ran = 0;
    for (let i = 0; i < 5; i += 1) live.schedule('job', 20, () => (ran += 1));
    expect(live.pending).toBe(5);
    live.stop();
    live.schedule('after stop', 0, () => (ran += 1));
    await wait(60);
    expect(ran).toBe(0);
    expect(live.pending).toBe(0);
  });

  it.each([0, -1, Number.NaN, 2_000_000])('refuses speed %s', (speed) => {
    expect(() => env(speed)).toThrow(LiveEnvError);
  });
});
