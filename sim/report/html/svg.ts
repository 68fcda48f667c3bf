import { bin } from 'd3-array';
import { scaleLinear, scaleUtc } from 'd3-scale';
import { esc } from './html.ts';
import { PALETTE, patternDefs, seriesStyle, swatch } from './palette.ts';

export interface Series {
  name: string;
  /** Its look (palette.ts), when it must not depend on which other series a chart has: a state's own. Else its position. */
  style?: number;
  /** [x, y] pairs, x ascending. */
  points: readonly (readonly [number, number])[];
}

export interface ChartOptions {
  /** Names the chart in the page (`data-chart`), for people and tests. */
  id: string;
  width?: number;
  height?: number;
  xLabel: (x: number) => string;
  yLabel?: (y: number) => string;
  /** Stack the series (areas), or draw each as its own line. */
  stacked?: boolean;
  /** Axis titles, with their units. */
  xTitle?: string;
  yTitle?: string;
  /** The y values are not counts: ticks may fall between whole numbers. */
  yFractions?: boolean;
  /** x is ms since this instant: ticks fall on round UTC calendar times (midnight, noon, ...). */
  startEpochMs?: number | null;
  /** Windows to shade behind the data (outages), in x units. */
  bands?: readonly Band[];
}

/** A shaded stretch of the x axis: a system down or stuck. */
export interface Band {
  fromMs: number;
  toMs: number;
  /** Shown on the band and in its tooltip: `S1 offline (hang)`. */
  label: string;
  /** Shown on the band instead when the label does not fit: `S1`. */
  short?: string;
}

const HOUR_MS = 3_600_000;

/**
 * About five round ticks from 0 (d3's nice scale), the top one at or above `max`: it is the
 * axis's top. Counts get whole ticks only (no "2.5 orders").
 */
export function countTicks(max: number, fractions = false): number[] {
  const ticks = scaleLinear().domain([0, Math.max(1, max)]).nice(5).ticks(5);
  return fractions ? ticks : ticks.filter((tick) => Number.isInteger(tick));
}

/** Round UTC calendar ticks (days, half days, hours) over a span of ms since `startEpochMs`, as ms since it. */
function calendarTicks(startEpochMs: number, fromMs: number, toMs: number): number[] {
  return scaleUtc()
    .domain([startEpochMs + fromMs, startEpochMs + toMs])
    .ticks(6)
    .map((date) => date.getTime() - startEpochMs);
}

/** Round-hour ticks over an elapsed-time span in ms (about six). */
function hourTicks(fromMs: number, toMs: number): number[] {
  return scaleLinear()
    .domain([fromMs / HOUR_MS, toMs / HOUR_MS])
    .ticks(6)
    .map((hours) => hours * HOUR_MS);
}

const PAD = { left: 64, right: 16, top: 10, bottom: 36 };

function round(value: number): string {
  return (Math.round(value * 10) / 10).toString();
}

/** A series' look: its own style number, else its position in the chart. */
const styleOf = (series: readonly Series[], i: number): number => series[i]?.style ?? i;

function legend(series: readonly Series[], chartId: string): string {
  return `<div class="legend">${series.map((s, i) => `<span>${swatch(styleOf(series, i), chartId)}${esc(s.name)}</span>`).join('')}</div>`;
}

/**
 * Grey stretches behind the data where a band overlaps [xMin, xMax], each labelled at its top
 * (the label dropped when the band is too narrow to hold it; the tooltip keeps it).
 */
function shade(bands: readonly Band[], xMin: number, xMax: number, left: number, innerW: number, top: number, innerH: number): string {
  const px = (x: number): number => left + ((x - xMin) / Math.max(1e-9, xMax - xMin)) * innerW;
  return bands
    .filter((band) => band.toMs > xMin && band.fromMs < xMax)
    .map((band) => {
      const x0 = px(Math.max(xMin, band.fromMs));
      const w = Math.max(1, px(Math.min(xMax, band.toMs)) - x0);
      const fits = (text: string): boolean => w >= text.length * 5.5 + 4;
      const text = fits(band.label) ? band.label : band.short !== undefined && fits(band.short) ? band.short : '';
      const label = text === '' ? '' : `<text x="${round(x0 + 3)}" y="${round(top + 10)}" class="band-label">${esc(text)}</text>`;
      return `<g data-band="1"><rect x="${round(x0)}" y="${round(top)}" width="${round(w)}" height="${round(innerH)}" fill="#8c959f" fill-opacity="0.18"><title>${esc(band.label)}</title></rect>${label}</g>`;
    })
    .join('');
}

