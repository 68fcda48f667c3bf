/**
 * Where the POS's quirks are counted. A run's report needs to show that a fault really happened
 * (a scenario that asks for ghost successes and never gets one proves nothing), so every firing
 * is counted here and recorded in the trace as `pos.quirk.<name>`.
 */
import type { FakeTraceSink } from '../env.ts';
import type { QuirkCounts } from '../http.ts';

/** Every quirk the POS can report, in the order the report lists them. */
export const POS_QUIRK_NAMES = [
  'ghost_success',
  'lost_request',
  'error_in_body',
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

export class PosQuirkLog {
  private readonly counts = new Map<PosQuirkName, number>(POS_QUIRK_NAMES.map((name) => [name, 0]));

  constructor(private readonly trace: FakeTraceSink) {}

  /** `reference` is the externalRef the request or hold carries, or '' when there is none. */
  fire(name: PosQuirkName, reference: string, detail: string): void {
    this.counts.set(name, (this.counts.get(name) ?? 0) + 1);
    this.trace.record(`pos.quirk.${name}`, reference, detail);
  }

  /** Every quirk by its public name (`pos.ghost_success`), zeros included so a silent fault shows. */
  snapshot(): QuirkCounts {
    const counts: Record<string, number> = {};
    for (const [name, count] of this.counts) counts[`pos.${name}`] = count;
    return counts;
  }
}
