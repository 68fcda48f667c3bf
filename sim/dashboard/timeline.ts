import type { TraceEvent, TraceSource } from '../kernel/trace.ts';
import { isFaultEvent } from './trace-facts.ts';

export interface TimelineEvent {
  index: number;
  atMs: number;
  kind: string;
  source: TraceSource;
  ref: string;
  detail: string;
  fault: boolean;
}

export interface OrderTimeline {
  orderId: string;
  closed: boolean;
  faults: number;
  events: TimelineEvent[];
  /** Events of this order past MAX_EVENTS_PER_ORDER, not kept. */
  eventsDropped: number;
}

export const MAX_EVENTS_PER_ORDER = 200;
const DETAIL_CHARS = 240;

/**
 * Keeps whole histories of a few orders for the report's per-order timeline: the first orders
 * that met a fault (up to `troubled`) and the first that went through clean (up to `clean`).
 * An order's events are held while it is open and dropped when it closes unless it is kept, so
 * memory follows the orders in flight, not the run's length.
 */
export class TimelineKeeper {
  private readonly open = new Map<string, OrderTimeline>();
  private readonly kept: OrderTimeline[] = [];
  private readonly keptById = new Map<string, OrderTimeline>();
  private keptTroubled = 0;
  private keptClean = 0;

  constructor(
    private readonly troubled = 24,
    private readonly clean = 6,
  ) {}

  add(event: TraceEvent, orderId: string): void {
    if (event.kind === 'order.created' && event.source === 'orchestrator') this.open.set(orderId, { orderId, closed: false, faults: 0, events: [], eventsDropped: 0 });
    // A kept order goes on collecting what follows its close (voids, returns, refunds).
    const timeline = this.open.get(orderId) ?? this.keptById.get(orderId);
    if (timeline === undefined) return;
    const fault = isFaultEvent(event);
    if (fault) timeline.faults++;
    if (timeline.events.length < MAX_EVENTS_PER_ORDER) {
      timeline.events.push({ index: event.index, atMs: event.atMs, kind: event.kind, source: event.source, ref: event.ref, detail: event.detail.length > DETAIL_CHARS ? `${event.detail.slice(0, DETAIL_CHARS)}...` : event.detail, fault });
    } else timeline.eventsDropped++;
    if (event.kind === 'order.closed' && event.source === 'orchestrator' && this.open.has(orderId)) this.close(timeline);
  }

  /** Orders kept for their faults, then those still open at the end (faults first: the stuck ones), then clean ones; up to `limit`. */
  result(limit = this.troubled + this.clean + 10): OrderTimeline[] {
    const stillOpen = [...this.open.values()].sort((a, b) => b.faults - a.faults || (a.orderId < b.orderId ? -1 : 1));
    const troubled = this.kept.filter((timeline) => timeline.faults > 0);
    const clean = this.kept.filter((timeline) => timeline.faults === 0);
    return [...troubled, ...stillOpen, ...clean].slice(0, limit).map((timeline) => ({ ...timeline, events: [...timeline.events] }));
  }

  private close(timeline: OrderTimeline): void {
    timeline.closed = true;
    this.open.delete(timeline.orderId);
    if (timeline.faults > 0 && this.keptTroubled < this.troubled) {
      this.keptTroubled++;
      this.keep(timeline);
    } else if (timeline.faults === 0 && this.keptClean < this.clean) {
      this.keptClean++;
      this.keep(timeline);
    }
  }

  private keep(timeline: OrderTimeline): void {
    this.kept.push(timeline);
    this.keptById.set(timeline.orderId, timeline);
  }
}
