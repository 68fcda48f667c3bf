/**
 * The WMS quirks by name, and the checks on their configuration. One table maps each config key
 * to the quirk's name, which names its random stream (`wms.<dcId>.<name>`), its counter
 * (`wms.<name>`) and its trace kind (`wms.quirk.<name>`).
 */
import type { Ratio } from '../http.ts';
import { FakeConfigError } from '../config-error.ts';
import type { WmsQuirks } from './wms-types.ts';

export type WmsQuirkName =
  | 'late'
  | 'duplicate_confirmation'
  | 'truncated_file'
  | 'checksum_mismatch'
  | 'out_of_order_control_numbers'
  | 'phantom_ack'
  | 'stale_snapshot'
  | 'skipped_night'
  | 'short_ship'
  | 'split_shipment'
  | 'reject_line';

/** Config key -> quirk name and where its ratio sits. */
export const WMS_QUIRKS: Readonly<Record<keyof WmsQuirks, { name: WmsQuirkName; ratio: (quirks: WmsQuirks) => Ratio | undefined }>> = {
  lateFiles: { name: 'late', ratio: (quirks) => quirks.lateFiles?.ratio },
  duplicateConfirmation: { name: 'duplicate_confirmation', ratio: (quirks) => quirks.duplicateConfirmation },
  truncatedFile: { name: 'truncated_file', ratio: (quirks) => quirks.truncatedFile },
  checksumMismatch: { name: 'checksum_mismatch', ratio: (quirks) => quirks.checksumMismatch },
  outOfOrderControlNumbers: { name: 'out_of_order_control_numbers', ratio: (quirks) => quirks.outOfOrderControlNumbers },
  phantomAck: { name: 'phantom_ack', ratio: (quirks) => quirks.phantomAck },
  staleSnapshot: { name: 'stale_snapshot', ratio: (quirks) => quirks.staleSnapshot },
  skippedNights: { name: 'skipped_night', ratio: (quirks) => quirks.skippedNights },
  shortShip: { name: 'short_ship', ratio: (quirks) => quirks.shortShip },
  splitShipment: { name: 'split_shipment', ratio: (quirks) => quirks.splitShipment },
  rejectLine: { name: 'reject_line', ratio: (quirks) => quirks.rejectLine },
};

/** "Hours to days": a delay beyond this is a typo in a scenario, not a slow warehouse. */
export const LATE_FILE_DELAY_MINUTES_MAX = 30 * 24 * 60;

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

/** An integer probability: [numerator, denominator], 0 <= numerator <= denominator, denominator >= 1. */
export function checkRatio(where: string, value: unknown): void {
  const valid =
    Array.isArray(value) &&
    value.length === 2 &&
    Number.isSafeInteger(value[0]) &&
    Number.isSafeInteger(value[1]) &&
    (value[1] as number) >= 1 &&
    (value[0] as number) >= 0 &&
    (value[0] as number) <= (value[1] as number);
  if (!valid) {
    throw new FakeConfigError(`${where}: expected a ratio [numerator, denominator] of integers with 0 <= numerator <= denominator and denominator >= 1, got ${show(value)}`);
  }
}

function checkLateFiles(where: string, value: unknown): void {
  if (!isRecord(value)) throw new FakeConfigError(`${where}: expected { ratio, delayMinutes: { min, max } }, got ${show(value)}`);
  checkRatio(`${where}.ratio`, value['ratio']);
  const delay = value['delayMinutes'];
  const min = isRecord(delay) ? delay['min'] : undefined;
  const max = isRecord(delay) ? delay['max'] : undefined;
  const valid = Number.isSafeInteger(min) && Number.isSafeInteger(max) && (min as number) >= 1 && (min as number) <= (max as number) && (max as number) <= LATE_FILE_DELAY_MINUTES_MAX;
  if (!valid) {
    throw new FakeConfigError(`${where}.delayMinutes: expected whole minutes { min, max } with 1 <= min <= max <= ${LATE_FILE_DELAY_MINUTES_MAX}, got ${show(delay)}`);
  }
}

/** Throws FakeConfigError naming the field (`dcs[0].quirks.shortShip`), the value and what was expected. */
export function checkWmsQuirks(where: string, quirks: unknown): void {
  if (quirks === undefined) return;
  if (!isRecord(quirks)) throw new FakeConfigError(`${where}: expected an object of quirks, got ${show(quirks)}`);
  for (const [key, value] of Object.entries(quirks)) {
    if (!Object.hasOwn(WMS_QUIRKS, key)) {
      // A misspelt quirk would otherwise run a scenario without the fault it was written for.
      throw new FakeConfigError(`${where}.${key}: expected one of ${Object.keys(WMS_QUIRKS).join(', ')}, got an unknown quirk`);
    }
    if (value === undefined) continue;
    if (key === 'lateFiles') checkLateFiles(`${where}.${key}`, value);
    else checkRatio(`${where}.${key}`, value);
  }
}
