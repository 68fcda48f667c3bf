import { describe, expect, it } from 'vitest';
import { fixtureEvents, fixtureModel } from './fixture.ts';

describe('DashboardModel, folded from a trace', () => {
  it('counts each system by status', () => {
    const { systems, orders } = fixtureModel().snapshot();
    expect(orders).toEqual({ created: 2, closed: 1 });
    expect(systems.orchestrator).toEqual({ ALLOCATED: 1, COMPLETED: 1 });
    expect(systems.pos).toEqual({ HELD: 1 });
    expect(systems.wms).toEqual({ SHIPPED: 1 });
    expect(systems.payment).toEqual({ AUTHORIZED: 1, CAPTURED: 1 });
  });

  it('counts drift while the systems disagree, and not once they agree again', () => {
    const shippedIndex = fixtureEvents().findIndex((event) => event.kind === 'wms.line.shipped');
    const whileOpen = fixtureModel(shippedIndex + 1).snapshot().drift.byCategory;
    expect(whileOpen).toEqual({ SYSTEM_UNREACHABLE: 1, 'wms-ship-unconfirmed': 1 });
    expect(fixtureModel().snapshot().drift.byCategory).toEqual({});
  });

  it('sees two live holds for one FO line at one store as drift, until one goes', () => {
    const model = fixtureModel();
    const next = model.traceEvents;
    const hold = (index: number, kind: string, holdId: string) => ({ index, atMs: 15_000_000, kind, source: 'pos' as const, orderId: 'web-1', ref: 'FO-web-1-1:1', detail: `S1 ${holdId} SKU-1x1 PICKUP` });
    model.listen(hold(next, 'pos.hold.created', 'H-S1-2'));
    expect(model.snapshot().drift.byCategory).toEqual({ 'pos-duplicate-live-holds': 1 });
    model.listen(hold(next + 1, 'pos.hold.released', 'H-S1-1'));
    expect(model.snapshot().drift.byCategory).toEqual({});
  });

  it('tracks queues, dead letters and the exception queue by tier and age', () => {
    const beforeRead = fixtureModel(fixtureEvents().findIndex((event) => event.kind === 'wms.release.read')).snapshot();
    expect(beforeRead.queues.find((queue) => queue.name === 'wms-inbox DC1')?.depth).toBe(1);
    // The last event folded is release.sent, 100 s after the exception opened.
    expect(beforeRead.exceptions.byTier).toEqual([{ tier: 'P2', open: 1, ages: [1, 0, 0, 0], oldestMs: 100_000 }]);
    const end = fixtureModel().snapshot();
    expect(end.queues.find((queue) => queue.name === 'wms-inbox DC1')).toMatchObject({ depth: 0, peak: 1 });
    expect(end.queues.find((queue) => queue.name === 'http pos-s1.stores.local')).toMatchObject({ depth: 0, peak: 1 });
    expect(end.deadLetters.count).toBe(1);
    expect(end.exceptions.open).toBe(0);
  });

  it('feeds the run\'s own metrics collector', () => {
    const { metrics } = fixtureModel().snapshot();
    expect(metrics.ordersPlaced).toBe(2);
    expect(metrics.timeToAcknowledgeMs.count).toBe(1);
    expect(metrics.timeToAcknowledgeMs.p50).toBe(7_200_000 - 1_000);
    expect(metrics.deadLetters).toBe(1);
    expect(metrics.exceptionAging.bySlaTier).toEqual({ P2: { opened: 1, resolved: 1, open: 0 } });
  });

  it('keeps report data: series, histograms and timelines with faults marked', () => {
    const model = fixtureModel();
    model.finish();
    const report = model.report();
    expect(report.series.length).toBeGreaterThan(2);
    expect(report.series.some((point) => (point.drift['SYSTEM_UNREACHABLE'] ?? 0) > 0)).toBe(true);
    expect(report.histograms.orderLeadTimeMs).toEqual([10_800_000 - 1_000]);
    expect(report.histograms.exceptionResolutionMs).toEqual([14_400_000 - 3_600_000]);
    const troubled = report.timelines.find((order) => order.orderId === 'web-1');
    expect(troubled?.faults).toBeGreaterThan(0);
    expect(troubled?.events.some((event) => event.fault && event.kind === 'pos.quirk.ghost_success')).toBe(true);
  });
});
