import { describe, expect, it } from 'vitest';
import type { PublishedEvent } from '../../orchestrator/ports.ts';
import { MetricsCollector } from '../../sim/report/metrics.ts';

let sequence = 0;

function published(type: string, aggregateId: string, payload: Record<string, unknown> = {}): PublishedEvent {
  sequence++;
  return { eventId: `${aggregateId}#${sequence}`, type, aggregateId, sequence, occurredAtMs: 0, source: 'test', correlationId: '', schemaVersion: 1, payload };
}

describe('metrics of the dead-letter queue and the POS waiting lines', () => {
  it('counts dead letters once per id, however often the outbox publishes them', () => {
    const collector = new MetricsCollector();
    expect(collector.result(0).deadLetters).toBe(0);
    collector.onPublished(published('dead_letter.added', 'wms:DC1/ACK_DC1_00000001.csv'));
    collector.onPublished(published('dead_letter.added', 'wms:DC1/ACK_DC1_00000001.csv'));
    collector.onPublished(published('dead_letter.added', 'pos:S1/H9@4'));
    expect(collector.result(0).deadLetters).toBe(2);
  });

  it('keeps the deepest line per store, peaks between two reports included', () => {
    const collector = new MetricsCollector();
    expect(collector.result(0).maxQueueDepthPerStore).toEqual({});
    collector.onPublished(published('adapter.queue_depth', 'S2:pos-holds', { storeId: 'S2', depth: 3, maxDepth: 3 }));
    collector.onPublished(published('adapter.queue_depth', 'S1:pos-holds', { storeId: 'S1', depth: 0, maxDepth: 7 }));
    collector.onPublished(published('adapter.queue_depth', 'S2:pos-holds', { storeId: 'S2', depth: 1, maxDepth: 1 }));
    expect(collector.result(0).maxQueueDepthPerStore).toEqual({ S1: 7, S2: 3 });
  });
});
