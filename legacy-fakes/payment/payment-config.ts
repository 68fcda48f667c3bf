/**
 * Checks on the gateway's configuration. Each failure is a FakeConfigError naming the field
 * (`quirks.unavailable.retryAfterSeconds`), the value and what was expected.
 */
import { FakeConfigError } from '../config-error.ts';
import type { PaymentConfig } from './payment-types.ts';

/** A year: anything longer is a typo, and hours beyond it would overflow nothing but sense. */
const HOURS_MAX = 365 * 24;
/** Ten minutes of server time is an outage, and `offline` says that better. */
const SERVICE_MS_MAX = 600_000;
const RETRY_AFTER_SECONDS_MAX = 3_600;
/** The largest instant a Date can hold. */
const EPOCH_MS_MAX = 8.64e15;
/** Bounds the per-request scan of outage windows. */
const OFFLINE_WINDOWS_MAX = 1_000;

const QUIRK_KEYS = ['serviceMs', 'captureGhostSuccess', 'lostRequest', 'unavailable', 'offline'] as const;

function show(value: unknown): string {
  try {
    return value === undefined ? 'undefined' : (JSON.stringify(value) ?? String(value));
  } catch {
    return String(value);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isIntegerIn(value: unknown, min: number, max: number): value is number {
  return Number.isSafeInteger(value) && (value as number) >= min && (value as number) <= max;
}

function fail(where: string, expected: string, value: unknown): never {
  throw new FakeConfigError(`${where}: expected ${expected}, got ${show(value)}`);
}

/** An integer probability: [numerator, denominator], 0 <= numerator <= denominator, denominator >= 1. */
function checkRatio(where: string, value: unknown): void {
  const valid = Array.isArray(value) && value.length === 2 && isIntegerIn(value[1], 1, Number.MAX_SAFE_INTEGER) && isIntegerIn(value[0], 0, value[1] as number);
  if (!valid) fail(where, 'a ratio [numerator, denominator] of integers with 0 <= numerator <= denominator and denominator >= 1', value);
}

function checkOffline(where: string, value: unknown): void {
  if (!Array.isArray(value) || value.length > OFFLINE_WINDOWS_MAX) fail(where, `an array of at most ${OFFLINE_WINDOWS_MAX} windows { fromMs, toMs, mode }`, value);
  value.forEach((window: unknown, index) => {
    const at = `${where}[${index}]`;
    if (!isRecord(window)) fail(at, 'a window { fromMs, toMs, mode }', window);
    if (!isIntegerIn(window['fromMs'], -EPOCH_MS_MAX, EPOCH_MS_MAX)) fail(`${at}.fromMs`, 'an integer epoch ms', window['fromMs']);
    if (!isIntegerIn(window['toMs'], (window['fromMs'] as number) + 1, EPOCH_MS_MAX)) {
      fail(`${at}.toMs`, `an integer epoch ms after fromMs (${show(window['fromMs'])})`, window['toMs']);
    }
    if (window['mode'] !== 'hang' && window['mode'] !== 'refuse') fail(`${at}.mode`, '"hang" or "refuse"', window['mode']);
    // Sorted and apart, as for the POS: an overlap is a scenario typo, and which mode wins would be a guess.
    const previous = index === 0 ? undefined : (value[index - 1] as { toMs: number });
    if (previous !== undefined && (window['fromMs'] as number) < previous.toMs) {
      fail(`${at}.fromMs`, `an epoch ms at or after the previous window's toMs (${previous.toMs})`, window['fromMs']);
    }
  });
}

function checkQuirks(where: string, quirks: unknown): void {
  if (quirks === undefined) return;
  if (!isRecord(quirks)) fail(where, 'an object of quirks', quirks);
  for (const key of Object.keys(quirks)) {
    // A misspelt quirk would otherwise run a scenario without the fault it was written for.
    if (!(QUIRK_KEYS as readonly string[]).includes(key)) fail(`${where}.${key}`, `one of ${QUIRK_KEYS.join(', ')}`, 'an unknown quirk');
  }
  const { serviceMs, captureGhostSuccess, lostRequest, unavailable, offline } = quirks;
  if (serviceMs !== undefined) {
    const min = isRecord(serviceMs) ? serviceMs['min'] : undefined;
    const max = isRecord(serviceMs) ? serviceMs['max'] : undefined;
    if (!isIntegerIn(min, 0, SERVICE_MS_MAX) || !isIntegerIn(max, min, SERVICE_MS_MAX)) {
      fail(`${where}.serviceMs`, `whole ms { min, max } with 0 <= min <= max <= ${SERVICE_MS_MAX}`, serviceMs);
    }
  }
  if (captureGhostSuccess !== undefined) checkRatio(`${where}.captureGhostSuccess`, captureGhostSuccess);
  if (lostRequest !== undefined) checkRatio(`${where}.lostRequest`, lostRequest);
  if (unavailable !== undefined) {
    if (!isRecord(unavailable)) fail(`${where}.unavailable`, '{ ratio, retryAfterSeconds }', unavailable);
    checkRatio(`${where}.unavailable.ratio`, unavailable['ratio']);
    if (!isIntegerIn(unavailable['retryAfterSeconds'], 1, RETRY_AFTER_SECONDS_MAX)) {
      fail(`${where}.unavailable.retryAfterSeconds`, `whole seconds from 1 to ${RETRY_AFTER_SECONDS_MAX}`, unavailable['retryAfterSeconds']);
    }
  }
  if (offline !== undefined) checkOffline(`${where}.offline`, offline);
}

export function checkPaymentConfig(config: PaymentConfig): void {
  if (!isRecord(config)) fail('config', 'an object { authorizationTtlHours, idempotencyRetentionHours, quirks? }', config);
  if (!isIntegerIn(config.authorizationTtlHours, 1, HOURS_MAX)) fail('authorizationTtlHours', `whole hours from 1 to ${HOURS_MAX}`, config.authorizationTtlHours);
  if (!isIntegerIn(config.idempotencyRetentionHours, 1, HOURS_MAX)) {
    fail('idempotencyRetentionHours', `whole hours from 1 to ${HOURS_MAX}`, config.idempotencyRetentionHours);
  }
  checkQuirks('quirks', config.quirks);
}
