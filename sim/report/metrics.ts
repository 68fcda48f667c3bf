import type { PublishedEvent } from '../../orchestrator/ports.ts';
import type { TraceEvent } from '../kernel/trace.ts';
import { RECONCILIATION_BREAK_CATEGORIES } from '../../orchestrator/exceptions/exception-queue.ts';

/** Exception classes that are reconciliation breaks, as the orchestrator's queue names them; the rest are operational. */
const BREAKS: ReadonlySet<string> = new Set(RECONCILIATION_BREAK_CATEGORIES);

/** Per SLA tier (`P1`, `P2`, `P3`) of the exception queue. */
export interface SlaTierCounts {
  /** Exceptions opened in this tier during the run (a re-raise of one still open is not counted). */
  opened: number;
  /** Of those, resolved during the run. */
  resolved: number;
  /** Still open at the end of the run. */
  open: number;
}

/**
 * The operational metrics an order-management team watches, as they appear in the run JSON. Field names are stable:
 * reports and dashboards read them. Rates are fractions in [0, 1], or null when their denominator
 * is zero (nothing to measure is not the same as 0% or 100%). Percentiles are nearest-rank: the
 * smallest sample with at least that fraction of the samples at or below it.
 */
export interface RunMetrics {
  /** `order.created` events. */
  ordersPlaced: number;
  /** `order.closed` events. */
  ordersClosed: number;
  /** POS hold requests answered with a hold (201), over all hold requests answered (201 or 409). */
  reservationSuccessRate: number | null;
  /** FOs that reached COMPLETED or CANCELLED without ever being rerouted, over all FOs that did. */
  routingAccuracy: number | null;
  /** From an FO's RELEASED to its ACKNOWLEDGED transition, simulated ms. */
  timeToAcknowledgeMs: { count: number; p50: number | null; p95: number | null; p99: number | null; max: number | null };
  /**
   * Reconciliation breaks detected over orders placed (null with no orders). A break is a
   * `recon.break_detected` event, or an `exception.opened` whose category is in
   * RECONCILIATION_BREAK_CATEGORIES and whose exception was not already open (the orchestrator
   * republishes `exception.opened` when it raises one that is still open). Can exceed 1: an order
   * may break more than once.
   */
  reconciliationBreakRate: number | null;
  /** The breaks behind reconciliationBreakRate, by category (`recon.break_detected` without one counts as `UNCLASSIFIED`). */
  reconciliationBreaks: { count: number; byCategory: Record<string, number> };
  /**
   * Duplicates suppressed over duplicates seen, null when none were seen. What the run can see
   * today: the network delivering a request twice (`http.duplicated`), and the POS creating a
   * second live hold for one reference (`pos.quirk.duplicate_hold`: the POS has no idempotency of
   * its own, so that is a duplicate side effect nobody suppressed, whether a network copy or the
   * orchestrator's own retry caused it). The two cannot be matched one to one from the trace, so
   * seen = max(network copies, duplicate holds) (each duplicate hold had some duplicate behind it),
   * notSuppressed = duplicate holds, and the rate is (seen - notSuppressed) / seen. WMS documents
   * read again are not counted: the orchestrator publishes nothing for them yet.
   */
  duplicateSuppressionRate: number | null;
  /** The counts behind duplicateSuppressionRate. */
  duplicates: { networkCopies: number; duplicateHolds: number; seen: number; notSuppressed: number };
  /**
   * `open`/`oldestMs`: FOs parked in EXCEPTION at the end and the age of the oldest. The rest is
   * the exception queue, from `exception.opened` and `exception.resolved`: items still open,
   * the p50 and max of their ages at the end of the run, and counts per SLA tier.
   */
  exceptionAging: {
    open: number;
    oldestMs: number | null;
    queueOpen: number;
    ageP50Ms: number | null;
    ageMaxMs: number | null;
    bySlaTier: Record<string, SlaTierCounts>;
  };
  /** FOs by their last published state. */
  foStates: Record<string, number>;
  httpRequests: number;
  httpTimeouts: number;
  filesWritten: number;
  /**
   * Inbound messages the orchestrator could not read and kept on its dead-letter queue: distinct
   * `dead_letter.added` events (by dead-letter id, so an outbox re-publish after a crash counts once).
   */
  deadLetters: number;
  /**
   * Per store: the deepest its line of POS hold placements waiting for a free slot got (the
   * orchestrator bounds placements in flight per store), from `adapter.queue_depth` events
   * (`maxDepth`, the peak since the previous report). Stores that never reported are absent.
   */
  maxQueueDepthPerStore: Record<string, number>;
}

