import type { PublishedEvent } from '../../orchestrator/ports.ts';
import type { TraceEvent } from '../kernel/trace.ts';

export interface RunMetrics {
  ordersPlaced: number;
  ordersClosed: number;
  /** POS hold requests answered with a hold, over all hold requests answered. */
  reservationSuccessRate: number | null;
  /** FOs fulfilled at the node routing first chose, over all FOs that reached a terminal state. */
  routingAccuracy: number | null;
  /** From release to acknowledgement, simulated ms. */
  timeToAcknowledgeMs: { count: number; p50: number | null; p95: number | null; max: number | null };
  /** Breaks found by reconciliation over orders checked (no reconciliation in the skeleton yet). */
  reconciliationBreakRate: number | null;
  /** Duplicate commands answered from stored outcomes, over duplicates sent. */
  duplicateSuppressionRate: number | null;
  exceptionAging: { open: number; oldestMs: number | null };
  foStates: Record<string, number>;
  httpRequests: number;
  httpTimeouts: number;
  filesWritten: number;
}

function percentile(sorted: readonly number[], fraction: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? null;
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
  private readonly releasedAt = new Map<string, number>();
  private readonly ackTimes: number[] = [];
  private readonly rerouted = new Set<string>();
  private readonly terminalFos = new Set<string>();
  private readonly exceptionSince = new Map<string, number>();
  private readonly foState = new Map<string, string>();

  onPublished(event: PublishedEvent): void {
    if (event.type === 'order.created') this.ordersPlaced++;
    else if (event.type === 'order.closed') this.ordersClosed++;
    else if (event.type === 'fo.transitioned') this.onTransition(event);
  }

  onTrace(event: TraceEvent): void {
    if (event.kind === 'http.response' && event.detail.startsWith('POST /holds ')) {
      if (/ -> 201\b/.test(event.detail)) this.holdsGranted++;
      else if (/ -> 409\b/.test(event.detail)) this.holdsRefused++;
    }
    if (event.kind === 'http.request') this.httpRequests++;
    else if (event.kind === 'http.timeout') this.httpTimeouts++;
    else if (event.kind === 'file.written') this.filesWritten++;
  }

  result(nowMs: number): RunMetrics {
    const sortedAcks = [...this.ackTimes].sort((a, b) => a - b);
    const foStates: Record<string, number> = {};
    for (const state of this.foState.values()) foStates[state] = (foStates[state] ?? 0) + 1;
    const oldest = [...this.exceptionSince.values()].reduce<number | null>((min, since) => (min === null || since < min ? since : min), null);
    const answered = this.holdsGranted + this.holdsRefused;
    return {
      ordersPlaced: this.ordersPlaced,
      ordersClosed: this.ordersClosed,
      reservationSuccessRate: answered === 0 ? null : this.holdsGranted / answered,
      routingAccuracy: this.terminalFos.size === 0 ? null : [...this.terminalFos].filter((foId) => !this.rerouted.has(foId)).length / this.terminalFos.size,
      timeToAcknowledgeMs: { count: sortedAcks.length, p50: percentile(sortedAcks, 0.5), p95: percentile(sortedAcks, 0.95), max: sortedAcks.at(-1) ?? null },
      reconciliationBreakRate: null,
      duplicateSuppressionRate: null,
      exceptionAging: { open: this.exceptionSince.size, oldestMs: oldest === null ? null : nowMs - oldest },
      foStates,
      httpRequests: this.httpRequests,
      httpTimeouts: this.httpTimeouts,
      filesWritten: this.filesWritten,
    };
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
