/**
 * Series colours that colour-blind readers can tell apart: the Okabe-Ito palette, whose eight
 * colours stay at least 15 CIE76 units apart under simulated protanopia, deuteranopia and
 * tritanopia (test/report/palette.test.ts checks it). A chart with more series than colours
 * hatches the next eight (areas) or dashes them (lines), so no two series ever look the same.
 */
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9', '#F0E442', '#000000'] as const;

export interface SeriesStyle {
  colour: string;
  /** Second round of the palette: hatched areas, dashed lines. */
  marked: boolean;
  /** What to put in `fill`: the colour, or the chart's hatch pattern for it. */
  fill: string;
}

const patternId = (chartId: string, i: number): string => `${chartId.replace(/[^a-zA-Z0-9-]/g, '_')}-hatch-${i}`;

/** The look of series `i` in chart `chartId`. */
export function seriesStyle(i: number, chartId: string): SeriesStyle {
  const colour = PALETTE[i % PALETTE.length] ?? '#000000';
  const marked = i >= PALETTE.length;
  return { colour, marked, fill: marked ? `url(#${patternId(chartId, i)})` : colour };
}

/** The hatch patterns a chart with `series` series needs (none up to eight), as SVG `<defs>`. */
export function patternDefs(chartId: string, series: number): string {
  const patterns: string[] = [];
  for (let i = PALETTE.length; i < series; i++) {
    const { colour } = seriesStyle(i, chartId);
    patterns.push(`<pattern id="${patternId(chartId, i)}" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#fff"/><rect width="3" height="6" fill="${colour}"/></pattern>`);
  }
  return patterns.length === 0 ? '' : `<defs>${patterns.join('')}</defs>`;
}

/** A legend swatch: a small square filled like the series (its hatch included). */
export function swatch(i: number, chartId: string): string {
  return `<svg class="swatch" width="12" height="12" viewBox="0 0 12 12" aria-hidden="true"><rect width="12" height="12" fill="${seriesStyle(i, chartId).fill}"/></svg>`;
}
