import { describe, expect, it } from 'vitest';
import type { FoView, OrderView } from '../../orchestrator/plugin.ts';
import { convergenceChecker } from '../../sim/invariants/convergence.ts';
import { holdUniquenessChecker } from '../../sim/invariants/hold-uniqueness.ts';
import { posHoldIdsChecker } from '../../sim/invariants/pos-hold-ids.ts';
import { lifecycleChecker } from '../../sim/invariants/lifecycle.ts';
import { lineCountersChecker } from '../../sim/invariants/line-counters.ts';
import { moneyChecker } from '../../sim/invariants/money.ts';
import { cancelledNotShippedChecker } from '../../sim/invariants/cancelled-not-shipped.ts';
import { refundsChecker } from '../../sim/invariants/refunds.ts';
import type { Finding } from '../../sim/invariants/types.ts';
import type { TraceEvent } from '../../sim/kernel/trace.ts';
import { NETWORK_COPY_HEADER } from '../../legacy-fakes/http.ts';
import { atEnd, checkContextOf } from './check-context.ts';

function fo(overrides: Partial<FoView> & Pick<FoView, 'foId' | 'state'>): FoView {
  const terminal = overrides.state === 'COMPLETED' || overrides.state === 'CANCELLED';
  return { nodeId: 'S1', method: 'SHIP_FROM_STORE', terminal, lines: [], ...overrides };
}

function order(orderId: string, fos: FoView[]): OrderView {
  return { orderId, payment: null, channel: 'web', channelOrderId: orderId, status: 'OPEN', closed: fos.every((f) => f.terminal), fulfillmentOrders: fos };
}

function contextWith(orders: OrderView[]) {
  const { context, s1, env } = checkContextOf({
    orders,
    lastEventOf: (orderId) => (orderId === '' ? null : { index: 41, atMs: 1000, kind: 'fo.transitioned' }),
    orderOf: (reference) => (reference.startsWith('FO-o1') ? 'o1' : ''),
  });
  return { context, pos: s1, env };
}

function event(kind: string, ref: string, orderId = 'o1'): TraceEvent {
  return { index: 7, atMs: 500, kind, source: 'pos', orderId, ref, detail: '' };
}

describe('hold uniqueness (incident 1)', () => {
  it('reports a second live hold for the same line at the same store, at the event that made it', () => {
    const { context, pos } = contextWith([]);
    pos.hold('FO-o1-1:1', 'SKU-1', 1);
    const findings: Finding[] = [];
    holdUniquenessChecker.onEvent?.(event('pos.hold.created', 'FO-o1-1:1'), context, (f) => findings.push(f));
    expect(findings).toEqual([]);

    pos.hold('FO-o1-1:1', 'SKU-1', 1);
    holdUniquenessChecker.onEvent?.(event('pos.hold.created', 'FO-o1-1:1'), context, (f) => findings.push(f));
    expect(findings).toHaveLength(1);
    expect(findings[0]?.detail).toContain('2 live holds for FO-o1-1:1 at S1');
    expect(findings[0]?.firstBadEvent).toEqual({ index: 7, atMs: 500, kind: 'pos.hold.created' });
    expect(findings[0]?.orderId).toBe('o1');
  });

  it('does not count a released hold', () => {
    const { context, pos } = contextWith([]);
    const first = pos.hold('FO-o1-1:1', 'SKU-1', 1);
    pos.delete(`/holds/${first.holdId}`);
    pos.hold('FO-o1-1:1', 'SKU-1', 1);
    const findings: Finding[] = [];
    holdUniquenessChecker.onEvent?.(event('pos.hold.created', 'FO-o1-1:1'), context, (f) => findings.push(f));
    expect(findings).toEqual([]);
  });

  it('does not count a hold the network copy of a hold request made, and still counts any other', () => {
    const { context, pos } = contextWith([]);
    const findings: Finding[] = [];
    pos.hold('FO-o1-1:1', 'SKU-1', 1);
    const copy = context.pos.handle('S1', { method: 'POST', path: '/holds', headers: { [NETWORK_COPY_HEADER]: '1' }, body: { externalRef: 'FO-o1-1:1', sku: 'SKU-1', quantity: 1, purpose: 'SHIP' } });
    expect(copy.status).toBe(201);
    holdUniquenessChecker.onEvent?.(event('pos.hold.created', 'FO-o1-1:1'), context, (f) => findings.push(f));
    expect(findings).toEqual([]);
    // A re-send of the orchestrator's own, while the copy is still live: two of its own.
    pos.hold('FO-o1-1:1', 'SKU-1', 1);
    holdUniquenessChecker.onEvent?.(event('pos.hold.created', 'FO-o1-1:1'), context, (f) => findings.push(f));
    expect(findings.map((f) => f.detail)).toEqual(['2 live holds for FO-o1-1:1 at S1: H-S1-1, H-S1-3']);
  });
});

