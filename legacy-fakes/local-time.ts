/**
 * Local wall-clock time for the legacy fakes. A cash register and a warehouse floor live on
 * their own zone's clock without an offset, and their jobs run at local times, so the fakes
 * need "what does the wall clock say" and "when does it next read HH:mm" on any epoch.
 */
import { tzOffset } from '@date-fns/tz';
import { utcIsoSeconds } from './iso-format.ts';

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** Real instants whose wall clock reads W lie in [W - 14h, W + 12h] (the extreme offsets). */
const BEFORE_ANY_CANDIDATE_MS = 15 * HOUR_MS;
const AFTER_ANY_CANDIDATE_MS = 13 * HOUR_MS;
/** Bounds the offset cache: about 5.7 years of hours per zone, then it starts over. */
const CACHE_HOURS_PER_ZONE_MAX = 50_000;
/** Marks an epoch hour that contains an offset change, so it is never answered from the cache. */
const MIXED_HOUR = Number.NaN;

const LOCAL_TIME_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** tzOffset costs about 2 us (Intl); fakes ask for local time on every change, so cache by hour. */
const offsetCache = new Map<string, Map<number, number>>();

function assertEpochMs(epochMs: number): void {
  if (!Number.isSafeInteger(epochMs) || Math.abs(epochMs) > 8.64e15) {
    throw new RangeError(`epochMs: expected an integer number of epoch milliseconds, got ${String(epochMs)}`);
  }
}

function rawOffsetMinutes(timeZone: string, epochMs: number): number {
  const offset = tzOffset(timeZone, new Date(epochMs));
  // tzOffset answers NaN for a zone it does not know, rather than throwing.
  if (!Number.isFinite(offset)) throw new RangeError(`timeZone: expected an IANA time zone, got ${JSON.stringify(timeZone)}`);
  return offset;
}

/** True if `timeZone` is an IANA zone the runtime knows (Node 20 Intl refuses bare offsets like "+05:30"). */
export function isValidTimeZone(timeZone: string): boolean {
  if (typeof timeZone !== 'string' || timeZone.length === 0) return false;
  try {
    // tzOffset alone would fall back to reading any "+hh" inside the name ("Mars+05" as UTC+5).
    new Intl.DateTimeFormat('en-US', { timeZone });
  } catch {
    return false;
  }
  return Number.isFinite(tzOffset(timeZone, new Date(0)));
}

/** The zone's UTC offset in minutes at `epochMs` (east positive). */
export function offsetMinutesAt(epochMs: number, timeZone: string): number {
  assertEpochMs(epochMs);
  let zoneCache = offsetCache.get(timeZone);
  if (zoneCache === undefined) {
    if (!isValidTimeZone(timeZone)) throw new RangeError(`timeZone: expected an IANA time zone, got ${JSON.stringify(timeZone)}`);
    zoneCache = new Map();
    offsetCache.set(timeZone, zoneCache);
  }
  const hour = Math.floor(epochMs / HOUR_MS);
  let cached = zoneCache.get(hour);
  if (cached === undefined) {
    // Offsets change at most once an hour, but not always on the hour (Lord Howe changes at
    // hh:30 UTC): only an hour whose two ends agree can be answered for every instant in it.
    const atStart = rawOffsetMinutes(timeZone, hour * HOUR_MS);
    const atEnd = rawOffsetMinutes(timeZone, hour * HOUR_MS + HOUR_MS - 1);
    cached = atStart === atEnd ? atStart : MIXED_HOUR;
    if (zoneCache.size >= CACHE_HOURS_PER_ZONE_MAX) zoneCache.clear();
    zoneCache.set(hour, cached);
  }
  return Number.isNaN(cached) ? rawOffsetMinutes(timeZone, epochMs) : cached;
}

/** Wall-clock milliseconds: the local date-time read as if it were UTC. */
function wallMs(epochMs: number, timeZone: string): number {
  return epochMs + Math.round(offsetMinutesAt(epochMs, timeZone) * MINUTE_MS);
}

/** True if `text` is a local time `HH:mm` between 00:00 and 23:59. */
export function isLocalTime(text: string): boolean {
  return typeof text === 'string' && LOCAL_TIME_PATTERN.test(text);
}

