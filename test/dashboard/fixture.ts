import type { TraceEvent, TraceSource } from '../../sim/kernel/trace.ts';
import { DashboardModel, type RunInfo } from '../../sim/dashboard/model.ts';

/** A small, hand-written history: two orders, one through the POS and one through the DC, with trouble on the way. */
export function fixtureEvents(): TraceEvent[] {
  const events: TraceEvent[] = [];
  const add = (atMs: number, kind: string, source: TraceSource, orderId: string, ref: string, detail: string | object): void => {
    events.push({ index: events.length, atMs, kind, source, orderId, ref, detail: typeof detail === 'string' ? detail : JSON.stringify(detail) });
  };
  const fo = (atMs: number, orderId: string, foId: string, from: string, to: string, event = 'x'): void => add(atMs, 'fo.transitioned', 'orchestrator', orderId, foId, { foId, event, from, to });
  add(1_000, 'order.created', 'orchestrator', 'web-1', 'web-1', { orderId: 'web-1' });
  add(1_000, 'order.created', 'orchestrator', 'web-2', 'web-2', { orderId: 'web-2' });
  fo(1_000, 'web-1', 'FO-web-1-1', 'CREATED', 'ALLOCATED');
  fo(1_000, 'web-2', 'FO-web-2-1', 'CREATED', 'RELEASED');
  add(1_000, 'fulfillment.assigned', 'orchestrator', 'web-1', 'FO-web-1-1', { foId: 'FO-web-1-1', nodeId: 'S1', method: 'BOPIS' });
  add(1_000, 'fulfillment.assigned', 'orchestrator', 'web-2', 'FO-web-2-1', { foId: 'FO-web-2-1', nodeId: 'DC1', method: 'SHIP_FROM_DC' });
  add(1_005, 'payment.authorized', 'payment', '', 'web-1', 'auth_1 1000 USD');
  add(1_005, 'payment.authorized', 'payment', '', 'web-2', 'auth_2 2000 USD');
  add(1_010, 'http.request', 'network', 'web-1', 'http://pos-s1.stores.local', 'POST /holds {}');
  add(1_020, 'pos.hold.created', 'pos', 'web-1', 'FO-web-1-1:1', 'S1 H-S1-1 SKU-1x1 PICKUP');
  add(1_020, 'pos.quirk.ghost_success', 'pos', 'web-1', 'FO-web-1-1:1', 'S1 POST /holds');
  add(1_020, 'http.reply_lost', 'network', 'web-1', 'http://pos-s1.stores.local', 'server POST /holds -> 201 {}');
  add(3_600_000, 'exception.opened', 'orchestrator', 'web-1', 'EX-1', { foId: 'FO-web-1-1', category: 'SYSTEM_UNREACHABLE', slaTier: 'P2', suggestedAction: 'retry', detail: 'no answer' });
  add(3_700_000, 'release.sent', 'orchestrator', 'DC1', 'DC1:release', { fileName: 'RELEASE_DC1_00000001.csv', rowCount: 1 });
  add(7_200_000, 'wms.release.read', 'wms', '', '', 'RELEASE_DC1_00000001.csv rows=1');
  add(7_200_000, 'wms.line.accepted', 'wms', 'web-2', 'FO-web-2-1:1', 'DC1 SKU-2x1');
  fo(7_200_000, 'web-2', 'FO-web-2-1', 'RELEASED', 'ACKNOWLEDGED');
  add(9_000_000, 'wms.line.shipped', 'wms', 'web-2', 'FO-web-2-1:1', 'DC1 SHP-DC1-1 SKU-2x1');
  add(9_500_000, 'dead_letter.added', 'orchestrator', 'DC1', 'wms:DC1/ACK_1.csv', { id: 'wms:DC1/ACK_1.csv', reason: 'ACK_1.csv: TRUNCATED' });
  add(10_800_000, 'shipment.confirmed', 'orchestrator', 'web-2', 'FO-web-2-1', { foId: 'FO-web-2-1', lineNo: 1, shipmentId: 'SHP-DC1-1', quantity: 1 });
  add(10_800_000, 'payment.captured', 'payment', '', 'web-2', 'cap_1 auth_2 2000 (captured 2000 of 2000)');
  fo(10_800_000, 'web-2', 'FO-web-2-1', 'ACKNOWLEDGED', 'COMPLETED');
  add(10_800_000, 'order.closed', 'orchestrator', 'web-2', 'web-2', { orderId: 'web-2' });
  add(14_400_000, 'exception.resolved', 'orchestrator', 'web-1', 'EX-1', { foId: 'FO-web-1-1', resolution: 'automatic retry 1' });
  return events;
}

export const FIXTURE_INFO: RunInfo = {
  source: 'live',
  title: 'fixture-scenario',
  seed: 42,
  orders: 2,
  orchestrator: 'reference@0.1.0',
  startEpochMs: Date.parse('2026-11-02T06:00:00Z'),
  replay: 'npx converge run --scenario fixture-scenario --seed 42',
  nodes: [
    { id: 'S1', kind: 'store', timeZone: 'America/New_York' },
    { id: 'DC1', kind: 'dc', timeZone: 'America/Chicago' },
  ],
  windows: [{ system: 'S1', what: 'offline (hang)', fromMs: 1_800_000, toMs: 5_400_000 }],
};

/** The fixture folded into a model, optionally stopping before event `until`. */
export function fixtureModel(until = Number.POSITIVE_INFINITY): DashboardModel {
  const model = new DashboardModel(FIXTURE_INFO);
  for (const event of fixtureEvents()) if (event.index < until) model.listen(event);
  return model;
}
