/**
 * Checks a store's `quirks` when the fake is built, so a scenario typo fails at once with the
 * field, the value and what was expected, instead of silently running without the fault.
 */
import { FakeConfigError } from '../config-error.ts';
import { checkNonNegativeInteger, isRatio, show } from '../config-check.ts';
import { isRecord } from '../is-record.ts';
import type { PosQuirks } from './pos-types.ts';

/** A register slower than this per request is a typo, not a slow store. */
const SERVICE_MS_MAX = 60_000;
/** A Retry-After beyond a day is a typo. */
const RETRY_AFTER_SECONDS_MAX = 86_400;
/** One sale a second keeps the event queue bounded however long the run. */
const SALES_PER_OPEN_HOUR_MAX = 3_600;
const SALE_QUANTITY_MAX = 1_000;
/** Keys headers and messages short; a real key is a few dozen characters. */
const API_KEY_LENGTH_MAX = 200;

const KNOWN_KEYS: readonly (keyof PosQuirks)[] = [
  'serviceMs',
  'ghostSuccess',
  'lostRequest',
  'errorInBody',
  'garbledReply',
  'unavailable',
  'offline',
  'apiKey',
  'inStoreShoppers',
];

/** With config-check's show(), as before: the POS's messages are unchanged (see show() for its limits). */
function fail(where: string, expected: string, value: unknown): never {
  throw new FakeConfigError(`${where}: expected ${expected}, got ${show(value)}`);
}

function checkObject(where: string, value: unknown, expected: string): asserts value is Record<string, unknown> {
  if (!isRecord(value)) fail(where, expected, value);
}

/** isRatio's rule, in the POS's own words (config-check's checkRatio says "a ratio ... of integers"). */
function checkRatio(where: string, value: unknown): void {
  if (!isRatio(value)) fail(where, 'an integer ratio [numerator, denominator] with 0 <= numerator <= denominator and denominator >= 1', value);
}

function checkRange(where: string, value: unknown, minAllowed: number, maxAllowed: number): void {
  checkObject(where, value, `{ min, max } with ${minAllowed} <= min <= max <= ${maxAllowed}`);
  checkNonNegativeInteger(`${where}.min`, value['min'] as number);
  checkNonNegativeInteger(`${where}.max`, value['max'] as number);
  const { min, max } = value as { min: number; max: number };
  if (min < minAllowed || max < min || max > maxAllowed) fail(where, `${minAllowed} <= min <= max <= ${maxAllowed}`, value);
}

function checkOffline(where: string, value: unknown): void {
  if (!Array.isArray(value)) fail(where, 'a list of { fromMs, toMs, mode }', value);
  let previousToMs = Number.NEGATIVE_INFINITY;
  value.forEach((window: unknown, index) => {
    const at = `${where}[${index}]`;
    checkObject(at, window, '{ fromMs, toMs, mode }');
    const { fromMs, toMs, mode } = window;
    if (!Number.isSafeInteger(fromMs)) fail(`${at}.fromMs`, 'an integer epoch ms', fromMs);
    if (!Number.isSafeInteger(toMs) || (toMs as number) <= (fromMs as number)) fail(`${at}.toMs`, `an integer epoch ms after fromMs ${show(fromMs)}`, toMs);
    if (mode !== 'hang' && mode !== 'refuse') fail(`${at}.mode`, '"hang" or "refuse"', mode);
    // Sales buffered in one outage are forwarded at its end: overlapping outages have no single end.
    if ((fromMs as number) < previousToMs) fail(`${at}.fromMs`, `windows in time order, not overlapping (at or after ${previousToMs})`, fromMs);
    previousToMs = toMs as number;
  });
}

/** Throws FakeConfigError naming `<where>.<field>`; `where` is the quirks object's own path. */
export function checkPosQuirks(where: string, quirks: unknown): void {
  if (quirks === undefined) return;
  checkObject(where, quirks, 'an object of quirks');
  for (const key of Object.keys(quirks)) {
    if (!(KNOWN_KEYS as readonly string[]).includes(key)) fail(`${where}.${key}`, `one of the quirks ${KNOWN_KEYS.join(', ')}`, key);
  }
  const { serviceMs, ghostSuccess, lostRequest, errorInBody, garbledReply, unavailable, offline, apiKey, inStoreShoppers } = quirks;
  if (serviceMs !== undefined) checkRange(`${where}.serviceMs`, serviceMs, 0, SERVICE_MS_MAX);
  if (ghostSuccess !== undefined) checkRatio(`${where}.ghostSuccess`, ghostSuccess);
  if (lostRequest !== undefined) checkRatio(`${where}.lostRequest`, lostRequest);
  if (errorInBody !== undefined) checkRatio(`${where}.errorInBody`, errorInBody);
  if (garbledReply !== undefined) checkRatio(`${where}.garbledReply`, garbledReply);
  if (unavailable !== undefined) {
    checkObject(`${where}.unavailable`, unavailable, '{ ratio, retryAfterSeconds }');
    checkRatio(`${where}.unavailable.ratio`, unavailable['ratio']);
    const retryAfterSeconds = unavailable['retryAfterSeconds'];
    if (!Number.isSafeInteger(retryAfterSeconds) || (retryAfterSeconds as number) < 0 || (retryAfterSeconds as number) > RETRY_AFTER_SECONDS_MAX) {
      fail(`${where}.unavailable.retryAfterSeconds`, `an integer between 0 and ${RETRY_AFTER_SECONDS_MAX}`, retryAfterSeconds);
    }
  }
  if (offline !== undefined) checkOffline(`${where}.offline`, offline);
  if (apiKey !== undefined && (typeof apiKey !== 'string' || apiKey.length === 0 || apiKey.length > API_KEY_LENGTH_MAX)) {
    fail(`${where}.apiKey`, `a non-empty string of at most ${API_KEY_LENGTH_MAX} characters`, apiKey);
  }
  if (inStoreShoppers !== undefined) {
    checkObject(`${where}.inStoreShoppers`, inStoreShoppers, '{ salesPerOpenHour, quantity: { min, max } }');
    const rate = inStoreShoppers['salesPerOpenHour'];
    if (typeof rate !== 'number' || !Number.isFinite(rate) || rate < 0 || rate > SALES_PER_OPEN_HOUR_MAX) {
      fail(`${where}.inStoreShoppers.salesPerOpenHour`, `a number between 0 and ${SALES_PER_OPEN_HOUR_MAX}`, rate);
    }
    checkRange(`${where}.inStoreShoppers.quantity`, inStoreShoppers['quantity'], 1, SALE_QUANTITY_MAX);
  }
}
