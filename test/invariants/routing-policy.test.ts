import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { NodeSpec } from '../../orchestrator/plugin.ts';
import type { Delivery, FulfillmentMethod } from '../../orchestrator/model/types.ts';
import { methodFor } from '../../orchestrator/routing/route-lines.ts';
import { deliveryMethodChecker, deliveryMismatch } from '../../sim/invariants/delivery-method.ts';
import { exceptionSlaChecker } from '../../sim/invariants/exception-sla.ts';
import { refusingNodeChecker } from '../../sim/invariants/refusing-node.ts';
import { rerouteLimitChecker } from '../../sim/invariants/reroute-limit.ts';
import { atEnd, checkContextOf } from './check-context.ts';
import { findingsOf, fo, line, NODES, order, owned, published } from './policy-fixtures.ts';

const created = (orderId: string, delivery: string) => published('order.created', orderId, { orderId, channel: 'web', channelOrderId: orderId, delivery, lines: 'SKU-1x1' });
const assigned = (orderId: string, nodeId: string, method: string) => published('fulfillment.assigned', orderId, { foId: `FO-${orderId}-1`, nodeId, method });

describe('routing.node-offers-the-delivery', () => {
  const context = () => checkContextOf({ orders: [], nodes: NODES, pickups: new Map([['o2', 'S2']]) }).context;

  it('accepts a shipment from a DC or a shipping store, and a pickup at the chosen store', () => {
    expect(findingsOf(deliveryMethodChecker, context(), [created('o1', 'SHIP'), assigned('o1', 'DC1', 'SHIP_FROM_DC'), assigned('o1', 'S1', 'SHIP_FROM_STORE'), created('o2', 'PICKUP@S2'), assigned('o2', 'S2', 'CURBSIDE')])).toEqual([]);
  });

  it('reports a pickup held at another store, a node sent a method it does not offer, and an order taken for the wrong delivery', () => {
    const details = findingsOf(deliveryMethodChecker, context(), [created('o2', 'PICKUP@S2'), assigned('o2', 'S1', 'BOPIS'), created('o1', 'SHIP'), assigned('o1', 'S2', 'SHIP_FROM_STORE'), created('o3', 'PICKUP@S1')]).map((finding) => finding.detail);
    expect(details).toEqual([
      'FO-o2-1 was assigned to S1 for BOPIS: the customer chose to collect at S2, not at S1',
      'FO-o1-1 was assigned to S2 for SHIP_FROM_STORE: S2 does not offer SHIP_FROM_STORE (it offers BOPIS, CURBSIDE)',
      'the order was taken for PICKUP@S1, but the customer chose SHIP',
    ]);
  });

  it('agrees with the router on every node and delivery: what it picks is accepted, and only a node it could pick is', () => {
    const methods: readonly FulfillmentMethod[] = ['SHIP_FROM_DC', 'SHIP_FROM_STORE', 'BOPIS', 'CURBSIDE'];
    const nodeArb = fc.record({ kind: fc.constantFrom<NodeSpec['kind']>('DC', 'STORE'), nodeId: fc.constantFrom('N1', 'N2'), methods: fc.subarray([...methods], { minLength: 1 }) });
    fc.assert(
      fc.property(nodeArb, fc.option(fc.constantFrom('N1', 'N2'), { nil: undefined }), fc.constantFrom(...methods), (shape, pickupAt, method) => {
        const node: NodeSpec = { ...shape, timeZone: 'UTC', safetyStock: 0 };
        const delivery: Delivery = pickupAt === undefined ? { method: 'SHIP' } : { method: 'PICKUP', storeId: pickupAt };
        const chosen = methodFor(node, delivery);
        if (chosen !== undefined) expect(deliveryMismatch(node, node.nodeId, chosen, pickupAt)).toBe('');
        if (deliveryMismatch(node, node.nodeId, method, pickupAt) === '') expect(chosen).toBeDefined();
      }),
    );
  });
});

describe('routing.reroutes-within-limit', () => {
  const reroute = (foId = 'FO-o1-1') => published('fo.transitioned', 'o1', { foId, event: 'reroute', from: 'REJECTED', to: 'ROUTING', nodeId: '' });
  const limit = (foId = 'FO-o1-1') => published('exception.opened', 'o1', { foId, category: 'REROUTE_LIMIT', suggestedAction: 'escalate', slaTier: 'P2', detail: '' });
  const context = () => checkContextOf({ orders: [], timing: { maxReroutes: 2 } }).context;

  it('accepts re-routes up to the limit and parking once it is reached', () => {
    expect(findingsOf(rerouteLimitChecker, context(), [reroute(), reroute(), limit()])).toEqual([]);
  });

  it('reports a re-route past the limit, and parking before it', () => {
    expect(findingsOf(rerouteLimitChecker, context(), [reroute(), reroute(), reroute()]).map((finding) => finding.detail)).toEqual(['FO-o1-1 was routed again after rejections 3 times (maxReroutes 2)']);
    expect(findingsOf(rerouteLimitChecker, context(), [reroute(), limit()]).map((finding) => finding.detail)).toEqual(['FO-o1-1 was parked REROUTE_LIMIT after 1 re-routes; the limit is 2']);
  });
});

