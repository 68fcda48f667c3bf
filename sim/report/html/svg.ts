import { colour, esc } from './html.ts';

export interface Series {
  name: string;
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
}

const PAD = { left: 56, right: 12, top: 10, bottom: 26 };

function round(value: number): string {
  return (Math.round(value * 10) / 10).toString();
}

function legend(series: readonly Series[]): string {
  return `<div class="legend">${series.map((s, i) => `<span><i style="background:${colour(i)}"></i>${esc(s.name)}</span>`).join('')}</div>`;
}

function axes(width: number, height: number, xMin: number, xMax: number, yMax: number, options: ChartOptions): string {
  const yLabel = options.yLabel ?? ((y: number) => (Number.isInteger(y) ? String(y) : y.toFixed(yMax < 10 ? 1 : 0)));
  const innerW = width - PAD.left - PAD.right;
  const innerH = height - PAD.top - PAD.bottom;
  const parts = [`<line x1="${PAD.left}" y1="${PAD.top + innerH}" x2="${width - PAD.right}" y2="${PAD.top + innerH}" stroke="#8c959f"/>`, `<line x1="${PAD.left}" y1="${PAD.top}" x2="${PAD.left}" y2="${PAD.top + innerH}" stroke="#8c959f"/>`];
  for (let i = 0; i <= 4; i++) {
    const y = PAD.top + innerH - (innerH * i) / 4;
    parts.push(`<line x1="${PAD.left}" y1="${round(y)}" x2="${width - PAD.right}" y2="${round(y)}" stroke="#eaeef2"/>`, `<text x="${PAD.left - 4}" y="${round(y + 4)}" text-anchor="end">${esc(yLabel((yMax * i) / 4))}</text>`);
  }
  for (let i = 0; i <= 5; i++) {
    const x = PAD.left + (innerW * i) / 5;
    parts.push(`<text x="${round(x)}" y="${height - 8}" text-anchor="${i === 0 ? 'start' : i === 5 ? 'end' : 'middle'}">${esc(options.xLabel(xMin + ((xMax - xMin) * i) / 5))}</text>`);
  }
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
  yMax = Math.max(1, yMax);
  const px = (x: number): string => round(PAD.left + ((x - xMin) / (xMax - xMin)) * innerW);
  const py = (y: number): string => round(PAD.top + innerH - (y / yMax) * innerH);
  const shapes = stacks.map((stack, i) => {
    const title = `<title>${esc(shown[i]?.name ?? '')}</title>`;
    if (options.stacked === true) {
      const top = stack.map(([x, , y]) => `${px(x)},${py(y)}`);
      const bottom = stack.map(([x, y]) => `${px(x)},${py(y)}`).reverse();
      return `<polygon points="${[...top, ...bottom].join(' ')}" fill="${colour(series.indexOf(shown[i]!))}" fill-opacity="0.8" stroke="none">${title}</polygon>`;
    }
    return `<polyline points="${stack.map(([x, , y]) => `${px(x)},${py(y)}`).join(' ')}" fill="none" stroke="${colour(series.indexOf(shown[i]!))}" stroke-width="1.6">${title}</polyline>`;
  });
  return `<figure class="chart" data-chart="${esc(options.id)}" data-points="${points}"><svg viewBox="0 0 ${width} ${height}" width="100%" role="img">${axes(width, height, xMin, xMax, yMax, options)}${shapes.join('')}</svg>${legend(series)}</figure>`;
}

export interface HistogramOptions {
  id: string;
  /** How a bin edge reads. */
  format: (value: number) => string;
  bins?: number;
  width?: number;
  height?: number;
}

