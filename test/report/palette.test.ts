import { describe, expect, it } from 'vitest';
import { PALETTE, patternDefs, seriesStyle } from '../../sim/report/html/palette.ts';
import { lineChart } from '../../sim/report/html/svg.ts';
import { DEFICIENCIES, distance, seenAs } from './colour-vision.ts';

describe('the charts\' palette', () => {
  it('keeps every pair of series colours apart for colour-blind readers (CIE76 >= 15 under each simulated deficiency)', () => {
    for (const [name, matrix] of Object.entries(DEFICIENCIES)) {
      for (let i = 0; i < PALETTE.length; i++) {
        for (let j = i + 1; j < PALETTE.length; j++) {
          const apart = distance(seenAs(PALETTE[i] as string, matrix), seenAs(PALETTE[j] as string, matrix));
          expect(apart, `${name}: ${PALETTE[i]} and ${PALETTE[j]}`).toBeGreaterThanOrEqual(15);
        }
      }
    }
  });

  it('the check itself tells colours that collapse: red and green look alike without red cones', () => {
    const [red, green] = ['#D62728', '#2CA02C'];
    expect(distance(seenAs(red, DEFICIENCIES.normal), seenAs(green, DEFICIENCIES.normal))).toBeGreaterThan(50);
    expect(distance(seenAs(red, DEFICIENCIES.deuteranopia), seenAs(green, DEFICIENCIES.deuteranopia))).toBeLessThan(15);
  });

  it('past eight series, hatches areas and dashes lines, so no two series of a chart look the same', () => {
    const looks = Array.from({ length: 16 }, (_, i) => seriesStyle(i, 'c'));
    expect(new Set(looks.map((look) => `${look.fill}|${look.marked}`)).size).toBe(16);
    expect(patternDefs('c', 8)).toBe('');
    expect(patternDefs('c', 10).match(/<pattern /g)).toHaveLength(2);
    const series = Array.from({ length: 10 }, (_, i) => ({ name: `s${i}`, points: [[0, i], [1, i + 1]] as const }));
    const stacked = lineChart(series, { id: 'many', xLabel: String, stacked: true });
    expect(stacked).toContain('fill="url(#many-hatch-9)"');
    expect(stacked).toContain('<pattern id="many-hatch-9"');
    const lines = lineChart(series, { id: 'many-lines', xLabel: String });
    expect(lines.match(/stroke-dasharray/g)).toHaveLength(2);
  });
});
