import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../sim/kernel/clock.ts';

/** A real calendar instant (2024-11-29T00:00:00Z, a Black Friday) and arbitrary ones around it. */
const BLACK_FRIDAY_MS = Date.UTC(2024, 10, 29);
const startArb = fc.oneof(fc.constant(BLACK_FRIDAY_MS), fc.integer({ min: 0, max: 4_102_444_800_000 }));

/** Offsets drawn from a small range so repeats and backward steps are frequent. */
const targetsArb = fc.array(fc.oneof(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 2 ** 40 })), {
  maxLength: 100,
});

describe('VirtualClock', () => {
  it('starts at the start instant with nothing elapsed', () => {
    fc.assert(
      fc.property(startArb, (start) => {
        const clock = new VirtualClock(start);
        expect(clock.elapsedMs).toBe(0);
        expect(clock.nowMs()).toBe(start);
        expect(clock.startEpochMs).toBe(start);
      }),
    );
  });

  it('never goes back: elapsedMs is the running max of accepted targets, backward calls throw, nowMs = start + elapsed', () => {
    fc.assert(
      fc.property(startArb, targetsArb, (start, targets) => {
        const clock = new VirtualClock(start);
        let modelElapsedMs = 0;
        for (const target of targets) {
          if (target < modelElapsedMs) {
            expect(() => clock.advanceTo(target)).toThrow(
              `virtual clock cannot go back: at ${modelElapsedMs} ms, asked for ${target} ms`,
            );
          } else {
            clock.advanceTo(target);
            modelElapsedMs = target;
          }
          expect(clock.elapsedMs).toBe(modelElapsedMs);
          expect(clock.nowMs()).toBe(start + modelElapsedMs);
        }
      }),
    );
  });

  it('accepts advancing to the current instant (a no-op)', () => {
    const clock = new VirtualClock(BLACK_FRIDAY_MS);
    clock.advanceTo(10);
    clock.advanceTo(10);
    expect(clock.elapsedMs).toBe(10);
  });

  it('rejects a start instant that is not an integer', () => {
    for (const start of [1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => new VirtualClock(start)).toThrow(RangeError);
    }
  });

  it('rejects NaN, so time cannot go back afterwards', () => {
    const clock = new VirtualClock(BLACK_FRIDAY_MS);
    clock.advanceTo(1000);
    expect(() => clock.advanceTo(Number.NaN)).toThrow();
    expect(() => clock.advanceTo(5)).toThrow(/cannot go back/);
    expect(clock.elapsedMs).toBe(1000);
  });

  it('rejects non-integer targets', () => {
    const clock = new VirtualClock(BLACK_FRIDAY_MS);
    expect(() => clock.advanceTo(1.5)).toThrow();
  });
});
