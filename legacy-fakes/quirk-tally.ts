/**
 * How often each of a fake's quirks fired. A run's report has to show that a fault really
 * happened (a scenario that asks for ghost successes and never gets one proves nothing), so every
 * firing is counted here and recorded in the trace as `<fake>.quirk.<name>`.
 */
import type { FakeTraceSink } from './env.ts';
import type { QuirkCounts } from './http.ts';

export class QuirkTally<Name extends string> {
  private readonly tally = new Map<Name, number>();

  /** `names` start at 0, in report order, so a report can show "configured but never fired". */
  constructor(
    private readonly trace: FakeTraceSink,
    private readonly fake: string,
    names: Iterable<Name>,
  ) {
    for (const name of names) this.tally.set(name, 0);
  }

  /** `reference` is the order reference the quirk concerns, or '' when there is none. */
  fire(name: Name, reference: string, detail: string): void {
    this.tally.set(name, (this.tally.get(name) ?? 0) + 1);
    this.trace.record(`${this.fake}.quirk.${name}`, reference, detail);
  }

  /** The live counts by quirk name. */
  counts(): ReadonlyMap<Name, number> {
    return this.tally;
  }

  /** Every counted quirk by its public name (`pos.ghost_success`), zeros included; a copy. */
  snapshot(): QuirkCounts {
    const counts: Record<string, number> = {};
    for (const [name, count] of this.tally) counts[`${this.fake}.${name}`] = count;
    return counts;
  }
}
