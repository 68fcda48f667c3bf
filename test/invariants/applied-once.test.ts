import { describe, expect, it } from 'vitest';
import type { FoView, OrchestratorView, OrderView } from '../../orchestrator/plugin.ts';
import { runEndOfRunChecks } from '../../sim/invariants/end-of-run.ts';
import { commandOnceChecker } from '../../sim/invariants/command-once.ts';
import { shipmentOnceChecker } from '../../sim/invariants/shipment-once.ts';
import type { CheckContext, Finding } from '../../sim/invariants/types.ts';
import type { TraceEvent } from '../../sim/kernel/trace.ts';

function contextWith(orders: OrderView[]): CheckContext {
  const view: OrchestratorView = { orders: () => orders, order: (id) => orders.find((o) => o.orderId === id), openOrderCount: () => 0, openExceptions: () => [] };
  // These checkers read the trace and the view only.
  return { view, lastEventOf: () => ({ index: 99, atMs: 9, kind: 'fo.transitioned' }), orderOf: () => '' } as unknown as CheckContext;
}

let index = 0;
function event(kind: string, orderId: string, detail: string): TraceEvent {
  return { index: index++, atMs: index, kind, source: 'orchestrator', orderId, ref: '', detail };
}

function fo(foId: string, lines: { lineNo: number; quantity: number; cancelled: number }[]): FoView {
  return { foId, nodeId: 'DC1', method: 'SHIP_FROM_DC', state: 'CANCELLED', terminal: true, lines: lines.map((line) => ({ ...line, sku: 'SKU-1', unitPriceCents: 100, shipped: 0, pickedUp: 0, externalRef: `${foId}:${line.lineNo}` })) } as unknown as FoView;
}

function order(orderId: string, fos: FoView[]): OrderView {
  return { orderId, payment: null, channel: 'web', channelOrderId: orderId, status: 'CANCELLED', closed: true, fulfillmentOrders: fos };
}

function feed(context: CheckContext, events: TraceEvent[]): Finding[] {
  const findings: Finding[] = [];
  for (const item of events) {
    commandOnceChecker.onEvent?.(item, context, (finding) => findings.push(finding));
    shipmentOnceChecker.onEvent?.(item, context, (finding) => findings.push(finding));
  }
  runEndOfRunChecks([commandOnceChecker], context, (finding) => findings.push(finding));
  return findings;
}

describe('a customer command takes effect once (incidents 11, 12, 22)', () => {
  it('reports a second order for one channel order id, at the event that created it', () => {
    const created = JSON.stringify({ orderId: 'web-1', channel: 'web', channelOrderId: '1' });
    const second = event('order.created', 'web-1b', created);
    const findings = feed(contextWith([]), [event('order.created', 'web-1', created), second]);
    expect(findings.map((f) => f.invariant)).toEqual(['idempotency.command-applied-once']);
    expect(findings[0]?.firstBadEvent?.index).toBe(second.index);
  });

  it('reports a cancel request published more often than customers asked', () => {
    const once = feed(contextWith([]), [event('customer.cancel', 'o1', '1x1'), event('order.cancel_requested', 'o1', '{}')]);
    expect(once).toEqual([]);
    const twice = feed(contextWith([]), [event('customer.cancel', 'o2', '1x1'), event('order.cancel_requested', 'o2', '{}'), event('order.cancel_requested', 'o2', '{}')]);
    expect(twice.map((f) => f.orderId)).toEqual(['o2']);
  });

  it('reports more units cancelled than asked, not counting a pickup the orchestrator expired', () => {
    const orders = [order('o3', [fo('FO-o3-1', [{ lineNo: 1, quantity: 1, cancelled: 1 }]), fo('FO-o3-2', [{ lineNo: 1, quantity: 1, cancelled: 1 }])])];
    const asked = [event('customer.cancel', 'o3', '1x1'), event('order.cancel_requested', 'o3', '{}')];
    expect(feed(contextWith(orders), asked).map((f) => f.detail)).toEqual(['line 1: 2 units cancelled, customers asked to cancel 1']);
    const expired = event('fo.transitioned', 'o3', JSON.stringify({ foId: 'FO-o3-2', from: 'READY_FOR_PICKUP', to: 'PICKUP_EXPIRED' }));
    expect(feed(contextWith(orders), [...asked, expired])).toEqual([]);
  });

  it('never bounds a whole-order cancel', () => {
    const orders = [order('o4', [fo('FO-o4-1', [{ lineNo: 1, quantity: 3, cancelled: 3 }])])];
    expect(feed(contextWith(orders), [event('customer.cancel', 'o4', 'all'), event('order.cancel_requested', 'o4', '{}')])).toEqual([]);
  });
});

describe('each WMS shipment is applied once (incidents 7, 8)', () => {
  it('reports the same shipment of the same line confirmed twice; other lines and shipments are fine', () => {
    const row = (lineNo: number, shipmentId: string): TraceEvent => event('shipment.confirmed', 'o5', JSON.stringify({ foId: 'FO-o5-1', lineNo, shipmentId, quantity: 1 }));
    const again = row(1, 'SHP-1');
    const findings = feed(contextWith([]), [row(1, 'SHP-1'), row(2, 'SHP-1'), row(1, 'SHP-2'), again]);
    expect(findings.map((f) => f.invariant)).toEqual(['inbox.shipment-applied-once']);
    expect(findings[0]?.firstBadEvent?.index).toBe(again.index);
  });
});
