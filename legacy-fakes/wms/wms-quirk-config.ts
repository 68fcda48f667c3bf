/**
 * The WMS quirks by name, and the checks on their configuration. One table maps each config key
 * to the quirk's name, which names its random stream (`wms.<dcId>.<name>`), its counter
 * (`wms.<name>`) and its trace kind (`wms.quirk.<name>`).
 */
import type { Ratio } from '../http.ts';
import { FakeConfigError } from '../config-error.ts';
import { checkRatio, checkWholeRange, failConfig } from '../config-check.ts';
import { isRecord } from '../is-record.ts';
import type { WmsQuirks } from './wms-types.ts';

export type WmsQuirkName =
  | 'late'
  | 'very_late'
  | 'duplicate_confirmation'
  | 'late_duplicate_confirmation'
  | 'truncated_file'
  | 'checksum_mismatch'
  | 'out_of_order_control_numbers'
  | 'phantom_ack'
  | 'stale_snapshot'
  | 'skipped_night'
  | 'short_ship'
  | 'split_shipment'
  | 'reject_line'
  | 'lost_release'
  | 'unexported_ack'
  | 'unexported_confirmation'
  | 'malformed_file'
  | 'stuck_transfer';

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
  lostRelease: { name: 'lost_release', ratio: (quirks) => quirks.lostRelease },
  unexportedAck: { name: 'unexported_ack', ratio: (quirks) => quirks.unexportedAck },
  unexportedConfirmation: { name: 'unexported_confirmation', ratio: (quirks) => quirks.unexportedConfirmation },
  malformedFile: { name: 'malformed_file', ratio: (quirks) => quirks.malformedFile },
  veryLateFiles: { name: 'very_late', ratio: (quirks) => quirks.veryLateFiles?.ratio },
  lateDuplicateConfirmation: { name: 'late_duplicate_confirmation', ratio: (quirks) => quirks.lateDuplicateConfirmation?.ratio },
  // A window, not a draw: no stream is touched.
  stuckTransfer: { name: 'stuck_transfer', ratio: () => undefined },
};

/** "Hours to days": a delay beyond this is a typo in a scenario, not a slow warehouse. */
export const LATE_FILE_DELAY_MINUTES_MAX = 30 * 24 * 60;

function checkLateFiles(where: string, value: unknown): void {
  if (!isRecord(value)) failConfig(where, '{ ratio, delayMinutes: { min, max } }', value);
  checkRatio(`${where}.ratio`, value['ratio']);
  checkWholeRange(`${where}.delayMinutes`, value['delayMinutes'], 'minutes', 1, LATE_FILE_DELAY_MINUTES_MAX);
}

/** `{ ratio, delayHours }`: very late files and confirmations exported again days later, up to the same 30 days. */
function checkDelayedInHours(where: string, value: unknown): void {
  if (!isRecord(value)) failConfig(where, '{ ratio, delayHours: { min, max } }', value);
  checkRatio(`${where}.ratio`, value['ratio']);
  checkWholeRange(`${where}.delayHours`, value['delayHours'], 'hours', 1, LATE_FILE_DELAY_MINUTES_MAX / 60);
}

/** `{ fromMs, toMs }`: a window of epoch ms, from before to. */
function checkWindow(where: string, value: unknown): void {
  if (!isRecord(value) || !Number.isSafeInteger(value['fromMs']) || !Number.isSafeInteger(value['toMs']) || (value['fromMs'] as number) >= (value['toMs'] as number)) {
    failConfig(where, '{ fromMs, toMs }: whole epoch ms, fromMs before toMs', value);
  }
}

/** Throws FakeConfigError naming the field (`dcs[0].quirks.shortShip`), the value and what was expected. */
export function checkWmsQuirks(where: string, quirks: unknown): void {
  if (quirks === undefined) return;
  if (!isRecord(quirks)) failConfig(where, 'an object of quirks', quirks);
  for (const [key, value] of Object.entries(quirks)) {
    if (!Object.hasOwn(WMS_QUIRKS, key)) {
      // A misspelt quirk would otherwise run a scenario without the fault it was written for.
      throw new FakeConfigError(`${where}.${key}: expected one of ${Object.keys(WMS_QUIRKS).join(', ')}, got an unknown quirk`);
    }
    if (value === undefined) continue;
    if (key === 'lateFiles') checkLateFiles(`${where}.${key}`, value);
    else if (key === 'veryLateFiles' || key === 'lateDuplicateConfirmation') checkDelayedInHours(`${where}.${key}`, value);
    else if (key === 'stuckTransfer') checkWindow(`${where}.${key}`, value);
    else checkRatio(`${where}.${key}`, value);
  }
}
