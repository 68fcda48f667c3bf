import type { Outbox } from '../outbox/outbox.ts';
import type { ClockPort, PublishedEvent, StorePort } from '../ports.ts';
import { requireTransaction } from '../store/require-transaction.ts';

export const EVENT_SCHEMA_VERSION = 1;

/**
 * Canonical event types, versioned from day one. What each carries, and what a downstream
 * consumer can rebuild from them (every order's FO states, line counters, money and close), is
 * the contract in docs/plugins.md ("Published events"); sim/invariants/event-projection.ts checks it.
 */
export type CanonicalEventType =
  | 'order.created'
  | 'order.closed'
  /** The gateway's books for a closed order agree with the orchestrator's (settlement sweep). */
  | 'order.settled'
  | 'routing.decided'
  | 'fulfillment.assigned'
  | 'fo.transitioned'
  | 'pickup.ready'
  /** Units a customer collected at the store (one per line, when the POS reports the hand-over). */
  | 'pickup.collected'
  /** Units shipped, per shipment: a WMS shipment row, or a store hold shipped. */
  | 'shipment.confirmed'
  | 'fulfillment.split'
  | 'payment.authorized'
  | 'payment.captured'
  | 'order.cancel_requested'
  | 'return.requested'
  | 'refund.issued'
  | 'inventory.snapshot_applied'
  | 'release.sent'
  /** A re-send request written to a DC's WMS (a document or a release's documents asked for again). */
  | 'resend.requested'
  | 'document.rejected'
  | 'dead_letter.added'
  | 'dead_letter.replayed'
  | 'adapter.queue_depth'
  | 'exception.opened'
  | 'recon.break_detected'
  | 'exception.resolved';

/**
 * Builds the envelope (event id, per-aggregate sequence, source, correlation) and puts the event
 * in the outbox, in the same step as the change it reports. The per-aggregate sequence lives in
 * the store so a restart continues it.
 */
export class EventPublisher {
  constructor(
    private readonly outbox: Outbox,
    private readonly clock: ClockPort,
    private readonly store: StorePort,
  ) {}

  publish(type: CanonicalEventType, aggregateId: string, correlationId: string, source: string, payload: Record<string, unknown>, causationId?: string): PublishedEvent {
    // The sequence number and the outbox entry commit with the change the event reports: an event
    // stored without it (or it without the event) is what the outbox exists to prevent.
    requireTransaction(this.store, `event ${type} of ${aggregateId} published`);
    return this.put(type, aggregateId, correlationId, source, payload, causationId);
  }

  private put(type: CanonicalEventType, aggregateId: string, correlationId: string, source: string, payload: Record<string, unknown>, causationId?: string): PublishedEvent {
    const sequence = (this.store.get<number>('event-seq', aggregateId) ?? 0) + 1;
    this.store.put('event-seq', aggregateId, sequence);
    const event: PublishedEvent = {
      eventId: `${aggregateId}#${sequence}`,
      type,
      aggregateId,
      sequence,
      occurredAtMs: this.clock.nowMs(),
      source,
      correlationId,
      schemaVersion: EVENT_SCHEMA_VERSION,
      payload,
    };
    // Set only when known, and last: the envelope's key order is part of what consumers hash.
    if (causationId !== undefined) event.causationId = causationId;
    this.outbox.add(event);
    return event;
  }
}
