const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** `3.5 d`, `4.0 h`, `12.0 min`, `850 ms`, or `n/a`. */
export function duration(ms: number | null): string {
  if (ms === null) return 'n/a';
  if (ms >= DAY_MS) return `${(ms / DAY_MS).toFixed(1)} d`;
  if (ms >= HOUR_MS) return `${(ms / HOUR_MS).toFixed(1)} h`;
  if (ms >= 60_000) return `${(ms / 60_000).toFixed(1)} min`;
  if (ms >= 1000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.round(ms)} ms`;
}

export function rate(value: number | null): string {
  return value === null ? 'n/a' : `${(value * 100).toFixed(1)}%`;
}

export function count(value: number): string {
  return value.toLocaleString('en-US');
}

/** `+1d02h03m`: virtual time since the scenario's start. */
export function elapsed(atMs: number): string {
  const days = Math.floor(atMs / DAY_MS);
  const hours = Math.floor((atMs % DAY_MS) / HOUR_MS);
  const minutes = Math.floor((atMs % HOUR_MS) / 60_000);
  return `+${days}d${String(hours).padStart(2, '0')}h${String(minutes).padStart(2, '0')}m`;
}

/** `2026-11-27 14:03:12 UTC`, or the elapsed time when the start instant is unknown (a trace file). */
export function simulatedClock(startEpochMs: number | null, atMs: number): string {
  if (startEpochMs === null) return `${elapsed(atMs)} (start instant unknown)`;
  return `${new Date(startEpochMs + atMs).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** An instant as a chart's time axis reads it: `Nov 2 18:00` (UTC). */
export function utcLabel(epochMs: number): string {
  const iso = new Date(epochMs).toISOString();
  return `${MONTHS[Number(iso.slice(5, 7)) - 1] ?? ''} ${Number(iso.slice(8, 10))} ${iso.slice(11, 16)}`;
}

/** `60x`, `1h/s`, `max`: a speed in simulated seconds per wall second. */
export function speedLabel(speed: number): string {
  if (!Number.isFinite(speed)) return 'max';
  if (speed >= 86_400) return `${speed / 86_400}d/s`;
  if (speed >= 3_600) return `${speed / 3_600}h/s`;
  if (speed >= 60) return `${speed / 60}min/s`;
  return `${speed}x`;
}

const BARS = '▁▂▃▄▅▆▇█';

/** How many values each bar of a `width`-wide sparkline stands for. */
export function valuesPerBar(length: number, width: number): number {
  return Math.max(1, Math.ceil(length / Math.max(1, width)));
}

/**
 * One row of bars over all the values, at most `width` bars: each bar is the largest of the
 * values it stands for (a peak is never averaged away), scaled to the largest of all.
 */
export function sparkline(values: readonly number[], width: number): string {
  const per = valuesPerBar(values.length, width);
  const bars: number[] = [];
  for (let i = 0; i < values.length; i += per) bars.push(Math.max(...values.slice(i, i + per)));
  const max = Math.max(0, ...bars);
  if (max === 0) return BARS[0]!.repeat(bars.length);
  return bars.map((value) => BARS[Math.min(BARS.length - 1, Math.round((value / max) * (BARS.length - 1)))]).join('');
}

/** `COMPLETED 5,800  CANCELLED 406` */
export function tallyLine(record: Readonly<Record<string, number>>): string {
  const entries = Object.entries(record);
  return entries.length === 0 ? '-' : entries.map(([key, value]) => `${key} ${count(value)}`).join('  ');
}
