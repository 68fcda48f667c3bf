import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FoView, OrderView } from '../../orchestrator/plugin.ts';
import type { PublishedEvent } from '../../orchestrator/ports.ts';
import { applyToBelief, differences, emptyBelief, lineUnits } from '../../sim/invariants/consumer-projection.ts';

/**
 * The consumer as docs/plugins.md describes it, written the obvious way: a map per FO state,
 * per `<foId>:<lineNo>` and per returned line. The flat belief must say exactly what it says.
 */
interface MapBelief {
  fos: Map<string, string>;
  lines: Map<string, { shipped: number; pickedUp: number; cancelled: number }>;
  returned: Map<number, number>;
  captured: number;
  refunded: number;
  closed: boolean;
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const whole = (value: unknown): number => (typeof value === 'number' && Number.isSafeInteger(value) ? value : 0);

function lineOf(belief: MapBelief, foId: string, lineNo: number): { shipped: number; pickedUp: number; cancelled: number } {
  const key = `${foId}:${lineNo}`;
  const found = belief.lines.get(key) ?? { shipped: 0, pickedUp: 0, cancelled: 0 };
  belief.lines.set(key, found);
  return found;
}

function applyToMaps(belief: MapBelief, event: PublishedEvent): void {
  const payload = event.payload;
  const foId = text(payload['foId']) || event.aggregateId;
  if (event.type === 'fo.transitioned') {
    belief.fos.set(foId, text(payload['to']));
    for (const [lineNo, units] of lineUnits(payload['shipped'])) lineOf(belief, foId, lineNo).shipped += units;
    for (const [lineNo, units] of lineUnits(payload['pickedUp'])) lineOf(belief, foId, lineNo).pickedUp += units;
    for (const [lineNo, units] of lineUnits(payload['cancelled'])) lineOf(belief, foId, lineNo).cancelled += units;
  } else if (event.type === 'shipment.confirmed') lineOf(belief, foId, whole(payload['lineNo'])).shipped += whole(payload['quantity']);
  else if (event.type === 'pickup.collected') lineOf(belief, foId, whole(payload['lineNo'])).pickedUp += whole(payload['quantity']);
  else if (event.type === 'payment.captured') belief.captured += whole(payload['amountCents']);
  else if (event.type === 'refund.issued') belief.refunded += whole(payload['amountCents']);
  else if (event.type === 'return.requested') for (const [lineNo, units] of lineUnits(payload['lines'])) belief.returned.set(lineNo, (belief.returned.get(lineNo) ?? 0) + units);
  else if (event.type === 'order.closed') belief.closed = true;
}

const COUNTERS = ['shipped', 'pickedUp', 'cancelled'] as const;
const moved = (units: { shipped: number; pickedUp: number; cancelled: number }): boolean => units.shipped !== 0 || units.pickedUp !== 0 || units.cancelled !== 0;
const describeUnits = (units: { shipped: number; pickedUp: number; cancelled: number }): string => `shipped ${units.shipped}, picked up ${units.pickedUp}, cancelled ${units.cancelled}`;

function mapDifferences(belief: MapBelief, order: OrderView): string[] {
  const found: string[] = [];
  const viewFos = new Set<string>();
  for (const fo of order.fulfillmentOrders) {
    viewFos.add(fo.foId);
    const believed = belief.fos.get(fo.foId);
    if (believed === undefined) found.push(`FO ${fo.foId} is ${fo.state}, no fo.transitioned ever announced it`);
    else if (believed !== fo.state) found.push(`FO ${fo.foId} is ${fo.state}, the events say ${believed}`);
    const lineNos = new Set(fo.lines.map((line) => line.lineNo));
    const prefix = `${fo.foId}:`;
    for (const line of fo.lines) {
      const units = belief.lines.get(`${prefix}${line.lineNo}`) ?? { shipped: 0, pickedUp: 0, cancelled: 0 };
      for (const counter of COUNTERS) if (units[counter] !== line[counter]) found.push(`${prefix}${line.lineNo} ${counter} ${line[counter]}, the events say ${units[counter]}`);
    }
    for (const [key, units] of belief.lines) {
      if (!key.startsWith(prefix)) continue;
      if (!lineNos.has(Number(key.slice(prefix.length))) && moved(units)) found.push(`${key} is not a line of ${fo.foId}, the events moved units on it (${describeUnits(units)})`);
    }
  }
  for (const [foId, state] of belief.fos) if (!viewFos.has(foId)) found.push(`the events announced FO ${foId} (${state}), the order has no such FO`);
  for (const [key, units] of belief.lines) {
    const foId = key.slice(0, key.lastIndexOf(':'));
    if (!viewFos.has(foId) && !belief.fos.has(foId) && moved(units)) found.push(`the events moved units on ${key} (${describeUnits(units)}), the order has no FO ${foId}`);
  }
  for (const line of order.lines ?? []) {
    const returned = belief.returned.get(line.lineNo) ?? 0;
    if (returned !== line.returned) found.push(`line ${line.lineNo} returned ${line.returned}, the events say ${returned}`);
  }
  if (belief.captured !== (order.payment?.capturedCents ?? 0)) found.push(`captured ${order.payment?.capturedCents ?? 0} cents, the events say ${belief.captured}`);
  if (belief.refunded !== (order.payment?.refundedCents ?? 0)) found.push(`refunded ${order.payment?.refundedCents ?? 0} cents, the events say ${belief.refunded}`);
  if (belief.closed !== order.closed) found.push(order.closed ? 'closed, no order.closed was published' : 'open, yet order.closed was published');
  return found;
}

// FO ids that contain the separator, and one that is another's prefix, so keys could be confused.
const FO_IDS = ['FO-1', 'FO-2', 'FO-1:1', 'F', ''] as const;
const STATES = ['ROUTING', 'ALLOCATED', 'SHIPPED', 'CANCELLED', ''] as const;
const lineNo = fc.integer({ min: 0, max: 3 });
const units = fc.array(fc.tuple(lineNo, fc.integer({ min: -2, max: 3 })), { maxLength: 3 }).map((pairs) => pairs.map(([line, count]) => `${line}x${count}`).join(' '));

const event: fc.Arbitrary<PublishedEvent> = fc
  .record({
    type: fc.constantFrom('fo.transitioned', 'shipment.confirmed', 'pickup.collected', 'payment.captured', 'refund.issued', 'return.requested', 'order.closed'),
    foId: fc.constantFrom(...FO_IDS),
    to: fc.constantFrom(...STATES),
    shipped: units,
    pickedUp: units,
    cancelled: units,
    lineNo: fc.oneof(lineNo, fc.constant(-0), fc.constant(1.5)),
    quantity: fc.integer({ min: 0, max: 3 }),
    amountCents: fc.integer({ min: 0, max: 500 }),
  })
  .map(({ type, ...payload }) => ({ eventId: 'e', type, aggregateId: 'AGG', sequence: 1, occurredAtMs: 0, source: 'test', correlationId: 'web-1', schemaVersion: 1, payload: { ...payload, lines: payload.shipped } }));

const foView: fc.Arbitrary<FoView> = fc.record({
  foId: fc.constantFrom(...FO_IDS, 'AGG'),
  state: fc.constantFrom(...STATES),
  lines: fc.array(fc.record({ lineNo, shipped: fc.nat({ max: 3 }), pickedUp: fc.nat({ max: 3 }), cancelled: fc.nat({ max: 3 }) }), { maxLength: 3 }),
}) as unknown as fc.Arbitrary<FoView>;

const order: fc.Arbitrary<OrderView> = fc.record({
  fulfillmentOrders: fc.array(foView, { maxLength: 3 }),
  lines: fc.array(fc.record({ lineNo, returned: fc.nat({ max: 3 }) }), { maxLength: 3 }),
  payment: fc.record({ capturedCents: fc.nat({ max: 500 }), refundedCents: fc.nat({ max: 500 }) }),
  closed: fc.boolean(),
}) as unknown as fc.Arbitrary<OrderView>;

describe('the flat consumer belief', () => {
  it('finds exactly the differences a consumer keeping maps finds, in the same order', () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 25 }), order, (events, view) => {
        const flat = emptyBelief();
        const maps: MapBelief = { fos: new Map(), lines: new Map(), returned: new Map(), captured: 0, refunded: 0, closed: false };
        for (const published of events) {
          applyToBelief(flat, published);
          applyToMaps(maps, published);
        }
        expect(differences(flat, view)).toEqual(mapDifferences(maps, view));
      }),
      { numRuns: 2000 },
    );
  });
});
