import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FoView, OrderView } from '../../orchestrator/plugin.ts';
import type { PublishedEvent } from '../../orchestrator/ports.ts';
import { eventProjectionChecker } from '../../sim/invariants/event-projection.ts';
import { checkContextOf } from './check-context.ts';
import { feed, published } from './published.ts';

const NAME = 'events.consumer-view-matches';
const STATES = ['ROUTING', 'ALLOCATED', 'RELEASED', 'SHIPPED', 'PICKED_UP', 'COMPLETED', 'CANCELLED', 'EXCEPTION'] as const;

/** One thing that happened to the order, as the orchestrator would both record and announce it. */
type Fact =
  | { kind: 'state'; fo: number; to: (typeof STATES)[number]; cancel?: { line: number; units: number } }
  | { kind: 'ship' | 'pickup'; fo: number; line: number; units: number }
  | { kind: 'capture' | 'refund'; cents: number }
  | { kind: 'return'; line: number; units: number };

const fact: fc.Arbitrary<Fact> = fc.oneof(
  fc.record({ kind: fc.constant('state' as const), fo: fc.nat({ max: 1 }), to: fc.constantFrom(...STATES), cancel: fc.option(fc.record({ line: fc.integer({ min: 1, max: 2 }), units: fc.integer({ min: 1, max: 3 }) }), { nil: undefined }) }),
  fc.record({ kind: fc.constantFrom('ship' as const, 'pickup' as const), fo: fc.nat({ max: 1 }), line: fc.integer({ min: 1, max: 2 }), units: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ kind: fc.constantFrom('capture' as const, 'refund' as const), cents: fc.integer({ min: 1, max: 5_000 }) }),
  fc.record({ kind: fc.constant('return' as const), line: fc.integer({ min: 1, max: 2 }), units: fc.integer({ min: 1, max: 3 }) }),
);

/** The order's history: the FOs begin with a transition each, then the facts, then maybe the close. */
const history = fc.record({ facts: fc.array(fact, { maxLength: 12 }), closed: fc.boolean() });

const ORDER = 'web-1';
const foId = (n: number): string => `FO-${ORDER}-${n + 1}`;

/** What the orchestrator's view says after the history: an independent, plain fold. */
function viewOf(facts: readonly Fact[], closed: boolean): OrderView {
  const states = ['ROUTING', 'ROUTING'];
  const units = [0, 1].map(() => [1, 2].map(() => ({ shipped: 0, pickedUp: 0, cancelled: 0 })));
  const returned = [0, 0];
  let captured = 0;
  let refunded = 0;
  for (const item of facts) {
    if (item.kind === 'state') {
      states[item.fo] = item.to;
      if (item.cancel !== undefined) (units[item.fo]?.[item.cancel.line - 1] as { cancelled: number }).cancelled += item.cancel.units;
    } else if (item.kind === 'ship') (units[item.fo]?.[item.line - 1] as { shipped: number }).shipped += item.units;
    else if (item.kind === 'pickup') (units[item.fo]?.[item.line - 1] as { pickedUp: number }).pickedUp += item.units;
    else if (item.kind === 'capture') captured += item.cents;
    else if (item.kind === 'refund') refunded += item.cents;
    else if (item.kind === 'return') returned[item.line - 1] = (returned[item.line - 1] as number) + item.units;
  }
  const fos: FoView[] = [0, 1].map((n) => ({
    foId: foId(n),
    nodeId: 'DC1',
    method: 'SHIP_FROM_DC',
    state: states[n] as FoView['state'],
    terminal: false,
    lines: [1, 2].map((lineNo) => ({ lineNo, sku: `SKU-${lineNo}`, quantity: 9, unitPriceCents: 100, externalRef: `${foId(n)}:${lineNo}`, ...(units[n]?.[lineNo - 1] as { shipped: number; pickedUp: number; cancelled: number }) })),
  }));
  const lines = [1, 2].map((lineNo) => ({ lineNo, sku: `SKU-${lineNo}`, quantity: 18, unitPriceCents: 100, open: 0, shipped: 0, pickedUp: 0, cancelled: 0, returned: returned[lineNo - 1] as number }));
  return { orderId: ORDER, payment: { authorizedCents: 0, capturedCents: captured, refundedCents: refunded, authorizationId: 'auth_1' }, channel: 'web', channelOrderId: '1', status: 'OPEN', closed, fulfillmentOrders: fos, lines };
}

