/**
 * Series colours that colour-blind readers can tell apart: the Okabe-Ito palette, whose eight
 * colours stay at least 15 CIE76 units apart under simulated protanopia, deuteranopia and
 * tritanopia (test/report/palette.test.ts checks it). Past eight, each colour comes back marked:
 * hatched one way, then the other, for areas; dashed, then dotted, for lines. So up to
 * STYLES series (24) look different from one another.
 */
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9', '#F0E442', '#000000'] as const;

/** How many series a chart can tell apart: each colour plain, hatched, cross-hatched. */
export const STYLES = PALETTE.length * 3;

export interface SeriesStyle {
  colour: string;
  /** 0: plain; 1: hatched areas, dashed lines; 2: hatched the other way, dotted lines. */
  round: 0 | 1 | 2;
  /** What to put in `fill`: the colour, or the chart's hatch pattern for it. */
  fill: string;
  /** `stroke-dasharray` for a line, '' for a plain one. */
  dash: string;
}

const patternId = (chartId: string, style: number): string => `${chartId.replace(/[^a-zA-Z0-9-]/g, '_')}-hatch-${style}`;

/** The look of style number `style` (a series' position, or a fixed number such as a state's) in chart `chartId`. */
export function seriesStyle(style: number, chartId: string): SeriesStyle {
  const index = ((style % STYLES) + STYLES) % STYLES;
  const colour = PALETTE[index % PALETTE.length] ?? '#000000';
  const round = Math.floor(index / PALETTE.length) as 0 | 1 | 2;
  return { colour, round, fill: round === 0 ? colour : `url(#${patternId(chartId, index)})`, dash: ['', '6 3', '1.5 2.5'][round] ?? '' };
}

/** The hatch patterns the given styles need (none for plain ones), as SVG `<defs>`. */
export function patternDefs(chartId: string, styles: readonly number[]): string {
  const patterns = [...new Set(styles)].flatMap((style) => {
    const { colour, round } = seriesStyle(style, chartId);
    if (round === 0) return [];
    const index = ((style % STYLES) + STYLES) % STYLES;
    return [`<pattern id="${patternId(chartId, index)}" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(${round === 1 ? 45 : -45})"><rect width="6" height="6" fill="#fff"/><rect width="3" height="6" fill="${colour}"/></pattern>`];
  });
  return patterns.length === 0 ? '' : `<defs>${patterns.join('')}</defs>`;
}

/** A legend swatch: a small square filled like the series (its hatch included). */
export function swatch(style: number, chartId: string): string {
  return `<svg class="swatch" width="12" height="12" viewBox="0 0 12 12" aria-hidden="true"><rect width="12" height="12" fill="${seriesStyle(style, chartId).fill}"/></svg>`;
}