describe('POS requests name holds the store issued', () => {
  it('reports the request the POS kept as naming a hold id it never issued, and nothing else', () => {
    const { context } = contextWith([]);
    const findings: Finding[] = [];
    const unknown: TraceEvent = { index: 9, atMs: 700, kind: 'pos.hold.unknown', source: 'pos', orderId: '', ref: 'null', detail: 'S1 release of null: this store never issued that hold id' };
    posHoldIdsChecker.onEvent?.(unknown, context, (f) => findings.push(f));
    posHoldIdsChecker.onEvent?.(event('pos.hold.released', 'FO-o1-1:1'), context, (f) => findings.push(f));
    expect(findings).toEqual([{ invariant: 'pos.requests-name-issued-holds', orderId: '', detail: 'S1 release of null: this store never issued that hold id', firstBadEvent: { index: 9, atMs: 700, kind: 'pos.hold.unknown' } }]);
  });

  it("names the order behind another store's hold id, asked of the wrong store", () => {
    const { context, pos } = contextWith([]);
    const hold = pos.hold('FO-o1-1:1', 'SKU-1', 1);
    const findings: Finding[] = [];
    const stale: TraceEvent = { index: 9, atMs: 700, kind: 'pos.hold.unknown', source: 'pos', orderId: '', ref: hold.holdId, detail: `S2 pick of ${hold.holdId}: this store never issued that hold id` };
    posHoldIdsChecker.onEvent?.(stale, context, (f) => findings.push(f));
    expect(findings.map((f) => [f.orderId, f.detail])).toEqual([['o1', `S2 pick of ${hold.holdId}: this store never issued that hold id (S1 issued it, for FO-o1-1:1)`]]);
  });
});

describe('line counters', () => {
  const line = { lineNo: 1, sku: 'SKU-1', quantity: 2, unitPriceCents: 999, shipped: 0, pickedUp: 0, cancelled: 0, externalRef: 'FO-o1-1:1' };

  it('reports a COMPLETED FO that shipped and handed over nothing (a wave of zeros taken for a shipment)', () => {
    const empty = atEnd(lineCountersChecker, contextWith([order('o1', [fo({ foId: 'FO-o1-1', state: 'COMPLETED', lines: [] })])]).context);
    expect(empty.map((f) => f.detail)).toEqual(['FO-o1-1 is COMPLETED but shipped and handed over nothing (it has no lines)']);
    const zeros = atEnd(lineCountersChecker, contextWith([order('o1', [fo({ foId: 'FO-o1-1', state: 'COMPLETED', lines: [{ ...line, quantity: 0 }] })])]).context);
    expect(zeros.map((f) => f.detail)).toEqual(['FO-o1-1 is COMPLETED but shipped and handed over nothing']);
  });

  it('passes a COMPLETED FO that shipped part and had the rest cancelled', () => {
    const shippedOne = { ...line, shipped: 1, cancelled: 1 };
    expect(atEnd(lineCountersChecker, contextWith([order('o1', [fo({ foId: 'FO-o1-1', state: 'COMPLETED', lines: [shippedOne] })])]).context)).toEqual([]);
  });
});

describe('lifecycle', () => {
  it('reports every order that is not closed, naming its open FOs and its last event', () => {
    const { context } = contextWith([order('o1', [fo({ foId: 'FO-o1-1', state: 'RELEASED' })]), order('o2', [fo({ foId: 'FO-o2-1', state: 'COMPLETED' })])]);
    const findings = atEnd(lifecycleChecker, context);
    expect(findings.map((f) => f.orderId)).toEqual(['o1']);
    expect(findings[0]?.detail).toContain('FO-o1-1@S1 RELEASED');
    expect(findings[0]?.firstBadEvent?.index).toBe(41);
  });
});

