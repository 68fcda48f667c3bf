/**
 * ISO 8601 text for epoch milliseconds, exactly as `Date.prototype.toISOString` writes it, several
 * times cheaper. The fakes stamp every record and file they make (a gateway's `createdAt`, a
 * till's local time), and `toISOString` showed in a run's profile: here the date part is looked up
 * per day, and only the time of day is written per call.
 */

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;
const SECOND_MS = 1_000;
/** Four-digit years (0000-9999): outside them toISOString writes `±YYYYYY`, left to the Date itself. */
const FOUR_DIGIT_YEARS_FROM_MS = Date.parse('0000-01-01T00:00:00.000Z');
const FOUR_DIGIT_YEARS_TO_MS = Date.parse('9999-12-31T23:59:59.999Z');
/** Bounds the date cache: about eleven years of days, then it starts over. */
const DAYS_CACHED_MAX = 4_096;

/** `YYYY-MM-DDT` by day number since the epoch. */
const datePrefixByDay = new Map<number, string>();

const TWO_DIGITS = Array.from({ length: 100 }, (_, value) => String(value).padStart(2, '0'));
const THREE_DIGITS = Array.from({ length: 1_000 }, (_, value) => String(value).padStart(3, '0'));

function datePrefix(day: number): string {
  let prefix = datePrefixByDay.get(day);
  if (prefix === undefined) {
    prefix = new Date(day * DAY_MS).toISOString().slice(0, 11);
    if (datePrefixByDay.size >= DAYS_CACHED_MAX) datePrefixByDay.clear();
    datePrefixByDay.set(day, prefix);
  }
  return prefix;
}

/** Whole milliseconds in a four-digit year; anything else (fractions, NaN, far instants) takes the Date's own path. */
function isFormattable(epochMs: number): boolean {
  return Number.isInteger(epochMs) && epochMs >= FOUR_DIGIT_YEARS_FROM_MS && epochMs <= FOUR_DIGIT_YEARS_TO_MS;
}

/** `YYYY-MM-DDTHH:mm:ss` of a formattable instant. */
function secondsText(epochMs: number): string {
  const day = Math.floor(epochMs / DAY_MS);
  let rest = epochMs - day * DAY_MS;
  const hours = Math.floor(rest / HOUR_MS);
  rest -= hours * HOUR_MS;
  const minutes = Math.floor(rest / MINUTE_MS);
  const seconds = Math.floor((rest - minutes * MINUTE_MS) / SECOND_MS);
  return `${datePrefix(day)}${TWO_DIGITS[hours] as string}:${TWO_DIGITS[minutes] as string}:${TWO_DIGITS[seconds] as string}`;
}

/** `new Date(epochMs).toISOString()`: `YYYY-MM-DDTHH:mm:ss.sssZ`; throws RangeError where it does. */
export function utcIso(epochMs: number): string {
  if (!isFormattable(epochMs)) return new Date(epochMs).toISOString();
  const millis = epochMs - Math.floor(epochMs / SECOND_MS) * SECOND_MS;
  return `${secondsText(epochMs)}.${THREE_DIGITS[millis] as string}Z`;
}

/** `new Date(epochMs).toISOString().slice(0, 19)`: `YYYY-MM-DDTHH:mm:ss`, as the legacy systems write local time. */
export function utcIsoSeconds(epochMs: number): string {
  if (!isFormattable(epochMs)) return new Date(epochMs).toISOString().slice(0, 19);
  return secondsText(epochMs);
}
