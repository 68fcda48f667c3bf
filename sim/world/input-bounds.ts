/**
 * The largest sizes and durations a scenario, an incident or a flag may ask for. Past them a run
 * cannot finish in memory or in a working day, so they are refused up front (exit 2) with the
 * bound named, instead of hanging, or dying with a stack trace an hour in.
 */

/** Orders in one run: a million-order holiday with room to spare. */
export const MAX_ORDERS = 10_000_000;

/** One phase (workload, heal, convergence), in hours: a year. */
export const MAX_PHASE_HOURS = 366 * 24;

/** An hour offset from the scenario's start (outage windows, bursts): within the longest run. */
export const MAX_HOUR_OFFSET = 3 * MAX_PHASE_HOURS;

/** Any other count or duration in a `{ min, max }` range (minutes, hours, units, ms). */
export const MAX_RANGE_VALUE = 10_000_000;

/** `--crash-every` and its incident override, in kernel events. */
export const MAX_CRASH_EVERY_EVENTS = 1_000_000_000;

/** Whether `YYYY-MM-DD` names a real calendar day (2026-02-30 does not). */
export function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const parsed = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === text;
}