/** Gridlines and labels at the given ticks; x ticks in data units between xMin and xMax, y ticks from 0 to yTop. */
function axes(width: number, height: number, xMin: number, xMax: number, xTicks: readonly number[], yTicks: readonly number[], options: Pick<ChartOptions, 'xLabel' | 'yLabel' | 'xTitle' | 'yTitle'>): string {
  const yTop = yTicks[yTicks.length - 1] ?? 1;
  const yLabel = options.yLabel ?? ((y: number) => (Number.isInteger(y) ? String(y) : y.toFixed(1)));
  const innerW = width - PAD.left - PAD.right;
  const innerH = height - PAD.top - PAD.bottom;
  const parts = [`<line x1="${PAD.left}" y1="${PAD.top + innerH}" x2="${width - PAD.right}" y2="${PAD.top + innerH}" stroke="#8c959f"/>`, `<line x1="${PAD.left}" y1="${PAD.top}" x2="${PAD.left}" y2="${PAD.top + innerH}" stroke="#8c959f"/>`];
  for (const tick of yTicks) {
    const y = PAD.top + innerH - (innerH * tick) / yTop;
    parts.push(`<line x1="${PAD.left}" y1="${round(y)}" x2="${width - PAD.right}" y2="${round(y)}" stroke="#eaeef2"/>`, `<text x="${PAD.left - 4}" y="${round(y + 4)}" text-anchor="end">${esc(yLabel(tick))}</text>`);
  }
  for (const tick of xTicks) {
    if (tick < xMin || tick > xMax) continue;
    const x = PAD.left + ((tick - xMin) / Math.max(1e-9, xMax - xMin)) * innerW;
    parts.push(`<line x1="${round(x)}" y1="${PAD.top + innerH}" x2="${round(x)}" y2="${PAD.top + innerH + 3}" stroke="#8c959f"/>`, `<text x="${round(x)}" y="${height - 14}" text-anchor="middle">${esc(options.xLabel(tick))}</text>`);
  }
  if (options.xTitle !== undefined) parts.push(`<text x="${round(PAD.left + innerW / 2)}" y="${height - 1}" text-anchor="middle" class="axis-title">${esc(options.xTitle)}</text>`);
  if (options.yTitle !== undefined) parts.push(`<text x="12" y="${round(PAD.top + innerH / 2)}" text-anchor="middle" transform="rotate(-90 12 ${round(PAD.top + innerH / 2)})" class="axis-title">${esc(options.yTitle)}</text>`);
  return parts.join('');
}