describe('convergence', () => {
  const shippedLine = { lineNo: 1, sku: 'SKU-1', quantity: 2, unitPriceCents: 999, shipped: 2, pickedUp: 0, cancelled: 0, externalRef: 'FO-o1-1:1' };

  it('reports a terminal FO whose POS hold is still live and not shipped', () => {
    const { context, pos } = contextWith([order('o1', [fo({ foId: 'FO-o1-1', state: 'COMPLETED', lines: [shippedLine] })])]);
    pos.hold('FO-o1-1:1', 'SKU-1', 2);
    const details = atEnd(convergenceChecker, context).map((f) => f.detail);
    expect(details).toContain('FO-o1-1:1 at S1: POS still holds H-S1-1 HELD but the FO is COMPLETED');
    expect(details).toContain('FO-o1-1:1 at S1: POS shipped 0, orchestrator says 2');
  });

  it('reports an orphan: a live hold the orchestrator does not have at that store', () => {
    const { context, pos } = contextWith([]);
    pos.hold('FO-o1-9:1', 'SKU-1', 1);
    const findings = atEnd(convergenceChecker, context);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.detail).toContain('orphan hold at S1: H-S1-1 HELD for FO-o1-9:1');
    expect(findings[0]?.orderId).toBe('o1');
  });

  it('keeps what one end-of-run pass learnt to that pass: an order owned in one run does not hide an orphan in the next', () => {
    const owned = contextWith([order('o1', [fo({ foId: 'FO-o1-9', state: 'ALLOCATED', lines: [{ ...shippedLine, externalRef: 'FO-o1-9:1', shipped: 0 }] })])]);
    owned.pos.hold('FO-o1-9:1', 'SKU-1', 1);
    expect(atEnd(convergenceChecker, owned.context)).toEqual([]);
    const orphaned = contextWith([]);
    orphaned.pos.hold('FO-o1-9:1', 'SKU-1', 1);
    expect(atEnd(convergenceChecker, orphaned.context).map((finding) => finding.detail)).toEqual(['orphan hold at S1: H-S1-1 HELD for FO-o1-9:1, which the orchestrator does not have at that store']);
  });

  it('finds nothing when the view and the POS agree', () => {
    const { context, pos, env } = contextWith([order('o1', [fo({ foId: 'FO-o1-1', state: 'COMPLETED', lines: [shippedLine] })])]);
    const hold = pos.hold('FO-o1-1:1', 'SKU-1', 2);
    pos.post(`/holds/${hold.holdId}/pick`);
    env.advance(24 * 3_600_000);
    expect(context.pos.holdsWithReference('FO-o1-1:1')[0]?.hold.status).toBe('SHIPPED');
    expect(atEnd(convergenceChecker, context)).toEqual([]);
  });
});

describe('money', () => {
  it('reports a closed order whose capture differs from what shipped, and a card hold left open', () => {
    const line = { lineNo: 1, sku: 'SKU-1', quantity: 2, unitPriceCents: 1000, shipped: 2, pickedUp: 0, cancelled: 0, externalRef: 'FO-o1-1:1' };
    const closed: OrderView = { ...order('o1', [fo({ foId: 'FO-o1-1', state: 'COMPLETED', lines: [line] })]), payment: { authorizationId: null, authorizedCents: 3000, capturedCents: 1000, refundedCents: 0 } };
    const { context } = contextWith([closed]);
    const gateway = (method: 'POST' | 'GET', path: string, body?: unknown) => context.payment.handle({ method, path, headers: {}, body });
    const auth = gateway('POST', '/authorizations', { reference: 'o1', amountCents: 3000, currency: 'USD' }).body as { authorizationId: string };
    gateway('POST', `/authorizations/${auth.authorizationId}/captures`, { amountCents: 1000 });
    const details = atEnd(moneyChecker, context).map((finding) => finding.detail);
    expect(details).toContain('gateway captured 1000 cents, goods worth 2000 cents were shipped or picked up');
    expect(details.some((detail) => detail.includes('still holds the customer\'s card'))).toBe(true);
  });

  it('finds nothing when captures match shipments and the rest was voided', () => {
    const line = { lineNo: 1, sku: 'SKU-1', quantity: 2, unitPriceCents: 1000, shipped: 2, pickedUp: 0, cancelled: 0, externalRef: 'FO-o1-1:1' };
    const closed: OrderView = { ...order('o1', [fo({ foId: 'FO-o1-1', state: 'COMPLETED', lines: [line] })]), payment: { authorizationId: null, authorizedCents: 3000, capturedCents: 2000, refundedCents: 0 } };
    const { context } = contextWith([closed]);
    const gateway = (path: string, body?: unknown) => context.payment.handle({ method: 'POST', path, headers: {}, body });
    const auth = gateway('/authorizations', { reference: 'o1', amountCents: 3000, currency: 'USD' }).body as { authorizationId: string };
    gateway(`/authorizations/${auth.authorizationId}/captures`, { amountCents: 2000 });
    gateway(`/authorizations/${auth.authorizationId}/void`, {});
    expect(atEnd(moneyChecker, context)).toEqual([]);
  });

  describe("the ledger's authorised amount after a card hold lapsed and was replaced", () => {
    const line = { lineNo: 1, sku: 'SKU-1', quantity: 2, unitPriceCents: 1000, shipped: 2, pickedUp: 0, cancelled: 0, externalRef: 'FO-o1-1:1' };

    /** 1000 captured under auth_1 (2000 authorised, the rest voided), then 1000 authorised and captured under auth_2. */
    function detailsFor(authorizationId: string, authorizedCents: number): string[] {
      const closed: OrderView = { ...order('o1', [fo({ foId: 'FO-o1-1', state: 'COMPLETED', lines: [line] })]), payment: { authorizationId, authorizedCents, capturedCents: 2000, refundedCents: 0 } };
      const { context } = contextWith([closed]);
      const gateway = (path: string, body?: unknown) => context.payment.handle({ method: 'POST', path, headers: {}, body });
      gateway('/authorizations', { reference: 'o1', amountCents: 2000, currency: 'USD' });
      gateway('/authorizations/auth_1/captures', { amountCents: 1000 });
      gateway('/authorizations/auth_1/void', {});
      gateway('/authorizations', { reference: 'o1', amountCents: 1000, currency: 'USD' });
      gateway('/authorizations/auth_2/captures', { amountCents: 1000 });
      return atEnd(moneyChecker, context).map((finding) => finding.detail);
    }

    it('passes earlier captures plus the amount in force', () => {
      expect(detailsFor('auth_2', 2000)).toEqual([]);
    });

    it('reports a wrong amount, and an authorisation the gateway never issued', () => {
      expect(detailsFor('auth_2', 1000)).toEqual(["orchestrator's ledger says 1000 cents authorised; the gateway has 1000 authorised under auth_2 and 1000 captured under earlier authorisations (2000)"]);
      expect(detailsFor('auth_9', 2000)).toEqual(["orchestrator's ledger names authorisation auth_9, which the gateway never issued for this order"]);
    });
  });
});

