import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { ExceptionView, FoView, OrderView } from '../../orchestrator/plugin.ts';
import { justifiedExceptionsChecker } from '../../sim/invariants/justified-exceptions.ts';
import { convergenceChecker } from '../../sim/invariants/convergence.ts';
import { moneyChecker } from '../../sim/invariants/money.ts';
import { commandOnceChecker } from '../../sim/invariants/command-once.ts';
import type { CheckContext, Finding } from '../../sim/invariants/types.ts';
import type { TraceEvent } from '../../sim/kernel/trace.ts';
import { DAY_MS } from '../fakes/test-env.ts';
import { atEnd, checkContextOf } from './check-context.ts';

/** One order, one FO, lines of (sku, quantity). */
function parkedOrder(orderId: string, state: FoView['state'], nodeId: string, lines: readonly [string, number][], channelOrderId = orderId): OrderView {
  const foId = `FO-${orderId}-1`;
  const fo: FoView = {
    foId,
    nodeId,
    method: null,
    state,
    terminal: state === 'COMPLETED' || state === 'CANCELLED',
    lines: lines.map(([sku, quantity], index) => ({ lineNo: index + 1, sku, quantity, unitPriceCents: 100, shipped: 0, pickedUp: 0, cancelled: 0, externalRef: `${foId}:${index + 1}` })),
  };
  return { orderId, payment: null, channel: 'web', channelOrderId, status: 'EXCEPTION', closed: false, fulfillmentOrders: [fo] };
}

function item(order: OrderView, category: string, exceptionId = `EX-${order.orderId}-${category}`): ExceptionView {
  const foId = order.fulfillmentOrders[0]?.foId ?? '';
  return { exceptionId, orderId: order.orderId, foId, category, suggestedAction: 'escalate', slaTier: 'P2', openedAtMs: 0, dueAtMs: 0, detail: `${category} detail` };
}

