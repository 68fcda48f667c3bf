import type { PublishedEvent } from '../../orchestrator/ports.ts';
import type { TraceEvent } from '../kernel/trace.ts';
import { TraceHasher } from '../kernel/trace-hasher.ts';
import { isCanonicalId } from './canonical-id.ts';
import { appended } from './exact-array.ts';
import { stateKeyedBy } from './run-state.ts';
import { pointer, type CheckContext, type EventPointer, type Finding, type InvariantChecker } from './types.ts';

const NAME = 'events.per-aggregate-sequence';

/** What was published of one aggregate: everything up to `through`, and what came ahead of a hole. */
interface AggregateStream {
  /** Every sequence 1..through has been published. */
  through: number;
  /** Sequences published beyond a hole, with the first of them (where it went wrong). */
  ahead: Map<number, EventPointer> | undefined;
  /** Per sequence (index sequence - 1): a fingerprint of what it carried, to tell a redelivery from a different event. */
  prints: number[];
  /** Event ids that are not the canonical `<aggregate>#<sequence>`, by sequence. */
  oddIds: Map<number, string> | undefined;
  /** The correlation id of the aggregate's events (an order's, or a node's), for the finding. */
  orderId: string;
}

const streams = stateKeyedBy<CheckContext, Map<string, AggregateStream>>(() => new Map());

/** One hasher for every print: a print is taken whole before the next begins. */
const printer = new TraceHasher();
const payloadPrinter = new TraceHasher();

/** A fingerprint of the event's type, order and payload (the trace's print of it, when traced structured): equal for a true redelivery. */
function printOf(published: PublishedEvent, traced: TraceEvent): number {
  const payloadPrint = traced.dataPrint !== undefined && traced.data === published.payload ? traced.dataPrint : payloadPrinter.printOf(published.payload);
  printer.reset();
  printer.fold(published.type);
  printer.fold(published.correlationId);
  printer.foldWord(payloadPrint);
  // 30 bits: a small integer V8 stores unboxed in the array, one word per published event.
  return printer.laneA & 0x3fffffff;
}

/**
 * The prints with this one at `at`. Every aggregate's prints are kept for the whole run (a
 * redelivery may come after any restart), so the next in turn grows the array to its exact size
 * (an array grown in place keeps room for 16 more); one after a hole may leave it holey, as before.
 */
function remember(prints: number[], at: number, print: number): number[] {
  if (at !== prints.length) {
    prints[at] = print;
    return prints;
  }
  return appended(prints, print);
}

/** The correlation id when it names an order; '' for events about a node (a DC's releases, a store's queue). */
function orderOf(context: CheckContext, correlationId: string): string {
  return context.view.order(correlationId) === undefined ? '' : correlationId;
}

function finding(context: CheckContext, published: PublishedEvent, detail: string, where: EventPointer): Finding {
  return { invariant: NAME, orderId: orderOf(context, published.correlationId), detail, firstBadEvent: where };
}

function firstOf(ahead: ReadonlyMap<number, EventPointer>): [number, EventPointer] {
  return [...ahead.entries()].reduce((first, entry) => (entry[1].index < first[1].index ? entry : first));
}

/**
 * Published events, per aggregate, as a consumer receives them: sequences 1, 2, 3... with no hole
 * and none before the one it follows. The outbox relays at least once, so a sequence may come
 * again after a crash, but only as the same event (same id, type, order and payload); anything
 * else under a sequence already published is a different event a consumer would drop as a
 * duplicate. A sequence published after a later one is out of order (reported when it comes); a
 * hole still open at the end is an event lost for good.
 */
export const eventSequenceChecker: InvariantChecker = {
  name: NAME,
  // Runs for every published event: no closure and no pointer made unless something is found or kept.
  onPublished(published, traced, context, report) {
    const { aggregateId, sequence } = published;
    if (!Number.isSafeInteger(sequence) || sequence < 1) {
      report(finding(context, published, `${published.eventId} (${published.type}) of ${aggregateId} has sequence ${sequence}: sequences are whole numbers from 1`, pointer(traced)));
      return;
    }
    const all = streams(context);
    let stream = all.get(aggregateId);
    if (stream === undefined) {
      stream = { through: 0, ahead: undefined, prints: [], oddIds: undefined, orderId: published.correlationId };
      all.set(aggregateId, stream);
    }
    const print = printOf(published, traced);
    const seenBefore = sequence <= stream.through || stream.ahead?.has(sequence) === true;
    if (seenBefore) {
      const firstId = stream.oddIds?.get(sequence) ?? `${aggregateId}#${sequence}`;
      if (firstId !== published.eventId) report(finding(context, published, `${aggregateId} sequence ${sequence} published as ${firstId}, then again as ${published.eventId} (${published.type}): two events under one sequence`, pointer(traced)));
      else if (stream.prints[sequence - 1] !== print) report(finding(context, published, `${published.eventId} published again (${published.type}) with a different payload or order: a consumer keeps the first and never sees this one`, pointer(traced)));
      return;
    }
    stream.prints = remember(stream.prints, sequence - 1, print);
    if (!isCanonicalId(published.eventId, aggregateId, sequence)) (stream.oddIds ??= new Map()).set(sequence, published.eventId);
    if (sequence > stream.through + 1) {
      (stream.ahead ??= new Map()).set(sequence, pointer(traced));
      return;
    }
    if (stream.ahead !== undefined) {
      const [jumped, where] = firstOf(stream.ahead);
      // Where it went wrong: the later event that was published first.
      report(finding(context, published, `${published.eventId} (${published.type}) published after ${aggregateId}#${jumped} (event ${where.index}): out of order, a consumer applied ${jumped} first`, where));
    }
    stream.through = sequence;
    while (stream.ahead?.has(stream.through + 1) === true) {
      stream.ahead.delete(stream.through + 1);
      stream.through++;
    }
    if (stream.ahead?.size === 0) stream.ahead = undefined;
  },
  onRedelivered(published, traced, context, report) {
    this.onPublished?.(published, traced, context, report);
  },
  atEnd(context, report) {
    for (const [aggregateId, stream] of streams(context)) {
      if (stream.ahead === undefined) continue;
      const [jumped, where] = firstOf(stream.ahead);
      report({
        invariant: NAME,
        orderId: orderOf(context, stream.orderId),
        detail: `${aggregateId}#${stream.through + 1} was never published, though ${aggregateId}#${jumped} was (event ${where.index}): a consumer waits for it forever or misses it`,
        firstBadEvent: where,
      });
    }
  },
};