/** Nearest rank, so a percentile is always a sample that happened (p50 of 1..100 is 50, p99 is 99). */
export function percentile(sorted: readonly number[], fraction: number): number | null {
  if (sorted.length === 0) return null;
  // The epsilon keeps float noise (0.07 * 100 = 7.000000000000001) from moving a rank up by one.
  const rank = Math.max(1, Math.ceil(fraction * sorted.length - 1e-9));
  return sorted[Math.min(sorted.length, rank) - 1] ?? null;
}

interface OpenException {
  openedAtMs: number;
  slaTier: string;
}

/** Collects the operational metrics from what the world observes (events, HTTP, files). */
export class MetricsCollector {
  private ordersPlaced = 0;
  private ordersClosed = 0;
  private holdsGranted = 0;
  private holdsRefused = 0;
  private httpRequests = 0;
  private httpTimeouts = 0;
  private filesWritten = 0;
  private networkCopies = 0;
  private duplicateHolds = 0;
  /** Breaks already counted from `recon.break_detected`, keyed by order and category, awaiting their exception. */
  private readonly reportedBreaks = new Set<string>();
  private readonly releasedAt = new Map<string, number>();
  private readonly ackTimes: number[] = [];
  private readonly rerouted = new Set<string>();
  private readonly terminalFos = new Set<string>();
  private readonly exceptionSince = new Map<string, number>();
  private readonly foState = new Map<string, string>();
  private readonly breaksByCategory = new Map<string, number>();
  /** Exception queue items by exception id (the events' aggregate id). */
  private readonly openExceptions = new Map<string, OpenException>();
  private readonly tiers = new Map<string, SlaTierCounts>();
  private readonly deadLetterIds = new Set<string>();
  private readonly maxQueueDepth = new Map<string, number>();

  onPublished(event: PublishedEvent): void {
    switch (event.type) {
      case 'order.created':
        this.ordersPlaced++;
        break;
      case 'order.closed':
        this.ordersClosed++;
        break;
      case 'fo.transitioned':
        this.onTransition(event);
        break;
      case 'recon.break_detected': {
        const category = typeof event.payload['category'] === 'string' ? event.payload['category'] : 'UNCLASSIFIED';
        // A break reported and then put on the queue for the same order is one break, not two.
        this.reportedBreaks.add(`${event.correlationId}|${category}`);
        this.countBreak(category);
        break;
      }
      case 'exception.opened':
        this.onExceptionOpened(event);
        break;
      case 'exception.resolved':
        this.onExceptionResolved(event);
        break;
      case 'dead_letter.added':
        this.deadLetterIds.add(event.aggregateId);
        break;
      case 'adapter.queue_depth': {
        const storeId = String(event.payload['storeId']);
        const depth = Number(event.payload['maxDepth'] ?? event.payload['depth'] ?? 0);
        this.maxQueueDepth.set(storeId, Math.max(this.maxQueueDepth.get(storeId) ?? 0, depth));
        break;
      }
      default:
        break;
    }
  }

  onTrace(event: TraceEvent): void {
    if (event.kind === 'http.response') {
      // The head, not the detail: reading the detail would format the body of every response.
      const head = event.head ?? event.detail;
      if (head.startsWith('POST /holds ')) {
        if (/ -> 201\b/.test(head)) this.holdsGranted++;
        else if (/ -> 409\b/.test(head)) this.holdsRefused++;
      }
    }
    if (event.kind === 'http.request') this.httpRequests++;
    else if (event.kind === 'http.timeout') this.httpTimeouts++;
    else if (event.kind === 'file.written') this.filesWritten++;
    else if (event.kind === 'http.duplicated') this.networkCopies++;
    else if (event.kind === 'pos.quirk.duplicate_hold') this.duplicateHolds++;
  }