describe('parked FOs must name a cause the owners confirm (exceptions.parked-for-a-real-cause)', () => {
  it('reports an order parked UNROUTABLE while a node could serve every line, naming the node and its stock', () => {
    const order = parkedOrder('o1', 'EXCEPTION', '', [['SKU-1', 2]]);
    const { context } = checkContextOf({ orders: [order], exceptions: [item(order, 'UNROUTABLE')] });
    const findings = atEnd(justifiedExceptionsChecker, context);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.orderId).toBe('o1');
    expect(findings[0]?.detail).toContain('UNROUTABLE');
    expect(findings[0]?.detail).toContain('DC1 (5 available)');
    expect(findings[0]?.detail).toContain('S1 (10 available)');
  });

  it('accepts UNROUTABLE when no eligible node has the units: a pickup at a store whose shelf is empty', () => {
    const order = parkedOrder('o1', 'EXCEPTION', '', [['SKU-2', 1]]);
    const { context } = checkContextOf({ orders: [order], exceptions: [item(order, 'UNROUTABLE')], pickups: new Map([['o1', 'S1']]) });
    expect(atEnd(justifiedExceptionsChecker, context)).toEqual([]);
  });

  it('only counts the chosen store for a pickup: stock at the DC does not make a pickup routable', () => {
    const pickup = parkedOrder('o1', 'EXCEPTION', '', [['SKU-1', 5]]);
    const { context } = checkContextOf({ orders: [pickup], exceptions: [item(pickup, 'UNROUTABLE')], pickups: new Map([['o1', 'S2']]) });
    // S2 has 4 of SKU-1: five cannot be collected there, though DC1 has five.
    expect(atEnd(justifiedExceptionsChecker, context)).toEqual([]);
  });

  it('does not count a store cut off by an outage at the end as able to serve', () => {
    const order = parkedOrder('o1', 'EXCEPTION', '', [['SKU-3', 1]]);
    const offline = checkContextOf({ orders: [order], exceptions: [item(order, 'UNROUTABLE')], offline: new Set(['S1']) });
    expect(atEnd(justifiedExceptionsChecker, offline.context)).toEqual([]);
    const online = checkContextOf({ orders: [order], exceptions: [item(order, 'UNROUTABLE')] });
    expect(atEnd(justifiedExceptionsChecker, online.context)).toHaveLength(1);
  });

  it('does not count stock another order holds: a live hold keeps units off the shelf', () => {
    const order = parkedOrder('o1', 'EXCEPTION', '', [['SKU-3', 5]]);
    const { context, s1 } = checkContextOf({ orders: [order], exceptions: [item(order, 'UNROUTABLE')] });
    expect(atEnd(justifiedExceptionsChecker, context)).toHaveLength(1);
    s1.hold('FO-other-1:1', 'SKU-3', 1);
    expect(atEnd(justifiedExceptionsChecker, context)).toEqual([]);
  });

  it('accepts SYSTEM_UNREACHABLE only while the store is still down at the end', () => {
    const order = parkedOrder('o1', 'EXCEPTION', 'S1', [['SKU-1', 1]]);
    const exceptions = [item(order, 'SYSTEM_UNREACHABLE')];
    expect(atEnd(justifiedExceptionsChecker, checkContextOf({ orders: [order], exceptions, offline: new Set(['S1']) }).context)).toEqual([]);
    const findings = atEnd(justifiedExceptionsChecker, checkContextOf({ orders: [order], exceptions }).context);
    expect(findings[0]?.detail).toContain('S1 is online and answering at the end of the run');
  });

  it('accepts LOST_ACK when the WMS never took the release, and refuses LATE_CONFIRMATION then', () => {
    const order = parkedOrder('o1', 'EXCEPTION', 'DC1', [['SKU-1', 1]]);
    expect(atEnd(justifiedExceptionsChecker, checkContextOf({ orders: [order], exceptions: [item(order, 'LOST_ACK')] }).context)).toEqual([]);
    const late = atEnd(justifiedExceptionsChecker, checkContextOf({ orders: [order], exceptions: [item(order, 'LATE_CONFIRMATION')] }).context);
    expect(late[0]?.detail).toContain('has no line of FO-o1-1');
  });

  it('refuses REROUTE_LIMIT when no owner ever refused the order', () => {
    const order = parkedOrder('o1', 'EXCEPTION', '', [['SKU-1', 1]]);
    const findings = atEnd(justifiedExceptionsChecker, checkContextOf({ orders: [order], exceptions: [item(order, 'REROUTE_LIMIT')] }).context);
    expect(findings[0]?.detail).toContain('no owner refused FO-o1-1');
  });

  it('refuses a category it cannot verify, naming the ones it can', () => {
    const order = parkedOrder('o1', 'EXCEPTION', 'S1', [['SKU-1', 1]]);
    const findings = atEnd(justifiedExceptionsChecker, checkContextOf({ orders: [order], exceptions: [item(order, 'GREMLINS')] }).context);
    expect(findings[0]?.detail).toContain('cannot verify the category "GREMLINS"');
    expect(findings[0]?.detail).toContain('UNROUTABLE');
  });

  it('is satisfied when one of an FO\'s open items is confirmed', () => {
    const order = parkedOrder('o1', 'EXCEPTION', 'S1', [['SKU-1', 1]]);
    const exceptions = [item(order, 'SYSTEM_UNREACHABLE'), item(order, 'GREMLINS')];
    expect(atEnd(justifiedExceptionsChecker, checkContextOf({ orders: [order], exceptions, offline: new Set(['S1']) }).context)).toEqual([]);
  });

  it('leaves FOs that are not parked to the lifecycle checker', () => {
    const order = parkedOrder('o1', 'RELEASED', 'S1', [['SKU-1', 1]]);
    expect(atEnd(justifiedExceptionsChecker, checkContextOf({ orders: [order], exceptions: [item(order, 'GREMLINS')] }).context)).toEqual([]);
  });

  it('points at the event that opened the exception as the first bad event', () => {
    const order = parkedOrder('o1', 'EXCEPTION', '', [['SKU-1', 1]]);
    const exception = item(order, 'UNROUTABLE');
    const { context } = checkContextOf({ orders: [order], exceptions: [exception] });
    const opened: TraceEvent = { index: 12, atMs: 300, kind: 'exception.opened', source: 'orchestrator', orderId: 'o1', ref: exception.exceptionId, detail: '{}' };
    justifiedExceptionsChecker.onEvent?.(opened, context, () => undefined);
    expect(atEnd(justifiedExceptionsChecker, context)[0]?.firstBadEvent).toEqual({ index: 12, atMs: 300, kind: 'exception.opened' });
  });

  it('property: a parked UNROUTABLE ship line is justified exactly when no node has the units', () => {
    fc.assert(
      fc.property(fc.constantFrom('SKU-1', 'SKU-2', 'SKU-3'), fc.integer({ min: 1, max: 12 }), fc.subarray(['S1', 'S2']), (sku, quantity, down) => {
        const order = parkedOrder('o1', 'EXCEPTION', '', [[sku, quantity]]);
        const { context } = checkContextOf({ orders: [order], exceptions: [item(order, 'UNROUTABLE')], offline: new Set(down) });
        // What could ship: DC1 (SKU-1 5) and S1 when it is up (SKU-1 10, SKU-3 5); S2 only does pickups.
        const dc = sku === 'SKU-1' ? 5 : 0;
        const s1 = down.includes('S1') ? 0 : ({ 'SKU-1': 10, 'SKU-2': 0, 'SKU-3': 5 } as Record<string, number>)[sku] ?? 0;
        const servable = dc >= quantity || s1 >= quantity;
        expect(atEnd(justifiedExceptionsChecker, context).length).toBe(servable ? 1 : 0);
      }),
    );
  });
});

