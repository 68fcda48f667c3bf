import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { utcIso, utcIsoSeconds } from '../../legacy-fakes/iso-format.ts';
import { fuzzRuns } from '../fuzz-runs.ts';

/** What Date writes, or the name of what it throws. */
function dateIso(epochMs: number): string {
  try {
    return new Date(epochMs).toISOString();
  } catch (error) {
    return (error as Error).name;
  }
}

function attempt(format: (epochMs: number) => string, epochMs: number): string {
  try {
    return format(epochMs);
  } catch (error) {
    return (error as Error).name;
  }
}

describe('utcIso and utcIsoSeconds', () => {
  it('write what toISOString writes (and its first 19 characters) for any whole millisecond a Date holds', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: -8.64e15, max: 8.64e15 }), fc.integer({ min: Date.UTC(1969, 0, 1), max: Date.UTC(2100, 0, 1) })), (epochMs) => {
        expect(utcIso(epochMs)).toBe(dateIso(epochMs));
        expect(utcIsoSeconds(epochMs)).toBe(dateIso(epochMs).slice(0, 19));
      }),
      { numRuns: fuzzRuns(5_000) },
    );
  });

  it('agree at the edges: year and day boundaries, far years, fractions, and instants no Date holds', () => {
    const edges = [0, -1, 1, 999, -999, 86_399_999, 86_400_000, Date.UTC(2026, 10, 1, 7), Date.parse('0000-01-01T00:00:00Z'), Date.parse('0000-01-01T00:00:00Z') - 1];
    edges.push(Date.parse('9999-12-31T23:59:59.999Z'), Date.parse('9999-12-31T23:59:59.999Z') + 1, 8.64e15, -8.64e15, 8.64e15 + 1, 1.5, -0.5, Number.NaN, Number.POSITIVE_INFINITY);
    for (const epochMs of edges) {
      expect(attempt(utcIso, epochMs)).toBe(dateIso(epochMs));
      const seconds = dateIso(epochMs);
      expect(attempt(utcIsoSeconds, epochMs)).toBe(seconds === 'RangeError' ? seconds : seconds.slice(0, 19));
    }
  });
});