/** Lines or stacked areas over a shared x axis; an empty chart says so instead of drawing nothing. */
export function lineChart(series: readonly Series[], options: ChartOptions): string {
  const width = options.width ?? 1100;
  const height = options.height ?? 220;
  const shown = series.filter((s) => s.points.length > 0);
  const points = shown.reduce((sum, s) => sum + s.points.length, 0);
  if (points === 0) return `<figure class="chart" data-chart="${esc(options.id)}" data-points="0"><p class="muted">No data.</p></figure>`;
  const xs = shown.flatMap((s) => s.points.map(([x]) => x));
  const xMin = Math.min(...xs);
  const xMax = Math.max(xMin + 1, ...xs);
  const innerW = width - PAD.left - PAD.right;
  const innerH = height - PAD.top - PAD.bottom;
  // Stacks are summed at each x of the first series (all series share the sampling points).
  const base = new Map<number, number>();
  let yMax = 0;
  const stacks = shown.map((s) =>
    s.points.map(([x, y]) => {
      const below = options.stacked === true ? (base.get(x) ?? 0) : 0;
      base.set(x, below + y);
      yMax = Math.max(yMax, below + y);
      return [x, below, below + y] as const;
    }),
  );
  const yTicks = countTicks(yMax, options.yFractions === true);
  yMax = yTicks[yTicks.length - 1] ?? Math.max(1, yMax);
  const px = (x: number): string => round(PAD.left + ((x - xMin) / (xMax - xMin)) * innerW);
  const py = (y: number): string => round(PAD.top + innerH - (y / yMax) * innerH);
  const shapes = stacks.map((stack, i) => {
    const title = `<title>${esc(shown[i]?.name ?? '')}</title>`;
    // A series keeps its look whether or not its neighbours have points.
    const style = seriesStyle(styleOf(series, series.indexOf(shown[i]!)), options.id);
    if (options.stacked === true) {
      const top = stack.map(([x, , y]) => `${px(x)},${py(y)}`);
      const bottom = stack.map(([x, y]) => `${px(x)},${py(y)}`).reverse();
      return `<polygon points="${[...top, ...bottom].join(' ')}" fill="${style.fill}" fill-opacity="0.85" stroke="#fff" stroke-width="0.5">${title}</polygon>`;
    }
    return `<polyline points="${stack.map(([x, , y]) => `${px(x)},${py(y)}`).join(' ')}" fill="none" stroke="${style.colour}" stroke-width="1.6"${style.dash === '' ? '' : ` stroke-dasharray="${style.dash}"`}>${title}</polyline>`;
  });
  const xTicks = typeof options.startEpochMs === 'number' ? calendarTicks(options.startEpochMs, xMin, xMax) : hourTicks(xMin, xMax);
  const bands = shade(options.bands ?? [], xMin, xMax, PAD.left, innerW, PAD.top, innerH);
  return `<figure class="chart" data-chart="${esc(options.id)}" data-points="${points}"><svg viewBox="0 0 ${width} ${height}" width="100%" role="img">${patternDefs(options.id, series.map((_, i) => styleOf(series, i)))}${bands}${axes(width, height, xMin, xMax, xTicks, yTicks, options)}${shapes.join('')}</svg>${legend(series, options.id)}</figure>`;
}

export interface HistogramOptions {
  id: string;
  /** How a bin edge reads (the value in ms). */
  format: (value: number) => string;
  /** About how many bins (d3 picks round edges near it). */
  bins?: number;
  /** The unit bins are rounded in: hours unless said (minutes for durations of a few minutes). */
  unitMs?: number;
  xTitle?: string;
  yTitle?: string;
  width?: number;
  height?: number;
}

/**
 * Counts of durations (ms) in bins whose edges are round numbers of the unit (d3's nice scale and
 * bins), so a bar reads "6 to 8 h", never "3.1 to 11.5 h".
 */
export function histogram(values: readonly number[], options: HistogramOptions): string {
  const width = options.width ?? 540;
  const height = options.height ?? 200;
  const unit = options.unitMs ?? HOUR_MS;
  if (values.length === 0) return `<figure class="chart half" data-chart="${esc(options.id)}" data-points="0"><p class="muted">No samples.</p></figure>`;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const value of values) {
    min = Math.min(min, value / unit);
    max = Math.max(max, value / unit);
  }
  // One value throughout: a lone bar says less than the sentence.
  if (min === max) return `<figure class="chart half" data-chart="${esc(options.id)}" data-points="${values.length}"><p>All ${esc(values.length.toLocaleString('en-US'))} at ${esc(options.format(min * unit))}.</p></figure>`;
  const x = scaleLinear().domain([Math.min(0, min), max === min ? min + 1 : max]).nice(options.bins ?? 24);
  const [from, to] = x.domain() as [number, number];
  const bins = bin<number, number>().domain([from, to]).thresholds(x.ticks(options.bins ?? 24))(values.map((value) => value / unit));
  const innerW = width - PAD.left - PAD.right;
  const innerH = height - PAD.top - PAD.bottom;
  const yTicks = countTicks(Math.max(...bins.map((b) => b.length)));
  const top = yTicks[yTicks.length - 1] ?? 1;
  const px = (units: number): number => PAD.left + ((units - from) / (to - from)) * innerW;
  const bars = bins.map((b) => {
    const h = (b.length / top) * innerH;
    const left = px(b.x0 ?? from);
    const barW = px(b.x1 ?? to) - left;
    return `<rect x="${round(left + 1)}" y="${round(PAD.top + innerH - h)}" width="${round(Math.max(1, barW - 2))}" height="${round(h)}" fill="${PALETTE[0]}"><title>${esc(`${options.format((b.x0 ?? from) * unit)} - ${options.format((b.x1 ?? to) * unit)}: ${b.length}`)}</title></rect>`;
  });
  const xTicks = x.ticks(6).map((units) => units * unit);
  const frame = axes(width, height, from * unit, to * unit, xTicks, yTicks, { xLabel: options.format, xTitle: options.xTitle ?? 'hours', yTitle: options.yTitle ?? 'count' });
  return `<figure class="chart half" data-chart="${esc(options.id)}" data-points="${values.length}"><svg viewBox="0 0 ${width} ${height}" width="100%" role="img">${frame}${bars.join('')}</svg></figure>`;
}