describe('exceptions.sla-by-tier', () => {
  const opened = (orderId: string, category: string, slaTier: string) => published('exception.opened', orderId, { foId: `FO-${orderId}-1`, category, suggestedAction: 'retry', slaTier, detail: '' });

  it('accepts money and VIP breaks as P1, orphan holds as P3, the rest as P2', () => {
    const { context } = checkContextOf({ orders: [], vip: new Set(['o2']) });
    const events = [created('o1', 'SHIP'), created('o2', 'SHIP'), opened('o1', 'MONEY_MISMATCH', 'P1'), opened('o1', 'OVERSELL', 'P1'), opened('o2', 'LOST_ACK', 'P1'), opened('o1', 'ORPHAN_HOLD', 'P3'), opened('o1', 'LOST_ACK', 'P2')];
    expect(findingsOf(exceptionSlaChecker, context, events)).toEqual([]);
  });

  it('reports a VIP customer\'s break filed at a standard tier', () => {
    const { context } = checkContextOf({ orders: [], vip: new Set(['o2']) });
    expect(findingsOf(exceptionSlaChecker, context, [created('o2', 'SHIP'), opened('o2', 'UNROUTABLE', 'P2')])[0]?.detail).toBe('UNROUTABLE for FO-o2-1 opened as P2; a VIP customer\'s break is P1');
  });

  it('reports an open item whose due date does not follow its tier', () => {
    const item = { exceptionId: 'EX-FO-o1-1-LOST_ACK', orderId: 'o1', foId: 'FO-o1-1', category: 'LOST_ACK', suggestedAction: 'resync' as const, slaTier: 'P2' as const, openedAtMs: 0, dueAtMs: 4 * 3_600_000, detail: '' };
    const { context } = checkContextOf({ orders: [], exceptions: [item] });
    expect(atEnd(exceptionSlaChecker, context).map((finding) => finding.detail)).toEqual(['EX-FO-o1-1-LOST_ACK (LOST_ACK) is P2, due 4 h after it opened; it should be P2, due after 24 h']);
    const { context: fine } = checkContextOf({ orders: [], exceptions: [{ ...item, dueAtMs: 24 * 3_600_000 }] });
    expect(atEnd(exceptionSlaChecker, fine)).toEqual([]);
  });
});

describe('routing.refusing-node-not-asked-again (incident 13)', () => {
  const allocate = (foId: string, nodeId: string, actor = 'system', orderId = 'o1') => published('fo.transitioned', orderId, { foId, event: 'allocate', from: 'ROUTING', to: 'ALLOCATED', nodeId, actor });
  const assign = (foId: string, nodeId: string) => published('fulfillment.assigned', 'o1', { foId, nodeId, method: nodeId === 'DC1' ? 'SHIP_FROM_DC' : 'SHIP_FROM_STORE' });
  const reroute = (foId: string) => published('fo.transitioned', 'o1', { foId, event: 'reroute', from: 'REJECTED', to: 'ROUTING', nodeId: '' });
  const shippedShort = owned('wms.quirk.short_ship', 'FO-o1-1:1', 'DC1 SKU-1 shipped 0 of 2, 2 cancelled', 'wms');
  const split = published('fulfillment.split', 'o1', { foId: 'FO-o1-1', remainderFoId: 'FO-o1-2', lines: '1', reason: 'DC1 shipped short' });
  const orders = [order('o1', [fo('FO-o1-1', 'DC1', 'REJECTED', [line(1, 'FO-o1-1', 'SKU-1', 2)], 'SHIP_FROM_DC'), fo('FO-o1-2', 'DC1', 'ALLOCATED', [line(1, 'FO-o1-2', 'SKU-1', 2)], 'SHIP_FROM_DC')])];
  const context = () => checkContextOf({ orders, nodes: NODES }).context;

  it('reports an FO, or the remainder split off it, routed back to the DC whose WMS refused its line', () => {
    expect(findingsOf(refusingNodeChecker, context(), [allocate('FO-o1-1', 'DC1'), assign('FO-o1-1', 'DC1'), shippedShort, reroute('FO-o1-1'), allocate('FO-o1-1', 'DC1'), assign('FO-o1-1', 'DC1')]).map((finding) => finding.detail)).toEqual(['FO-o1-1 was routed to DC1 again, though DC1 refused FO-o1-1:1 (its WMS rejected it or shipped it short)']);
    expect(findingsOf(refusingNodeChecker, context(), [allocate('FO-o1-1', 'DC1'), assign('FO-o1-1', 'DC1'), shippedShort, split, allocate('FO-o1-2', 'DC1'), assign('FO-o1-2', 'DC1')])).toHaveLength(1);
  });

  it('lets the deadline\'s fresh count ask again, and another node take it', () => {
    expect(findingsOf(refusingNodeChecker, context(), [shippedShort, reroute('FO-o1-1'), allocate('FO-o1-1', 'DC1', 'sweep'), assign('FO-o1-1', 'DC1')])).toEqual([]);
    expect(findingsOf(refusingNodeChecker, context(), [shippedShort, reroute('FO-o1-1'), allocate('FO-o1-1', 'S1'), assign('FO-o1-1', 'S1')])).toEqual([]);
  });

  it('reports a store asked again after its staff found the line not on the shelf', () => {
    const storeOrders = [order('o1', [fo('FO-o1-1', 'S1', 'ALLOCATED', [line(1, 'FO-o1-1', 'SKU-3', 1)])])];
    const { context: storeContext, s1 } = checkContextOf({ orders: storeOrders, nodes: NODES });
    expect(s1.post('/holds', { externalRef: 'FO-o1-1:1', sku: 'SKU-2', quantity: 1, purpose: 'SHIP' }).status).toBe(409);
    const findings = findingsOf(refusingNodeChecker, storeContext, [reroute('FO-o1-1'), allocate('FO-o1-1', 'S1'), assign('FO-o1-1', 'S1')]);
    expect(findings.map((finding) => finding.detail)).toEqual(['FO-o1-1 was routed to S1 again, though S1 refused FO-o1-1:1 (a hold refused for lack of stock)']);
  });
});
