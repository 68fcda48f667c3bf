import { tzOffset } from '@date-fns/tz';

const LOCAL_ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/;
const HOUR_MS = 3_600_000;
/** Per zone, per 15-minute slot (numbers, not a `zone|slot` text built on every call). */
const offsetCache = new Map<string, Map<number, number>>();

/**
 * UTC offset in minutes at an instant. Offsets change on the hour or half hour in every zone in
 * use, so a per-(zone, 15-minute slot) cache is exact and spares tzOffset's ~2 us per call.
 */
function offsetMinutes(timeZone: string, epochMs: number): number {
  const slot = Math.floor(epochMs / (HOUR_MS / 4));
  let zone = offsetCache.get(timeZone);
  if (zone === undefined) {
    zone = new Map();
    offsetCache.set(timeZone, zone);
  }
  let offset = zone.get(slot);
  if (offset === undefined) {
    if (zone.size > 100_000) zone.clear();
    offset = tzOffset(timeZone, new Date(slot * (HOUR_MS / 4)));
    zone.set(slot, offset);
  }
  return offset;
}

/**
 * Converts a legacy system's local wall-clock time without an offset ('2026-11-27T09:05:00')
 * into epoch ms, using the node's IANA time zone. Returns undefined for a malformed text.
 * In a repeated DST hour the earlier instant wins; in a skipped hour the text is read with the
 * offset in force just before the change.
 */
export function localIsoToEpochMs(localIso: string, timeZone: string): number | undefined {
  const match = LOCAL_ISO.exec(localIso);
  if (match === null) return undefined;
  // The groups are digits by the pattern: read each in place (no array of numbers per call, on every hold and row parsed).
  const asIfUtc = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]), Number(match[4]), Number(match[5]), Number(match[6]));
  if (Number.isNaN(asIfUtc)) return undefined;
  const firstGuessOffsetMin = offsetMinutes(timeZone, asIfUtc);
  const guess = asIfUtc - firstGuessOffsetMin * 60_000;
  const offsetAtGuessMin = offsetMinutes(timeZone, guess);
  return offsetAtGuessMin === firstGuessOffsetMin ? guess : asIfUtc - offsetAtGuessMin * 60_000;
}

/** Epoch ms as the node's local wall-clock time without an offset. */
export function epochMsToLocalIso(epochMs: number, timeZone: string): string {
  const local = new Date(epochMs + offsetMinutes(timeZone, epochMs) * 60_000);
  return local.toISOString().slice(0, 19);
}
