import { describe, expect, it } from 'vitest';
import type { PublishedEvent } from '../../orchestrator/ports.ts';
import type { TraceEvent, TraceSource } from '../../sim/kernel/trace.ts';
import { MetricsCollector, percentile } from '../../sim/report/metrics.ts';

let sequence = 0;

function published(type: string, aggregateId: string, atMs: number, payload: Record<string, unknown> = {}): PublishedEvent {
  sequence++;
  return { eventId: `${aggregateId}#${sequence}`, type, aggregateId, sequence, occurredAtMs: atMs, source: 'test', correlationId: 'o1', schemaVersion: 1, payload };
}

function traced(kind: string, detail = '', source: TraceSource = 'network'): TraceEvent {
  return { index: sequence++, atMs: 0, kind, source, orderId: '', ref: '', detail };
}

function transition(foId: string, atMs: number, to: string, event = 'x'): PublishedEvent {
  return published('fo.transitioned', foId, atMs, { foId, event, from: 'ANY', to, nodeId: 'N1' });
}

function opened(exceptionId: string, atMs: number, category: string, slaTier: string): PublishedEvent {
  return published('exception.opened', exceptionId, atMs, { foId: 'fo', category, suggestedAction: 'retry', slaTier, detail: '' });
}

function placeOrders(collector: MetricsCollector, count: number): void {
  for (let n = 0; n < count; n++) collector.onPublished(published('order.created', `o${n}`, 0));
}

describe('MetricsCollector with nothing observed', () => {
  it('gives null for every rate and percentile, and zero counts', () => {
    const m = new MetricsCollector().result(1_000);
    expect(m.ordersPlaced).toBe(0);
    expect(m.reservationSuccessRate).toBeNull();
    expect(m.routingAccuracy).toBeNull();
    expect(m.timeToAcknowledgeMs).toEqual({ count: 0, p50: null, p95: null, p99: null, max: null });
    expect(m.reconciliationBreakRate).toBeNull();
    expect(m.reconciliationBreaks).toEqual({ count: 0, byCategory: {} });
    expect(m.duplicateSuppressionRate).toBeNull();
    expect(m.duplicates).toEqual({ networkCopies: 0, duplicateHolds: 0, seen: 0, notSuppressed: 0 });
    expect(m.exceptionAging).toEqual({ open: 0, oldestMs: null, queueOpen: 0, ageP50Ms: null, ageMaxMs: null, bySlaTier: {} });
  });
});

describe('percentile (nearest rank)', () => {
  const hundred = Array.from({ length: 100 }, (_, index) => index + 1);
  it('picks the sample at ceil(p * n)', () => {
    expect(percentile(hundred, 0.5)).toBe(50);
    expect(percentile(hundred, 0.95)).toBe(95);
    expect(percentile(hundred, 0.99)).toBe(99);
    expect(percentile(hundred, 1)).toBe(100);
  });
  it('is not pushed up a rank by float noise', () => {
    // 0.07 * 100 is 7.000000000000001 in floating point.
    expect(percentile(hundred, 0.07)).toBe(7);
  });
  it('gives the only sample for one, and null for none', () => {
    expect(percentile([42], 0.5)).toBe(42);
    expect(percentile([42], 0.99)).toBe(42);
    expect(percentile([], 0.5)).toBeNull();
  });
});

describe('reservation success rate', () => {
  it('counts 201 as granted and 409 as refused, other answers and other paths not at all', () => {
    const collector = new MetricsCollector();
    for (const detail of ['POST /holds -> 201 H1', 'POST /holds -> 201 H2', 'POST /holds -> 201 H3', 'POST /holds -> 409 no stock', 'POST /holds -> 503', 'POST /holds/H1/release -> 201']) {
      collector.onTrace(traced('http.response', detail));
    }
    expect(collector.result(0).reservationSuccessRate).toBe(3 / 4);
  });
});

describe('routing accuracy', () => {
  it('is the share of terminal FOs never rerouted; FOs still open do not count', () => {
    const collector = new MetricsCollector();
    collector.onPublished(transition('fo1', 0, 'COMPLETED'));
    collector.onPublished(transition('fo2', 0, 'ROUTED', 'reroute'));
    collector.onPublished(transition('fo2', 1, 'CANCELLED'));
    collector.onPublished(transition('fo3', 0, 'CANCELLED'));
    collector.onPublished(transition('fo4', 0, 'ROUTED', 'reroute'));
    expect(collector.result(0).routingAccuracy).toBe(2 / 3);
  });
});

