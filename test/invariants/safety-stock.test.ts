import { describe, expect, it } from 'vitest';
import type { FoView } from '../../orchestrator/plugin.ts';
import { safetyStockChecker } from '../../sim/invariants/safety-stock.ts';
import { HOUR_MS } from '../fakes/test-env.ts';
import { checkContextOf } from './check-context.ts';
import { findingsOf, fo, line, NODES, order, owned, published } from './policy-fixtures.ts';

/** S1 (safety stock 2) has SKU-1 10 on hand; DC1 (safety stock 1) has SKU-1 5. */
function world(fos: readonly FoView[], nowMs = 500) {
  return checkContextOf({ orders: [order('o1', fos)], nodes: NODES, nowMs: () => nowMs });
}

const assigned = (foId: string, nodeId = 'S1', atMs = 500) => published('fulfillment.assigned', 'o1', { foId, nodeId, method: nodeId === 'DC1' ? 'SHIP_FROM_DC' : 'SHIP_FROM_STORE' }, atMs);

describe('routing.safety-stock-kept (incident 24)', () => {
  const held = fo('FO-o1-1', 'S1', 'RELEASED', [line(1, 'FO-o1-1', 'SKU-1', 5)]);
  const placing = fo('FO-o1-2', 'S1', 'ALLOCATED', [line(1, 'FO-o1-2', 'SKU-1', 3)]);
  const oneMore = fo('FO-o1-3', 'S1', 'ALLOCATED', [line(1, 'FO-o1-3', 'SKU-1', 1)]);

  it('holds while the shelf, less the live holds and the FOs being placed, keeps the safety stock; reports the FO that takes it below', () => {
    const { context, s1 } = world([held, placing, oneMore]);
    s1.hold('FO-o1-1:1', 'SKU-1', 5);
    const findings = findingsOf(safetyStockChecker, context, [assigned('FO-o1-1'), assigned('FO-o1-2'), assigned('FO-o1-3')]);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.orderId).toBe('o1');
    expect(findings[0]?.detail).toBe('FO-o1-3 was assigned SKU-1x1 at S1, leaving 1 to promise by S1\'s own books (on hand 10, less 9 taken by open FOs there, this one included): below its safety stock of 2');
    expect(findings[0]?.firstBadEvent?.kind).toBe('fulfillment.assigned');
  });

  it('reads what an FO took from its routing decision and its order\'s lines, as from the view', () => {
    const fos = [fo('FO-o1-1', 'S1', 'RELEASED', [line(1, 'FO-o1-1', 'SKU-1', 5)]), fo('FO-o1-2', 'S1', 'ALLOCATED', [line(2, 'FO-o1-2', 'SKU-1', 3)]), fo('FO-o1-3', 'S1', 'ALLOCATED', [line(3, 'FO-o1-3', 'SKU-1', 1)])];
    const { context, s1 } = world(fos);
    s1.hold('FO-o1-1:1', 'SKU-1', 5);
    const decided = (foId: string, lineNo: number) => published('routing.decided', 'o1', { foId, rule: 'single-node', assignments: `S1:SHIP_FROM_STORE:${lineNo}`, unroutable: '' });
    const events = [published('order.created', 'o1', { orderId: 'o1', channel: 'web', channelOrderId: 'o1', delivery: 'SHIP', lines: 'SKU-1x5 SKU-1x3 SKU-1x1' }), decided('FO-o1-1', 1), assigned('FO-o1-1'), decided('FO-o1-2', 2), assigned('FO-o1-2'), decided('FO-o1-3', 3), assigned('FO-o1-3')];
    expect(findingsOf(safetyStockChecker, context, events).map((finding) => finding.detail)).toEqual(['FO-o1-3 was assigned SKU-1x1 at S1, leaving 1 to promise by S1\'s own books (on hand 10, less 9 taken by open FOs there, this one included): below its safety stock of 2']);
  });

  it('credits the router with in-store sales the store booked (no protocol tells it of them), not with those still buffered offline', () => {
    const booked = world([held, placing, oneMore]);
    booked.s1.hold('FO-o1-1:1', 'SKU-1', 5);
    expect(findingsOf(safetyStockChecker, booked.context, [owned('pos.sale', '', 'S1 SKU-1x3'), assigned('FO-o1-1'), assigned('FO-o1-2'), assigned('FO-o1-3')])).toEqual([]);
    const buffered = world([held, placing, oneMore]);
    buffered.s1.hold('FO-o1-1:1', 'SKU-1', 5);
    expect(findingsOf(safetyStockChecker, buffered.context, [owned('pos.sale', '', 'S1 SKU-1x3 buffered'), assigned('FO-o1-1'), assigned('FO-o1-2'), assigned('FO-o1-3')])).toHaveLength(1);
    const forwarded = world([held, placing, oneMore]);
    forwarded.s1.hold('FO-o1-1:1', 'SKU-1', 5);
    const events = [owned('pos.sale', '', 'S1 SKU-1x3 buffered'), owned('pos.sales.forwarded', '', 'S1 1 sales SKU-1x3'), assigned('FO-o1-1'), assigned('FO-o1-2'), assigned('FO-o1-3')];
    expect(findingsOf(safetyStockChecker, forwarded.context, events)).toEqual([]);
  });

  it('does not count units the store already shipped twice (off the shelf, and still open in a lagging view)', () => {
    const { context, s1, env } = world([held, placing, oneMore]);
    const hold = s1.hold('FO-o1-1:1', 'SKU-1', 5);
    s1.post(`/holds/${hold.holdId}/pick`);
    env.advance(HOUR_MS);
    expect(s1.holdsOf('FO-o1-1:1')[0]?.status).toBe('SHIPPED');
    // On hand 5 now, the view still shows FO-o1-1 open: FO-o1-2 leaves 5 - 3 = 2 (not 5 - 5 - 3), FO-o1-3 then 1.
    const findings = findingsOf(safetyStockChecker, context, [assigned('FO-o1-1'), assigned('FO-o1-2'), assigned('FO-o1-3')]);
    expect(findings.map((finding) => finding.detail.slice(0, 8))).toEqual(['FO-o1-3 ']);
  });

  it('forgets an FO that left the node or closed', () => {
    const { context, s1 } = world([held, placing, oneMore]);
    s1.hold('FO-o1-1:1', 'SKU-1', 5);
    const left = published('fo.transitioned', 'o1', { foId: 'FO-o1-2', event: 'reroute', from: 'REJECTED', to: 'ROUTING', nodeId: '' });
    expect(findingsOf(safetyStockChecker, context, [assigned('FO-o1-1'), assigned('FO-o1-2'), left, assigned('FO-o1-3')])).toEqual([]);
  });

  it('judges a DC by its on hand less the open units of FOs there', () => {
    const dcFos = [fo('FO-o1-4', 'DC1', 'RELEASED', [line(1, 'FO-o1-4', 'SKU-1', 3)], 'SHIP_FROM_DC'), fo('FO-o1-5', 'DC1', 'ALLOCATED', [line(1, 'FO-o1-5', 'SKU-1', 1)], 'SHIP_FROM_DC'), fo('FO-o1-6', 'DC1', 'ALLOCATED', [line(1, 'FO-o1-6', 'SKU-1', 1)], 'SHIP_FROM_DC')];
    const { context } = world(dcFos);
    const findings = findingsOf(safetyStockChecker, context, [assigned('FO-o1-4', 'DC1'), assigned('FO-o1-5', 'DC1'), assigned('FO-o1-6', 'DC1')]);
    expect(findings.map((finding) => finding.detail)).toEqual(['FO-o1-6 was assigned SKU-1x1 at DC1, leaving 0 to promise by DC1\'s own books (on hand 5, less 5 taken by open FOs there, this one included): below its safety stock of 1']);
  });

  it('does not judge a decision relayed after a restart (the books have moved on since it was made)', () => {
    const { context, s1 } = world([held, placing, oneMore], 90_000);
    s1.hold('FO-o1-1:1', 'SKU-1', 5);
    expect(findingsOf(safetyStockChecker, context, [assigned('FO-o1-1'), assigned('FO-o1-2'), assigned('FO-o1-3')])).toEqual([]);
  });
});
