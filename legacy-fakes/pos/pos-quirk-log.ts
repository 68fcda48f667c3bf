/**
 * Where the POS's quirks are counted: one tally across stores, every quirk named from the start,
 * each firing recorded in the trace as `pos.quirk.<name>`.
 */
import type { FakeTraceSink } from '../env.ts';
import { QuirkTally } from '../quirk-tally.ts';

/** Every quirk the POS can report, in the order the report lists them. */
export const POS_QUIRK_NAMES = [
  'ghost_success',
  'lost_request',
  'error_in_body',
  'garbled_reply',
  'unavailable',
  'offline_hang',
  'offline_refuse',
  'unauthorized',
  'in_store_sale',
  'sales_forwarded',
  'hold_rejected_not_on_shelf',
  'queued',
  'duplicate_hold',
] as const;

export type PosQuirkName = (typeof POS_QUIRK_NAMES)[number];

/** Zeros included in snapshot() (`pos.ghost_success: 0`), so a silent fault shows. */
export class PosQuirkLog extends QuirkTally<PosQuirkName> {
  constructor(trace: FakeTraceSink) {
    super(trace, 'pos', POS_QUIRK_NAMES);
  }
}