export interface LaneEvent {
  /** ms from the start of the chart's range. */
  atMs: number;
  lane: string;
  label: string;
  fault: boolean;
}

export interface LaneOptions {
  id: string;
  /** The x range in ms, shared by every timeline that is to be compared with this one. */
  fromMs: number;
  toMs: number;
  xLabel: (x: number) => string;
  xTitle: string;
  bands?: readonly Band[];
  width?: number;
}

/** One order across systems: a lane per system, a dot per event (faults red and larger), on a given x range with round-hour ticks. */
export function laneChart(events: readonly LaneEvent[], lanes: readonly string[], options: LaneOptions): string {
  const width = options.width ?? 1100;
  const laneH = 18;
  const top = PAD.top + 12;
  const height = top + lanes.length * laneH + PAD.bottom;
  if (events.length === 0) return `<figure class="chart" data-chart="${esc(options.id)}" data-points="0"><p class="muted">No trace events.</p></figure>`;
  const xMin = options.fromMs;
  const xMax = Math.max(xMin + 1, options.toMs);
  const left = 96;
  const innerW = width - left - PAD.right;
  const innerH = lanes.length * laneH;
  const px = (x: number): string => round(left + ((x - xMin) / (xMax - xMin)) * innerW);
  const rows = lanes.map((lane, i) => {
    const y = top + i * laneH + laneH / 2;
    return `<text x="${left - 6}" y="${round(y + 4)}" text-anchor="end">${esc(lane)}</text><line x1="${left}" y1="${round(y)}" x2="${width - PAD.right}" y2="${round(y)}" stroke="#eaeef2"/>`;
  });
  const dots = events.map((event) => {
    const y = top + Math.max(0, lanes.indexOf(event.lane)) * laneH + laneH / 2;
    return `<circle cx="${px(event.atMs)}" cy="${round(y)}" r="${event.fault ? 5 : 3}" fill="${event.fault ? '#D55E00' : PALETTE[0]}"${event.fault ? ' stroke="#000" stroke-width="0.8" data-fault="1"' : ''}><title>${esc(event.label)}</title></circle>`;
  });
  const ticks = hourTicks(xMin, xMax).map((tick) => `<line x1="${px(tick)}" y1="${round(top + innerH)}" x2="${px(tick)}" y2="${round(top + innerH + 3)}" stroke="#8c959f"/><text x="${px(tick)}" y="${round(top + innerH + 16)}" text-anchor="middle">${esc(options.xLabel(tick))}</text>`);
  const title = `<text x="${round(left + innerW / 2)}" y="${height - 1}" text-anchor="middle" class="axis-title">${esc(options.xTitle)}</text>`;
  const bands = shade(options.bands ?? [], xMin, xMax, left, innerW, PAD.top, innerH + 12);
  return `<figure class="chart" data-chart="${esc(options.id)}" data-points="${events.length}"><svg viewBox="0 0 ${width} ${height}" width="100%" role="img">${bands}${rows.join('')}<line x1="${left}" y1="${round(top + innerH)}" x2="${width - PAD.right}" y2="${round(top + innerH)}" stroke="#8c959f"/>${ticks.join('')}${title}${dots.join('')}</svg></figure>`;
}
