import type { PublishedEvent } from '../../orchestrator/ports.ts';
import { applyOnce, NONE_APPLIED, type AppliedSequences } from '../invariants/applied-sequences.ts';
import { isCanonicalId } from '../invariants/canonical-id.ts';

/**
 * The event ids a consumer has received, as a consumer de-duplicating by id would know them, in
 * a fraction of the memory of a set of every id: the reference's ids are canonical
 * (`<aggregate>#<sequence>`), so per aggregate the sequences received are kept as runs
 * (AppliedSequences, the consumer checker's own record). Ids that do not fit (a plugin's own)
 * are kept whole. Answers exactly as the full set would.
 */
export class DeliveredEvents {
  /** Per aggregate: the sequences whose canonical id `<aggregate>#<sequence>` was received. */
  private readonly sequencesByAggregate = new Map<string, AppliedSequences>();
  /** Received ids that are not canonical for their own event. */
  private readonly others = new Set<string>();

  /** Records the event as received; false when its id was received before (a redelivery). */
  receive(event: Pick<PublishedEvent, 'eventId' | 'aggregateId' | 'sequence'>): boolean {
    const { eventId, aggregateId, sequence } = event;
    if (!isCanonicalId(eventId, aggregateId, sequence)) {
      if (this.has(eventId)) return false;
      this.others.add(eventId);
      return true;
    }
    // A canonical id may have come before as a plugin's own id of another event.
    if (this.others.has(eventId)) return false;
    const applied = applyOnce(this.sequencesByAggregate.get(aggregateId) ?? NONE_APPLIED, sequence);
    if (applied === undefined) return false;
    this.sequencesByAggregate.set(aggregateId, applied);
    return true;
  }

  /** Whether any id, however spelt, was received: a plugin's own id may look canonical for another aggregate. */
  private has(eventId: string): boolean {
    if (this.others.has(eventId)) return true;
    const hash = eventId.lastIndexOf('#');
    if (hash < 0) return false;
    const sequence = Number(eventId.slice(hash + 1));
    // Only the canonical spelling of a sequence (`#7`, not `#07` or `#7.0`) stands for one.
    if (!Number.isSafeInteger(sequence) || sequence < 1 || String(sequence) !== eventId.slice(hash + 1)) return false;
    const applied = this.sequencesByAggregate.get(eventId.slice(0, hash));
    return applied !== undefined && applyOnce(applied, sequence) === undefined;
  }
}
