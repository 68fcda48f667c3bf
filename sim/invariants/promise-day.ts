/**
 * The promised date a node's policy gives (docs/routing.md, "Promise date"), computed here on
 * its own, from the documented rule and the fakes' clock, so that a mistake in the orchestrator's
 * calendar arithmetic is not repeated by the check of it.
 */
import type { NodeSpec } from '../../orchestrator/plugin.ts';
import type { FulfillmentMethod } from '../../orchestrator/model/types.ts';
import { localIso, offsetMinutesAt } from '../../legacy-fakes/local-time.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** Offsets in use lie within -12 h..+14 h: the instants a wall time may name lie within these bounds of it. */
const EARLIEST_HOURS_BEFORE = 15;
const LATEST_HOURS_AFTER = 13;

/** Whole local days to the promise when a node sets no `promiseDays` (docs/routing.md, node fields). */
export const DOCUMENTED_PROMISE_DAYS: Readonly<Record<FulfillmentMethod, number>> = { SHIP_FROM_DC: 3, SHIP_FROM_STORE: 2, BOPIS: 0, CURBSIDE: 0 };

/** The local calendar date (`YYYY-MM-DD`) `days` days after the node's local date at `atMs`. */
export function localDatePlus(atMs: number, timeZone: string, days: number): string {
  const today = localIso(atMs, timeZone).slice(0, 10);
  return new Date(Date.parse(`${today}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The instant the zone's clock reads the wall time (a local date-time read as if UTC). A wall
 * time the clock shows twice (autumn) is its first instant; one it skips (spring) is read with
 * the offset in force before the change, as local times are read everywhere in Converge.
 */
export function instantOfWallTime(wallMs: number, timeZone: string): number {
  // No zone changes its offset twice within a day: the offsets in force at the two bounds are every candidate.
  const offsets = new Set([offsetMinutesAt(wallMs - EARLIEST_HOURS_BEFORE * HOUR_MS, timeZone), offsetMinutesAt(wallMs + LATEST_HOURS_AFTER * HOUR_MS, timeZone)]);
  let earliest = Number.POSITIVE_INFINITY;
  for (const offset of offsets) {
    const instant = wallMs - offset * 60_000;
    if (instant + offsetMinutesAt(instant, timeZone) * 60_000 === wallMs) earliest = Math.min(earliest, instant);
  }
  // Skipped: the clock jumped forward over it, from the smaller offset to the larger.
  return Number.isFinite(earliest) ? earliest : wallMs - Math.min(...offsets) * 60_000;
}

/**
 * The last millisecond (23:59:59.999 local) of the node's local day `days` days after its day at
 * `atMs`: the instant before its clock first reads the next day's midnight. Where the clock falls
 * back at midnight (Beirut) the day's last hour is shown twice, and the day ends after the second.
 */
export function endOfLocalDayAfter(atMs: number, timeZone: string, days: number): number {
  const nextDay = localDatePlus(atMs, timeZone, days + 1);
  return instantOfWallTime(Date.parse(`${nextDay}T00:00:00Z`), timeZone) - 1;
}

/** Days a node promises for a method: its `promiseDays`, else the documented default. */
export function promiseDaysOf(node: NodeSpec, method: FulfillmentMethod): number {
  return node.promiseDays ?? DOCUMENTED_PROMISE_DAYS[method];
}

/** One leg of a plan: the node and the method it fulfils with. */
export interface PromiseLeg {
  node: NodeSpec;
  method: FulfillmentMethod;
}

/** A plan's promise: the latest of its legs' (each in its node's own zone and days), with the leg that sets it. */
export function expectedPromise(legs: readonly PromiseLeg[], routedAtMs: number): { atMs: number; leg: PromiseLeg } | undefined {
  let latest: { atMs: number; leg: PromiseLeg } | undefined;
  for (const leg of legs) {
    const atMs = endOfLocalDayAfter(routedAtMs, leg.node.timeZone, promiseDaysOf(leg.node, leg.method));
    if (latest === undefined || atMs > latest.atMs) latest = { atMs, leg };
  }
  return latest;
}