/** Parses `HH:mm` (00:00-23:59) into minutes after local midnight. */
export function parseLocalTime(text: string): number {
  const match = typeof text === 'string' ? LOCAL_TIME_PATTERN.exec(text) : null;
  if (match === null) throw new RangeError(`local time: expected "HH:mm" between 00:00 and 23:59, got ${JSON.stringify(text)}`);
  return Number(match[1]) * 60 + Number(match[2]);
}

/** `YYYY-MM-DDTHH:mm:ss` in the zone, without an offset, as the legacy systems report time. */
export function localIso(epochMs: number, timeZone: string): string {
  return utcIsoSeconds(wallMs(epochMs, timeZone));
}

/** Minutes after local midnight (0-1439). */
export function localMinutesOfDay(epochMs: number, timeZone: string): number {
  const wall = wallMs(epochMs, timeZone);
  return Math.floor((((wall % DAY_MS) + DAY_MS) % DAY_MS) / MINUTE_MS);
}

/**
 * The first instant at which the wall clock reads `wall` or later on its way forward: the
 * instant itself on an ordinary day, the earlier of the two on a day the clock is set back,
 * and the moment the clock jumps past it on a day it is set forward (a job at 02:30 runs at
 * 03:00). Assumes at most one offset change within 28 hours, true of every zone in use.
 */
function firstInstantReaching(wall: number, timeZone: string): number {
  const offsetBefore = Math.round(offsetMinutesAt(wall - BEFORE_ANY_CANDIDATE_MS, timeZone) * MINUTE_MS);
  const offsetAfter = Math.round(offsetMinutesAt(wall + AFTER_ANY_CANDIDATE_MS, timeZone) * MINUTE_MS);
  const candidates = [wall - offsetBefore, wall - offsetAfter].filter((instant) => wallMs(instant, timeZone) === wall);
  if (candidates.length > 0) return Math.min(...candidates);
  if (offsetAfter <= offsetBefore) {
    throw new Error(`local-time: no instant reads ${new Date(wall).toISOString()} in ${timeZone} and the clock did not jump forward`);
  }
  // Gap: the offset changes somewhere in (wall - offsetAfter, wall - offsetBefore]; find the change.
  let low = wall - offsetAfter; // still on the old offset
  let high = wall - offsetBefore; // already on the new one
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (Math.round(offsetMinutesAt(middle, timeZone) * MINUTE_MS) === offsetBefore) low = middle;
    else high = middle;
  }
  return high;
}

/**
 * Milliseconds from `epochMs` to the next time the zone's wall clock reads `hhmm`, strictly in
 * the future (at exactly that time it answers the next day's). It happens once per local date:
 * when the clock is set back the repeated hour does not run a daily job twice.
 */
export function msUntilNextLocalTime(epochMs: number, timeZone: string, hhmm: string): number {
  const minutes = parseLocalTime(hhmm);
  const wallNow = wallMs(epochMs, timeZone);
  const localMidnight = wallNow - (((wallNow % DAY_MS) + DAY_MS) % DAY_MS);
  // Today's, tomorrow's and (if the zone skipped a day) the day after's: the first one ahead.
  for (let day = 0; day < 3; day += 1) {
    const next = firstInstantReaching(localMidnight + day * DAY_MS + minutes * MINUTE_MS, timeZone);
    if (next > epochMs) return next - epochMs;
  }
  throw new Error(`local-time: ${hhmm} in ${timeZone} does not occur in the three local days after ${epochMs}`);
}

/**
 * True if the wall clock is in [open, close). `close` before `open` spans midnight (22:00-06:00);
 * `open` equal to `close` means open around the clock.
 */
export function isWithinLocalHours(epochMs: number, timeZone: string, open: string, close: string): boolean {
  const openMinutes = parseLocalTime(open);
  const closeMinutes = parseLocalTime(close);
  const now = localMinutesOfDay(epochMs, timeZone);
  if (openMinutes === closeMinutes) return true;
  if (openMinutes < closeMinutes) return now >= openMinutes && now < closeMinutes;
  return now >= openMinutes || now < closeMinutes;
}