describe('parked FOs are compared with the owners\' books too', () => {
  it('reports a parked FO whose store shipped units the orchestrator does not know of', () => {
    const order = parkedOrder('o1', 'EXCEPTION', 'S1', [['SKU-1', 1]]);
    const { context, s1, env } = checkContextOf({ orders: [order], exceptions: [item(order, 'SYSTEM_UNREACHABLE')] });
    const hold = s1.hold('FO-o1-1:1', 'SKU-1', 1);
    expect(s1.post(`/holds/${hold.holdId}/pick`).status).toBe(200);
    env.advance(DAY_MS); // staff work the hold: a SHIP hold leaves the store
    expect(context.pos.holdsWithReference('FO-o1-1:1')[0]?.hold.status).toBe('SHIPPED');
    expect(atEnd(convergenceChecker, context).map((finding) => finding.detail)).toContain('FO-o1-1:1 at S1: POS shipped 1, orchestrator says 0');
  });

  it('lets a parked FO keep its live hold while a person decides', () => {
    const order = parkedOrder('o1', 'EXCEPTION', 'S1', [['SKU-1', 1]]);
    const { context, s1 } = checkContextOf({ orders: [order], exceptions: [item(order, 'SYSTEM_UNREACHABLE')] });
    s1.hold('FO-o1-1:1', 'SKU-1', 1);
    expect(atEnd(convergenceChecker, context)).toEqual([]);
  });

  it('reports a parked order whose ledger disagrees with the gateway on what was captured', () => {
    const order = { ...parkedOrder('o1', 'EXCEPTION', 'S1', [['SKU-1', 1]]), payment: { authorizedCents: 100, capturedCents: 100, refundedCents: 0, authorizationId: 'auth_1' } };
    const findings = atEnd(moneyChecker, checkContextOf({ orders: [order], exceptions: [item(order, 'SYSTEM_UNREACHABLE')] }).context);
    expect(findings[0]?.detail).toContain("orchestrator's ledger says 100 cents captured, the gateway 0");
  });
});

describe('cancels nobody asked for (idempotency.command-applied-once)', () => {
  function cancelledAsUnavailable(context: CheckContext, foId: string, reason: string): Finding[] {
    const findings: Finding[] = [];
    const event: TraceEvent = { index: 20, atMs: 900, kind: 'fo.transitioned', source: 'orchestrator', orderId: 'o1', ref: foId, detail: JSON.stringify({ foId, event: 'cancel', from: 'BACKORDERED', to: 'CANCELLED', reason, actor: 'sweep' }) };
    commandOnceChecker.onEvent?.(event, context, (finding) => findings.push(finding));
    return findings;
  }

  function cancelled(order: OrderView): OrderView {
    const [fo] = order.fulfillmentOrders;
    if (fo === undefined) throw new Error('no FO');
    return { ...order, closed: true, status: 'CANCELLED', fulfillmentOrders: [{ ...fo, state: 'CANCELLED', terminal: true, lines: fo.lines.map((line) => ({ ...line, cancelled: line.quantity })) }] };
  }

  it('reports units the orchestrator cancelled on its own when nobody asked and nothing was unavailable', () => {
    const order = cancelled(parkedOrder('o1', 'CANCELLED', '', [['SKU-1', 2]]));
    const findings = atEnd(commandOnceChecker, checkContextOf({ orders: [order], exceptions: [] }).context);
    expect(findings[0]?.detail).toBe('line 1: 2 units cancelled, customers asked to cancel 0');
  });

  it('reports a cancel "as unavailable" while a node had the units, at the event', () => {
    const order = cancelled(parkedOrder('o1', 'CANCELLED', '', [['SKU-1', 2]]));
    const { context } = checkContextOf({ orders: [order], exceptions: [] });
    const findings = cancelledAsUnavailable(context, 'FO-o1-1', 'unavailable: no node has SKU-1');
    expect(findings[0]?.detail).toContain('could be served');
    expect(findings[0]?.firstBadEvent?.index).toBe(20);
  });

  it('accepts a cancel as unavailable when no eligible node had the units, and does not count those units as unasked', () => {
    const order = cancelled(parkedOrder('o1', 'CANCELLED', '', [['SKU-2', 2]]));
    const { context } = checkContextOf({ orders: [order], exceptions: [] });
    expect(cancelledAsUnavailable(context, 'FO-o1-1', 'unavailable: no node has SKU-2')).toEqual([]);
    expect(atEnd(commandOnceChecker, context)).toEqual([]);
  });
});
