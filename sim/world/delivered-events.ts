import type { PublishedEvent } from '../../orchestrator/ports.ts';

/**
 * The event ids a consumer has received, as a consumer de-duplicating by id would know them, in
 * a fraction of the memory of a set of every id: the reference's ids are canonical
 * (`<aggregate>#<sequence>`) and come in sequence, so per aggregate the highest sequence received
 * with none missing below it stands for all of them. Ids that do not fit (a plugin's own, a
 * sequence published past a hole) are kept whole. Answers exactly as the full set would.
 */
export class DeliveredEvents {
  /** Per aggregate: every canonical id `<aggregate>#1` to `#n` has been received. */
  private readonly throughByAggregate = new Map<string, number>();
  /** Received ids outside those runs. */
  private readonly others = new Set<string>();

  /** Records the event as received; false when its id was received before (a redelivery). */
  receive(event: Pick<PublishedEvent, 'eventId' | 'aggregateId' | 'sequence'>): boolean {
    const { eventId, aggregateId, sequence } = event;
    const canonical = isCanonicalId(eventId, aggregateId, sequence);
    const through = canonical ? (this.throughByAggregate.get(aggregateId) ?? 0) : 0;
    // A canonical id names its own aggregate and sequence: no need to read them back from the text.
    const received = canonical ? sequence <= through || this.others.has(eventId) : this.has(eventId);
    if (received) return false;
    if (canonical && sequence === through + 1) this.extend(aggregateId, sequence);
    else this.others.add(eventId);
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
    return sequence <= (this.throughByAggregate.get(eventId.slice(0, hash)) ?? 0);
  }

  /** The run grows to `sequence`, and swallows ids received earlier past the hole it closes. */
  private extend(aggregateId: string, sequence: number): void {
    let through = sequence;
    while (this.others.size > 0 && this.others.delete(`${aggregateId}#${through + 1}`)) through++;
    this.throughByAggregate.set(aggregateId, through);
  }
}

/** Whether `eventId` is exactly `<aggregateId>#<sequence>`, read in place (no text built per event). */
function isCanonicalId(eventId: string, aggregateId: string, sequence: number): boolean {
  if (!Number.isSafeInteger(sequence) || sequence < 1) return false;
  const hash = aggregateId.length;
  const digits = eventId.length - hash - 1;
  // A safe integer has at most 16 digits; more could round to it.
  if (digits < 1 || digits > 16 || eventId.charCodeAt(hash) !== 0x23 || !eventId.startsWith(aggregateId)) return false;
  let value = 0;
  for (let at = hash + 1; at < eventId.length; at++) {
    const digit = eventId.charCodeAt(at) - 0x30;
    // A leading zero is another spelling (`#07`), not the canonical one.
    if (digit < 0 || digit > 9 || (digit === 0 && at === hash + 1)) return false;
    value = value * 10 + digit;
  }
  return value === sequence;
}