describe('time to acknowledge', () => {
  it('measures RELEASED to ACKNOWLEDGED per FO, with nearest-rank percentiles', () => {
    const collector = new MetricsCollector();
    // 100 FOs acknowledged 1..100 ms after release, fed in reverse so sorting matters.
    for (let n = 100; n >= 1; n--) {
      collector.onPublished(transition(`fo${n}`, 1_000, 'RELEASED'));
      collector.onPublished(transition(`fo${n}`, 1_000 + n, 'ACKNOWLEDGED'));
    }
    // Acknowledged without a release seen: no sample.
    collector.onPublished(transition('stray', 5_000, 'ACKNOWLEDGED'));
    expect(collector.result(0).timeToAcknowledgeMs).toEqual({ count: 100, p50: 50, p95: 95, p99: 99, max: 100 });
  });
});

describe('reconciliation break rate', () => {
  it('counts recon.break_detected and break-class exceptions over orders placed', () => {
    const collector = new MetricsCollector();
    placeOrders(collector, 8);
    collector.onPublished(published('recon.break_detected', 'S1/H9', 10, { category: 'ORPHAN_HOLD' }));
    collector.onPublished(published('recon.break_detected', 'S1/H10', 10, {}));
    collector.onPublished(opened('EX-fo1-LOST_ACK', 10, 'LOST_ACK', 'P2'));
    collector.onPublished(opened('EX-fo2-MONEY_MISMATCH', 10, 'MONEY_MISMATCH', 'P1'));
    // Operational exceptions are not reconciliation breaks.
    collector.onPublished(opened('EX-fo3-SYSTEM_UNREACHABLE', 10, 'SYSTEM_UNREACHABLE', 'P2'));
    collector.onPublished(opened('EX-fo4-UNROUTABLE', 10, 'UNROUTABLE', 'P2'));
    const m = collector.result(0);
    expect(m.reconciliationBreaks).toEqual({ count: 4, byCategory: { LOST_ACK: 1, MONEY_MISMATCH: 1, ORPHAN_HOLD: 1, UNCLASSIFIED: 1 } });
    expect(m.reconciliationBreakRate).toBe(4 / 8);
  });

  it('does not count a re-raise of an exception still open, but counts it again once resolved and reopened', () => {
    const collector = new MetricsCollector();
    placeOrders(collector, 2);
    collector.onPublished(opened('EX-fo1-LOST_ACK', 10, 'LOST_ACK', 'P2'));
    collector.onPublished(opened('EX-fo1-LOST_ACK', 20, 'LOST_ACK', 'P2'));
    expect(collector.result(0).reconciliationBreaks.count).toBe(1);
    collector.onPublished(published('exception.resolved', 'EX-fo1-LOST_ACK', 30, { foId: 'fo1', resolution: 'settled' }));
    collector.onPublished(opened('EX-fo1-LOST_ACK', 40, 'LOST_ACK', 'P2'));
    expect(collector.result(0).reconciliationBreaks.count).toBe(2);
    expect(collector.result(0).reconciliationBreakRate).toBe(1);
  });

  it('is null with breaks but no orders placed, the count still shown', () => {
    const collector = new MetricsCollector();
    collector.onPublished(published('recon.break_detected', 'S1/H9', 10, { category: 'ORPHAN_HOLD' }));
    const m = collector.result(0);
    expect(m.reconciliationBreakRate).toBeNull();
    expect(m.reconciliationBreaks.count).toBe(1);
  });
});

describe('duplicate suppression rate', () => {
  it('is the share of network copies that caused no duplicate POS hold', () => {
    const collector = new MetricsCollector();
    for (let n = 0; n < 4; n++) collector.onTrace(traced('http.duplicated', 'POST /holds'));
    collector.onTrace(traced('pos.quirk.duplicate_hold', 'H2 while another hold with that reference is live', 'pos'));
    const m = collector.result(0);
    expect(m.duplicates).toEqual({ networkCopies: 4, duplicateHolds: 1, seen: 4, notSuppressed: 1 });
    expect(m.duplicateSuppressionRate).toBe(3 / 4);
  });

  it('is 1 when copies arrived and none doubled a hold', () => {
    const collector = new MetricsCollector();
    collector.onTrace(traced('http.duplicated', 'GET /holds/H1'));
    expect(collector.result(0).duplicateSuppressionRate).toBe(1);
  });

  it('is 0, not null or negative, when duplicate holds outnumber network copies (retries double holds too)', () => {
    const collector = new MetricsCollector();
    collector.onTrace(traced('pos.quirk.duplicate_hold', '', 'pos'));
    collector.onTrace(traced('pos.quirk.duplicate_hold', '', 'pos'));
    const m = collector.result(0);
    expect(m.duplicates.seen).toBe(2);
    expect(m.duplicateSuppressionRate).toBe(0);
  });

  it('ignores other POS quirks', () => {
    const collector = new MetricsCollector();
    collector.onTrace(traced('pos.quirk.ghost_success', '', 'pos'));
    expect(collector.result(0).duplicateSuppressionRate).toBeNull();
  });
});

