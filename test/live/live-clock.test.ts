import { describe, expect, it } from 'vitest';
import { LiveClock, wallNowMs } from '../../sim/live/live-clock.live.ts';

describe('LiveClock: one sped-up timeline that separate processes share', () => {
  it('two clocks made from the same numbers read the same timeline (a restarted process continues it)', () => {
    const spec = { startEpochMs: Date.parse('2026-11-03T00:00:00Z'), originWallMs: wallNowMs() - 1_000, speed: 240 };
    const first = new LiveClock(spec);
    const before = first.nowMs();
    const restarted = new LiveClock({ ...spec });
    const between = restarted.nowMs();
    const after = first.nowMs();
    // Bracketed, so it holds however loaded the machine is.
    expect(before).toBeLessThanOrEqual(between);
    expect(between).toBeLessThanOrEqual(after);
    // A second of wall time at 240x: at least four simulated minutes since the start.
    expect(before - spec.startEpochMs).toBeGreaterThanOrEqual(240_000);
  });

  it('scales simulated durations to real ones by its speed', () => {
    const clock = new LiveClock({ startEpochMs: 0, originWallMs: wallNowMs(), speed: 60 });
    expect(clock.realMs(60_000)).toBe(1_000);
    expect(clock.realMs(0)).toBe(0);
  });
});