describe('cancelled units never shipped, by the POS\'s own books too (incident 4)', () => {
  const cancelledLine = { lineNo: 1, sku: 'SKU-1', quantity: 2, unitPriceCents: 999, shipped: 0, pickedUp: 0, cancelled: 2, externalRef: 'FO-o1-1:1' };

  it('reports a cancelled FO whose store shipped its hold anyway', () => {
    const { context, pos, env } = contextWith([order('o1', [fo({ foId: 'FO-o1-1', state: 'CANCELLED', lines: [cancelledLine] })])]);
    const hold = pos.hold('FO-o1-1:1', 'SKU-1', 2);
    pos.post(`/holds/${hold.holdId}/pick`);
    env.advance(24 * 3_600_000);
    const findings = atEnd(cancelledNotShippedChecker, context);
    expect(findings.map((finding) => finding.detail)).toEqual([`S1 shipped 2 of FO-o1-1:1 (hold ${hold.holdId}), which the orchestrator shows cancelled`]);
    expect(findings[0]?.orderId).toBe('o1');
  });

  it('does not blame a cancelled FO for a hold shipped at another store under its reference', () => {
    const { context, pos, env } = contextWith([order('o1', [fo({ foId: 'FO-o1-1', nodeId: 'S2', state: 'CANCELLED', lines: [cancelledLine] })])]);
    const hold = pos.hold('FO-o1-1:1', 'SKU-1', 2);
    pos.post(`/holds/${hold.holdId}/pick`);
    env.advance(24 * 3_600_000);
    expect(context.pos.holdsWithReference('FO-o1-1:1')[0]).toMatchObject({ storeId: 'S1', hold: { status: 'SHIPPED' } });
    expect(atEnd(cancelledNotShippedChecker, context)).toEqual([]);
  });

  it('finds nothing when the store released the hold', () => {
    const { context, pos } = contextWith([order('o1', [fo({ foId: 'FO-o1-1', state: 'CANCELLED', lines: [cancelledLine] })])]);
    const hold = pos.hold('FO-o1-1:1', 'SKU-1', 2);
    pos.delete(`/holds/${hold.holdId}`);
    expect(atEnd(cancelledNotShippedChecker, context)).toEqual([]);
  });
});

describe('every return refunded by the end (incident 19, liveness)', () => {
  const line = { lineNo: 1, sku: 'SKU-1', quantity: 1, unitPriceCents: 1000, shipped: 1, pickedUp: 0, cancelled: 0, externalRef: 'FO-o1-1:1' };
  const withReturn = (refundedCents: number): OrderView => ({
    ...order('o1', [fo({ foId: 'FO-o1-1', state: 'COMPLETED', lines: [line] })]),
    payment: { authorizationId: null, authorizedCents: 1000, capturedCents: 1000, refundedCents },
    lines: [{ lineNo: 1, sku: 'SKU-1', quantity: 1, unitPriceCents: 1000, open: 0, shipped: 1, pickedUp: 0, cancelled: 0, returned: 1 }],
    returns: [{ returnId: 'o1:R1', lines: [{ lineNo: 1, quantity: 1 }], amountCents: 1000, refundedCents, state: refundedCents >= 1000 ? 'refunded' : 'requested' }],
  });

  it('reports a return still owing the customer at the end', () => {
    const { context } = contextWith([withReturn(0)]);
    expect(atEnd(refundsChecker, context).map((finding) => finding.detail)).toEqual(['return o1:R1 still owes the customer 1000 of 1000 cents at the end, and the order is not on the exception queue']);
  });
});