describe('exception aging', () => {
  it('ages open queue items at the end of the run and counts them per SLA tier', () => {
    const collector = new MetricsCollector();
    collector.onPublished(opened('EX-a', 1_000, 'LOST_ACK', 'P1'));
    collector.onPublished(opened('EX-b', 2_000, 'ORPHAN_HOLD', 'P3'));
    collector.onPublished(opened('EX-c', 3_000, 'SYSTEM_UNREACHABLE', 'P2'));
    collector.onPublished(opened('EX-d', 4_000, 'LOST_ACK', 'P1'));
    collector.onPublished(opened('EX-a', 4_500, 'LOST_ACK', 'P1')); // re-raise: keeps its first opening time
    collector.onPublished(published('exception.resolved', 'EX-d', 5_000, { foId: 'fo', resolution: 'settled' }));
    collector.onPublished(published('exception.resolved', 'EX-unknown', 5_000, { foId: 'fo', resolution: 'settled' }));
    const aging = collector.result(10_000).exceptionAging;
    expect(aging.queueOpen).toBe(3);
    // Ages 9000, 8000, 7000: nearest-rank p50 of three is the second.
    expect(aging.ageP50Ms).toBe(8_000);
    expect(aging.ageMaxMs).toBe(9_000);
    expect(aging.bySlaTier).toEqual({
      P1: { opened: 2, resolved: 1, open: 1 },
      P2: { opened: 1, resolved: 0, open: 1 },
      P3: { opened: 1, resolved: 0, open: 1 },
    });
  });

  it('keeps counting FOs parked in EXCEPTION separately from the queue', () => {
    const collector = new MetricsCollector();
    collector.onPublished(transition('fo1', 2_000, 'EXCEPTION'));
    collector.onPublished(transition('fo2', 3_000, 'EXCEPTION'));
    collector.onPublished(transition('fo2', 4_000, 'ROUTED'));
    const aging = collector.result(10_000).exceptionAging;
    expect(aging.open).toBe(1);
    expect(aging.oldestMs).toBe(8_000);
    expect(aging.queueOpen).toBe(0);
  });
});

describe('traffic counts', () => {
  it('counts requests, timeouts and files written', () => {
    const collector = new MetricsCollector();
    collector.onTrace(traced('http.request', 'POST /holds {}'));
    collector.onTrace(traced('http.request', 'GET /holds/H1'));
    collector.onTrace(traced('http.timeout', 'GET /holds/H1'));
    collector.onTrace(traced('file.written', 'out/x.csv', 'files'));
    const m = collector.result(0);
    expect([m.httpRequests, m.httpTimeouts, m.filesWritten]).toEqual([2, 1, 1]);
  });
});

describe('a break reported and then queued', () => {
  it('counts once when recon.break_detected and exception.opened name the same order and category', () => {
    const collector = new MetricsCollector();
    const base = { sequence: 1, occurredAtMs: 0, source: 'test', correlationId: 'o9', schemaVersion: 1 };
    collector.onPublished({ ...base, eventId: 'a#1', type: 'order.created', aggregateId: 'o9', payload: {} });
    collector.onPublished({ ...base, eventId: 'b#1', type: 'recon.break_detected', aggregateId: 'o9', payload: { category: 'MONEY_MISMATCH' } });
    collector.onPublished({ ...base, eventId: 'c#1', type: 'exception.opened', aggregateId: 'EX-o9-MONEY_MISMATCH', payload: { category: 'MONEY_MISMATCH', slaTier: 'P1' } });
    expect(collector.result(0).reconciliationBreaks.count).toBe(1);
  });
});
