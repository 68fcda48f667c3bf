/** Published events for checker tests, fed as the world feeds them (traced first, then whole). */
import type { PublishedEvent } from '../../orchestrator/ports.ts';
import { CheckerDispatch } from '../../sim/invariants/checker-dispatch.ts';
import { runEndOfRunChecks } from '../../sim/invariants/end-of-run.ts';
import type { CheckContext, Finding, InvariantChecker } from '../../sim/invariants/types.ts';
import type { TraceEvent } from '../../sim/kernel/trace.ts';

/** An event of `aggregateId` with sequence `sequence`, canonical id, about order `orderId`. */
export function published(type: string, aggregateId: string, sequence: number, orderId: string, payload: Record<string, unknown> = {}): PublishedEvent {
  return { eventId: `${aggregateId}#${sequence}`, type, aggregateId, sequence, occurredAtMs: sequence, source: 'test', correlationId: orderId, schemaVersion: 1, payload };
}

export function tracedAs(event: PublishedEvent, index: number): TraceEvent {
  return { index, atMs: index, kind: event.type, source: 'orchestrator', orderId: event.correlationId, ref: event.aggregateId, detail: JSON.stringify(event.payload) };
}

/** Feeds the events in order to the checker (trace index = position), then its end-of-run pass. */
export function feed(checker: InvariantChecker, context: CheckContext, events: readonly PublishedEvent[]): Finding[] {
  const findings: Finding[] = [];
  const dispatch = new CheckerDispatch([checker]);
  events.forEach((event, index) => {
    const traced = tracedAs(event, index);
    dispatch.onEvent(traced, context, (finding) => findings.push(finding));
    checker.onPublished?.(event, traced, context, (finding) => findings.push(finding));
  });
  runEndOfRunChecks([checker], context, (finding) => findings.push(finding));
  return findings;
}
