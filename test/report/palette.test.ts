import { describe, expect, it } from 'vitest';
import { PALETTE, patternDefs, seriesStyle, STYLES } from '../../sim/report/html/palette.ts';
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

  it('past eight series, hatches areas (then the other way) and dashes lines (then dots): 24 series all look different', () => {
    const looks = Array.from({ length: STYLES }, (_, i) => seriesStyle(i, 'c'));
    expect(new Set(looks.map((look) => look.fill)).size).toBe(STYLES);
    expect(new Set(looks.map((look) => `${look.colour}|${look.dash}`)).size).toBe(STYLES);
    expect(patternDefs('c', [0, 7])).toBe('');
    expect(patternDefs('c', [3, 9, 17, 9]).match(/<pattern /g)).toHaveLength(2);
    const series = Array.from({ length: 18 }, (_, i) => ({ name: `s${i}`, points: [[0, i], [1, i + 1]] as const }));
    const stacked = lineChart(series, { id: 'many', xLabel: String, stacked: true });
    expect(stacked).toContain('fill="url(#many-hatch-9)"');
    expect(stacked).toContain('<pattern id="many-hatch-9"');
    expect(stacked).toContain('<pattern id="many-hatch-17" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(-45)">');
    const lines = lineChart(series, { id: 'many-lines', xLabel: String });
    expect(lines.match(/stroke-dasharray="6 3"/g)).toHaveLength(8);
    expect(lines.match(/stroke-dasharray="1.5 2.5"/g)).toHaveLength(2);
  });

  it('a series with its own style keeps it whatever else the chart holds', () => {
    const alone = lineChart([{ name: 'B', style: 5, points: [[0, 1], [1, 2]] }], { id: 'x', xLabel: String });
    const among = lineChart([{ name: 'A', style: 0, points: [[0, 1], [1, 2]] }, { name: 'B', style: 5, points: [[0, 1], [1, 2]] }], { id: 'x', xLabel: String });
    const colourOfB = (svg: string): string | undefined => /stroke="(#[0-9A-F]{6})"[^>]*><title>B</.exec(svg)?.[1];
    expect(colourOfB(alone)).toBe(PALETTE[5]);
    expect(colourOfB(among)).toBe(PALETTE[5]);
  });
});
