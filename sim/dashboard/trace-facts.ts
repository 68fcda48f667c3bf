import { fieldsOf } from '../kernel/trace-detail.ts';
import type { PublishedEvent } from '../../orchestrator/ports.ts';
import type { TraceEvent } from '../kernel/trace.ts';

export function textOf(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

/**
 * The order an event belongs to. The gateway knows orders only by its own reference, which is the
 * order id (`payment.authorized` has orderId '' and ref `web-0000001`).
 */
export function orderOfEvent(event: TraceEvent): string {
  if (event.orderId !== '') return event.orderId;
  return event.source === 'payment' ? event.ref : '';
}

/** `FO-web-0000001-1:2` -> `FO-web-0000001-1`. */
export function foOfLineRef(ref: string): string {
  const colon = ref.lastIndexOf(':');
  return colon > 0 ? ref.slice(0, colon) : ref;
}

/** Events that mark a fault, a quirk or trouble: what the per-order timeline flags in red. */
export function isFaultEvent(event: TraceEvent): boolean {
  const { kind } = event;
  return (
    kind.includes('.quirk.') ||
    kind === 'http.timeout' ||
    kind === 'http.lost' ||
    kind === 'http.reply_lost' ||
    kind === 'http.unanswered' ||
    kind === 'http.refused' ||
    kind === 'http.duplicated' ||
    kind === 'orchestrator.crashed' ||
    kind === 'exception.opened' ||
    kind === 'recon.break_detected' ||
    kind === 'dead_letter.added' ||
    kind === 'document.rejected' ||
    kind === 'wms.file.quarantined' ||
    kind === 'wms.file.rejected'
  );
}

/** The orchestrator events MetricsCollector.onPublished reads; the rest need no JSON parse. */
const METRIC_EVENTS: ReadonlySet<string> = new Set([
  'order.created',
  'order.closed',
  'fo.transitioned',
  'recon.break_detected',
  'exception.opened',
  'exception.resolved',
  'dead_letter.added',
  'adapter.queue_depth',
]);

/**
 * The published event a trace line stands for (the world records each one as type, correlation
 * id, aggregate id and compact payload), so the run's own MetricsCollector can be fed from a
 * trace file. Undefined for events the collector ignores.
 */
export function publishedOf(event: TraceEvent, startEpochMs: number): PublishedEvent | undefined {
  if (event.source !== 'orchestrator' || !METRIC_EVENTS.has(event.kind)) return undefined;
  return {
    eventId: '',
    type: event.kind,
    aggregateId: event.ref,
    sequence: 0,
    occurredAtMs: startEpochMs + event.atMs,
    source: 'orchestrator',
    correlationId: event.orderId,
    schemaVersion: 1,
    payload: fieldsOf(event),
  };
}