/** Counts of values in equal-width bins from the smallest to the largest value. */
export function histogram(values: readonly number[], options: HistogramOptions): string {
  const width = options.width ?? 540;
  const height = options.height ?? 200;
  if (values.length === 0) return `<figure class="chart half" data-chart="${esc(options.id)}" data-points="0"><p class="muted">No samples.</p></figure>`;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const value of values) {
    min = Math.min(min, value);
    max = Math.max(max, value);
  }
  const binCount = Math.max(1, Math.min(options.bins ?? 24, values.length));
  const span = Math.max(1, max - min);
  const counts = new Array<number>(binCount).fill(0);
  for (const value of values) counts[Math.min(binCount - 1, Math.floor(((value - min) / span) * binCount))]! += 1;
  const innerW = width - PAD.left - PAD.right;
  const innerH = height - PAD.top - PAD.bottom;
  const top = Math.max(...counts);
  const barW = innerW / binCount;
  const bars = counts.map((n, i) => {
    const h = (n / top) * innerH;
    const from = min + (span * i) / binCount;
    const to = min + (span * (i + 1)) / binCount;
    return `<rect x="${round(PAD.left + i * barW + 1)}" y="${round(PAD.top + innerH - h)}" width="${round(Math.max(1, barW - 2))}" height="${round(h)}" fill="${colour(0)}"><title>${esc(`${options.format(from)} - ${options.format(to)}: ${n}`)}</title></rect>`;
  });
  return `<figure class="chart half" data-chart="${esc(options.id)}" data-points="${values.length}"><svg viewBox="0 0 ${width} ${height}" width="100%" role="img">${axes(width, height, min, min + span, top, { id: options.id, xLabel: max === min ? (x) => (x === min ? options.format(min) : '') : options.format })}${bars.join('')}</svg></figure>`;
}

export interface LaneEvent {
  atMs: number;
  lane: string;
  label: string;
  fault: boolean;
}

/** One order across systems: a lane per system, a dot per event, faults in red and larger. */
export function laneChart(events: readonly LaneEvent[], lanes: readonly string[], options: { id: string; xLabel: (x: number) => string; width?: number }): string {
  const width = options.width ?? 1100;
  const laneH = 18;
  const height = PAD.top + lanes.length * laneH + PAD.bottom;
  if (events.length === 0) return `<figure class="chart" data-chart="${esc(options.id)}" data-points="0"><p class="muted">No trace events.</p></figure>`;
  const xMin = Math.min(...events.map((e) => e.atMs));
  const xMax = Math.max(xMin + 1, ...events.map((e) => e.atMs));
  const left = 96;
  const innerW = width - left - PAD.right;
  const px = (x: number): string => round(left + ((x - xMin) / (xMax - xMin)) * innerW);
  const rows = lanes.map((lane, i) => {
    const y = PAD.top + i * laneH + laneH / 2;
    return `<text x="${left - 6}" y="${round(y + 4)}" text-anchor="end">${esc(lane)}</text><line x1="${left}" y1="${round(y)}" x2="${width - PAD.right}" y2="${round(y)}" stroke="#eaeef2"/>`;
  });
  const dots = events.map((event) => {
    const y = PAD.top + Math.max(0, lanes.indexOf(event.lane)) * laneH + laneH / 2;
    return `<circle cx="${px(event.atMs)}" cy="${round(y)}" r="${event.fault ? 5 : 3}" fill="${event.fault ? '#cf222e' : colour(0)}"${event.fault ? ' data-fault="1"' : ''}><title>${esc(event.label)}</title></circle>`;
  });
  const ticks = [0, 1, 2, 3, 4].map((i) => {
    const x = left + (innerW * i) / 4;
    return `<text x="${round(x)}" y="${height - 8}" text-anchor="${i === 0 ? 'start' : i === 4 ? 'end' : 'middle'}">${esc(options.xLabel(xMin + ((xMax - xMin) * i) / 4))}</text>`;
  });
  return `<figure class="chart" data-chart="${esc(options.id)}" data-points="${events.length}"><svg viewBox="0 0 ${width} ${height}" width="100%" role="img">${rows.join('')}${ticks.join('')}${dots.join('')}</svg></figure>`;
}