/** What the orchestrator publishes for the same history: canonical events, per-aggregate sequences. */
function eventsOf(facts: readonly Fact[], closed: boolean): PublishedEvent[] {
  const sequences = new Map<string, number>();
  const next = (type: string, aggregateId: string, payload: Record<string, unknown>): PublishedEvent => {
    const sequence = (sequences.get(aggregateId) ?? 0) + 1;
    sequences.set(aggregateId, sequence);
    return published(type, aggregateId, sequence, ORDER, payload);
  };
  const events = [next('order.created', ORDER, { orderId: ORDER }), ...[0, 1].map((n) => next('fo.transitioned', foId(n), { foId: foId(n), from: 'CREATED', to: 'ROUTING' }))];
  let returns = 0;
  for (const item of facts) {
    if (item.kind === 'state') events.push(next('fo.transitioned', foId(item.fo), { foId: foId(item.fo), to: item.to, ...(item.cancel === undefined ? {} : { cancelled: `${item.cancel.line}x${item.cancel.units}` }) }));
    else if (item.kind === 'ship') events.push(next('shipment.confirmed', foId(item.fo), { foId: foId(item.fo), lineNo: item.line, shipmentId: `s${events.length}`, quantity: item.units }));
    else if (item.kind === 'pickup') events.push(next('pickup.collected', foId(item.fo), { foId: foId(item.fo), lineNo: item.line, quantity: item.units }));
    else if (item.kind === 'capture') events.push(next('payment.captured', foId(0), { foId: foId(0), captureId: `cap_${events.length}`, amountCents: item.cents }));
    else if (item.kind === 'refund') events.push(next('refund.issued', ORDER, { orderId: ORDER, amountCents: item.cents }));
    else if (item.kind === 'return') events.push(next('return.requested', `${ORDER}:R${++returns}`, { lines: `${item.line}x${item.units}` }));
  }
  if (closed) events.push(next('order.closed', ORDER, { orderId: ORDER }));
  return events;
}

function run(view: OrderView, events: readonly PublishedEvent[]): ReturnType<typeof feed> {
  return feed(eventProjectionChecker, checkContextOf({ orders: [view] }).context, events);
}

/** An event whose loss changes what a consumer believes: it moves units or money, closes the order, or is its FO's last word. */
function informative(event: PublishedEvent, all: readonly PublishedEvent[]): boolean {
  const { payload } = event;
  if (['shipment.confirmed', 'pickup.collected', 'payment.captured', 'refund.issued', 'return.requested', 'order.closed'].includes(event.type)) return true;
  if (event.type !== 'fo.transitioned') return false;
  if (payload['cancelled'] !== undefined) return true;
  const later = all.filter((other) => other.type === 'fo.transitioned' && other.aggregateId === event.aggregateId && other.sequence > event.sequence);
  const before = all.filter((other) => other.type === 'fo.transitioned' && other.aggregateId === event.aggregateId && other.sequence < event.sequence).at(-1);
  return later.length === 0 && before?.payload['to'] !== payload['to'];
}

describe('replaying the published events reproduces the orchestrator view of each order', () => {
  it('agrees with the view for any history, however often each event is delivered (at least once)', () => {
    fc.assert(
      fc.property(history, fc.array(fc.nat(), { maxLength: 6 }), ({ facts, closed }, repeats) => {
        const events = eventsOf(facts, closed);
        const delivered = [...events];
        for (const pick of repeats) delivered.splice(delivered.indexOf(events[pick % events.length] as PublishedEvent) + 1, 0, events[pick % events.length] as PublishedEvent);
        expect(run(viewOf(facts, closed), delivered)).toEqual([]);
      }),
    );
  });

  it('sees a lost event that moved units or money, closed the order, or was its FO last word', () => {
    fc.assert(
      fc.property(history, fc.nat(), ({ facts, closed }, pick) => {
        const events = eventsOf(facts, closed);
        const lost = events[pick % events.length] as PublishedEvent;
        fc.pre(informative(lost, events));
        const findings = run(viewOf(facts, closed), events.filter((event) => event !== lost));
        expect(findings.map((f) => [f.invariant, f.orderId])).toEqual([[NAME, ORDER]]);
      }),
    );
  });

  it('sees a shipment reported with the wrong units, and says which line and what each side holds', () => {
    const facts: Fact[] = [{ kind: 'ship', fo: 0, line: 1, units: 2 }, { kind: 'ship', fo: 0, line: 1, units: 1 }];
    const events = eventsOf(facts, false).map((event) => (event.type === 'shipment.confirmed' ? { ...event, payload: { ...event.payload, quantity: 1 } } : event));
    const findings = run(viewOf(facts, false), events);
    expect(findings.map((f) => f.detail)).toEqual([`a consumer of the published events believes otherwise: FO-${ORDER}-1:1 shipped 3, the events say 2`]);
    expect(findings[0]?.firstBadEvent?.index).toBe(events.length - 1);
  });

  it('names an order no event ever mentioned, and events about an order the view does not have', () => {
    const view = viewOf([], false);
    expect(run(view, []).map((f) => f.detail)).toEqual([`no event about order ${ORDER} was ever published (it is OPEN): a downstream consumer does not know it exists`]);
    const stray = published('order.created', 'web-9', 1, 'web-9', { orderId: 'web-9' });
    expect(run(view, [...eventsOf([], false), stray]).map((f) => f.detail)).toEqual(['events were published about order web-9, the orchestrator\'s view has no such order']);
  });

  it('ignores events that are not about an order (a DC snapshot, a queue depth)', () => {
    const other = [published('inventory.snapshot_applied', 'DC1:inventory', 1, 'DC1', { dcId: 'DC1' }), published('adapter.queue_depth', 'S1:pos-holds', 1, 'S1', { depth: 3 })];
    expect(run(viewOf([], false), [...eventsOf([], false), ...other])).toEqual([]);
  });
});
