/**
 * Checks on the gateway's configuration. Each failure is a FakeConfigError naming the field
 * (`quirks.unavailable.retryAfterSeconds`), the value and what was expected.
 */
import { checkRatio, checkWholeRange, failConfig, isIntegerIn, show } from '../config-check.ts';
import { isRecord } from '../is-record.ts';
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

const QUIRK_KEYS = ['serviceMs', 'captureGhostSuccess', 'lostRequest', 'garbledReply', 'unavailable', 'offline'] as const;

function checkOffline(where: string, value: unknown): void {
  if (!Array.isArray(value) || value.length > OFFLINE_WINDOWS_MAX) failConfig(where, `an array of at most ${OFFLINE_WINDOWS_MAX} windows { fromMs, toMs, mode }`, value);
  value.forEach((window: unknown, index) => {
    const at = `${where}[${index}]`;
    if (!isRecord(window)) failConfig(at, 'a window { fromMs, toMs, mode }', window);
    if (!isIntegerIn(window['fromMs'], -EPOCH_MS_MAX, EPOCH_MS_MAX)) failConfig(`${at}.fromMs`, 'an integer epoch ms', window['fromMs']);
    if (!isIntegerIn(window['toMs'], (window['fromMs'] as number) + 1, EPOCH_MS_MAX)) {
      failConfig(`${at}.toMs`, `an integer epoch ms after fromMs (${show(window['fromMs'])})`, window['toMs']);
    }
    if (window['mode'] !== 'hang' && window['mode'] !== 'refuse') failConfig(`${at}.mode`, '"hang" or "refuse"', window['mode']);
    // Sorted and apart, as for the POS: an overlap is a scenario typo, and which mode wins would be a guess.
    const previous = index === 0 ? undefined : (value[index - 1] as { toMs: number });
    if (previous !== undefined && (window['fromMs'] as number) < previous.toMs) {
      failConfig(`${at}.fromMs`, `an epoch ms at or after the previous window's toMs (${previous.toMs})`, window['fromMs']);
    }
  });
}

function checkQuirks(where: string, quirks: unknown): void {
  if (quirks === undefined) return;
  if (!isRecord(quirks)) failConfig(where, 'an object of quirks', quirks);
  for (const key of Object.keys(quirks)) {
    // A misspelt quirk would otherwise run a scenario without the fault it was written for.
    if (!(QUIRK_KEYS as readonly string[]).includes(key)) failConfig(`${where}.${key}`, `one of ${QUIRK_KEYS.join(', ')}`, 'an unknown quirk');
  }
  const { serviceMs, captureGhostSuccess, lostRequest, garbledReply, unavailable, offline } = quirks;
  if (serviceMs !== undefined) checkWholeRange(`${where}.serviceMs`, serviceMs, 'ms', 0, SERVICE_MS_MAX);
  if (captureGhostSuccess !== undefined) checkRatio(`${where}.captureGhostSuccess`, captureGhostSuccess);
  if (lostRequest !== undefined) checkRatio(`${where}.lostRequest`, lostRequest);
  if (garbledReply !== undefined) checkRatio(`${where}.garbledReply`, garbledReply);
  if (unavailable !== undefined) {
    if (!isRecord(unavailable)) failConfig(`${where}.unavailable`, '{ ratio, retryAfterSeconds }', unavailable);
    checkRatio(`${where}.unavailable.ratio`, unavailable['ratio']);
    if (!isIntegerIn(unavailable['retryAfterSeconds'], 1, RETRY_AFTER_SECONDS_MAX)) {
      failConfig(`${where}.unavailable.retryAfterSeconds`, `whole seconds from 1 to ${RETRY_AFTER_SECONDS_MAX}`, unavailable['retryAfterSeconds']);
    }
  }
  if (offline !== undefined) checkOffline(`${where}.offline`, offline);
}

export function checkPaymentConfig(config: PaymentConfig): void {
  if (!isRecord(config)) failConfig('config', 'an object { authorizationTtlHours, idempotencyRetentionHours, quirks? }', config);
  if (!isIntegerIn(config.authorizationTtlHours, 1, HOURS_MAX)) failConfig('authorizationTtlHours', `whole hours from 1 to ${HOURS_MAX}`, config.authorizationTtlHours);
  if (!isIntegerIn(config.idempotencyRetentionHours, 1, HOURS_MAX)) {
    failConfig('idempotencyRetentionHours', `whole hours from 1 to ${HOURS_MAX}`, config.idempotencyRetentionHours);
  }
  checkQuirks('quirks', config.quirks);
}
