/** `+1d02h03m04.005s`: virtual time since the scenario's start, compact and sortable by eye. */
export function formatElapsed(atMs: number): string {
  const days = Math.floor(atMs / 86_400_000);
  const hours = Math.floor((atMs % 86_400_000) / 3_600_000);
  const minutes = Math.floor((atMs % 3_600_000) / 60_000);
  const seconds = Math.floor((atMs % 60_000) / 1000);
  const ms = atMs % 1000;
  const pad = (value: number, width = 2): string => String(value).padStart(width, '0');
  return `+${days > 0 ? `${days}d` : ''}${pad(hours)}h${pad(minutes)}m${pad(seconds)}.${pad(ms, 3)}s`;
}

/** The UTC instant of a virtual time: `2026-11-02T08:13:05.123Z`. */
export function utcInstant(startEpochMs: number, atMs: number): string {
  return new Date(startEpochMs + atMs).toISOString();
}

const localFormats = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock reading at a node (`2026-11-02 03:13:05 CST`), as its POS or WMS would report it. */
export function localTime(startEpochMs: number, atMs: number, timeZone: string): string {
  let format = localFormats.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', timeZoneName: 'short' });
    localFormats.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(new Date(startEpochMs + atMs)).map((part) => [part.type, part.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second} ${parts.timeZoneName ?? timeZone}`;
}

/** Where `--until` stops: after a trace event, or at a virtual time. */
export type UntilBoundary = { kind: 'index'; index: number } | { kind: 'time'; atMs: number; text: string };

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * Parses `--until`: `1234` or `#1234` is an event index; `90m`, `+2h30m`, `1d4h`, `5400000ms`
 * a virtual time since the start; an ISO instant (`2026-11-02T10:00:00Z`) a moment of the
 * scenario's calendar. Returns a message naming the value and what was expected when it is none of these.
 */
export function parseUntil(text: string, startEpochMs: number): UntilBoundary | string {
  const value = text.trim();
  if (/^#?\d+$/.test(value)) return { kind: 'index', index: Number(value.replace('#', '')) };
  const duration = /^\+?((\d+(\.\d+)?)(ms|min|s|m|h|d))+$/.exec(value);
  if (duration !== null) {
    let atMs = 0;
    for (const match of value.matchAll(/(\d+(?:\.\d+)?)(ms|min|s|m|h|d)/g)) atMs += Number(match[1]) * (UNIT_MS[match[2] ?? ''] ?? 0);
    return { kind: 'time', atMs: Math.floor(atMs), text: value };
  }
  if (/^\d{4}-\d{2}-\d{2}T/.test(value)) {
    const epochMs = Date.parse(value);
    if (Number.isNaN(epochMs)) return `--until: "${text}" is not a valid ISO instant`;
    if (epochMs < startEpochMs) return `--until: ${value} is before the scenario's start (${new Date(startEpochMs).toISOString()})`;
    return { kind: 'time', atMs: epochMs - startEpochMs, text: value };
  }
  return `--until expects an event index (1234 or #1234), a virtual time since the start (90m, 2h30m, 1d4h, 5400000ms) or an ISO instant (2026-11-02T10:00:00Z), got "${text}"`;
}
