import type { EventsPort, PublishedEvent, StorePort, TimersPort } from '../ports.ts';

const NAMESPACE = 'outbox';

/**
 * Transactional outbox: an event is stored in the same step as the state change that caused it,
 * and a relay publishes it afterwards, then deletes it. A crash between the two publishes it
 * again after the restart (at least once); consumers de-duplicate by event id.
 */
export class Outbox {
  private relayScheduled = false;
  private published = 0;

  constructor(
    private readonly store: StorePort,
    private readonly timers: TimersPort,
    private readonly events: EventsPort,
  ) {}

  add(event: PublishedEvent): void {
    this.store.put(NAMESPACE, event.eventId, event);
    this.scheduleRelay();
  }

  get depth(): number {
    let depth = 0;
    for (const _ of this.store.values(NAMESPACE)) depth++;
    return depth;
  }

  get publishedCount(): number {
    return this.published;
  }

  /** After a restart: publish whatever the previous process stored but never relayed. */
  resume(): void {
    this.scheduleRelay();
  }

  /** Publishes every pending event in order. Exposed so a fault can interrupt it between the steps. */
  relay(interruptAfterPublish?: (event: PublishedEvent) => boolean): void {
    this.relayScheduled = false;
    for (const event of this.store.values<PublishedEvent>(NAMESPACE)) {
      this.events.publish(event);
      this.published++;
      if (interruptAfterPublish?.(event) === true) return;
      this.store.delete(NAMESPACE, event.eventId);
    }
  }

  private scheduleRelay(): void {
    if (this.relayScheduled) return;
    this.relayScheduled = true;
    this.timers.setTimer('orchestrator.outbox-relay', 0, () => this.relay());
  }
}