  result(nowMs: number): RunMetrics {
    const sortedAcks = [...this.ackTimes].sort((a, b) => a - b);
    const foStates: Record<string, number> = {};
    for (const state of this.foState.values()) foStates[state] = (foStates[state] ?? 0) + 1;
    const oldest = [...this.exceptionSince.values()].reduce<number | null>((min, since) => (min === null || since < min ? since : min), null);
    const answered = this.holdsGranted + this.holdsRefused;
    const breaks = [...this.breaksByCategory.values()].reduce((sum, count) => sum + count, 0);
    const seen = Math.max(this.networkCopies, this.duplicateHolds);
    const ages = [...this.openExceptions.values()].map((item) => nowMs - item.openedAtMs).sort((a, b) => a - b);
    const bySlaTier: Record<string, SlaTierCounts> = {};
    for (const [tier, counts] of [...this.tiers].sort(([a], [b]) => (a < b ? -1 : 1))) bySlaTier[tier] = { ...counts };
    return {
      ordersPlaced: this.ordersPlaced,
      ordersClosed: this.ordersClosed,
      reservationSuccessRate: answered === 0 ? null : this.holdsGranted / answered,
      routingAccuracy: this.terminalFos.size === 0 ? null : [...this.terminalFos].filter((foId) => !this.rerouted.has(foId)).length / this.terminalFos.size,
      timeToAcknowledgeMs: {
        count: sortedAcks.length,
        p50: percentile(sortedAcks, 0.5),
        p95: percentile(sortedAcks, 0.95),
        p99: percentile(sortedAcks, 0.99),
        max: sortedAcks.at(-1) ?? null,
      },
      reconciliationBreakRate: this.ordersPlaced === 0 ? null : breaks / this.ordersPlaced,
      reconciliationBreaks: { count: breaks, byCategory: Object.fromEntries([...this.breaksByCategory].sort(([a], [b]) => (a < b ? -1 : 1))) },
      duplicateSuppressionRate: seen === 0 ? null : (seen - this.duplicateHolds) / seen,
      duplicates: { networkCopies: this.networkCopies, duplicateHolds: this.duplicateHolds, seen, notSuppressed: this.duplicateHolds },
      exceptionAging: {
        open: this.exceptionSince.size,
        oldestMs: oldest === null ? null : nowMs - oldest,
        queueOpen: this.openExceptions.size,
        ageP50Ms: percentile(ages, 0.5),
        ageMaxMs: ages.at(-1) ?? null,
        bySlaTier,
      },
      foStates,
      httpRequests: this.httpRequests,
      httpTimeouts: this.httpTimeouts,
      filesWritten: this.filesWritten,
      deadLetters: this.deadLetterIds.size,
      maxQueueDepthPerStore: Object.fromEntries([...this.maxQueueDepth].sort(([a], [b]) => (a < b ? -1 : 1))),
    };
  }

  private countBreak(category: string): void {
    this.breaksByCategory.set(category, (this.breaksByCategory.get(category) ?? 0) + 1);
  }

  private tier(name: string): SlaTierCounts {
    let counts = this.tiers.get(name);
    if (counts === undefined) {
      counts = { opened: 0, resolved: 0, open: 0 };
      this.tiers.set(name, counts);
    }
    return counts;
  }

  private onExceptionOpened(event: PublishedEvent): void {
    // Raising an exception that is still open republishes the event: the same item, not a new break.
    if (this.openExceptions.has(event.aggregateId)) return;
    const category = String(event.payload['category']);
    const slaTier = typeof event.payload['slaTier'] === 'string' ? event.payload['slaTier'] : 'UNTIERED';
    this.openExceptions.set(event.aggregateId, { openedAtMs: event.occurredAtMs, slaTier });
    const counts = this.tier(slaTier);
    counts.opened++;
    counts.open++;
    if (BREAKS.has(category) && !this.reportedBreaks.delete(`${event.correlationId}|${category}`)) this.countBreak(category);
  }

  private onExceptionResolved(event: PublishedEvent): void {
    const item = this.openExceptions.get(event.aggregateId);
    // A resolution of an item opened before the collector started listening has no tier to count in.
    if (item === undefined) return;
    this.openExceptions.delete(event.aggregateId);
    const counts = this.tier(item.slaTier);
    counts.resolved++;
    counts.open--;
  }

  private onTransition(event: PublishedEvent): void {
    const foId = String(event.payload['foId']);
    const to = String(event.payload['to']);
    const trigger = String(event.payload['event']);
    this.foState.set(foId, to);
    if (to === 'RELEASED') this.releasedAt.set(foId, event.occurredAtMs);
    if (to === 'ACKNOWLEDGED') {
      const released = this.releasedAt.get(foId);
      if (released !== undefined) this.ackTimes.push(event.occurredAtMs - released);
      this.releasedAt.delete(foId);
    }
    if (trigger === 'reroute') this.rerouted.add(foId);
    if (to === 'EXCEPTION') this.exceptionSince.set(foId, event.occurredAtMs);
    else this.exceptionSince.delete(foId);
    if (to === 'COMPLETED' || to === 'CANCELLED') this.terminalFos.add(foId);
  }
}
