/**
 * Hand-made orders and orchestrator events for the policy checkers' tests: an order with FOs,
 * the events the orchestrator publishes about them, and a checker's findings on a sequence.
 */
import type { FoLineView, FoView, NodeSpec, OrderView } from '../../orchestrator/plugin.ts';
import { CheckerDispatch } from '../../sim/invariants/checker-dispatch.ts';
import type { CheckContext, Finding, InvariantChecker } from '../../sim/invariants/types.ts';
import type { TraceEvent } from '../../sim/kernel/trace.ts';

export const NODES: readonly NodeSpec[] = [
  { nodeId: 'DC1', kind: 'DC', timeZone: 'America/Chicago', methods: ['SHIP_FROM_DC'], safetyStock: 1 },
  { nodeId: 'S1', kind: 'STORE', timeZone: 'America/New_York', methods: ['SHIP_FROM_STORE', 'BOPIS'], safetyStock: 2 },
  { nodeId: 'S2', kind: 'STORE', timeZone: 'Asia/Tokyo', methods: ['BOPIS', 'CURBSIDE'], safetyStock: 0 },
];

export function line(lineNo: number, foId: string, sku: string, quantity: number, counters: Partial<FoLineView> = {}): FoLineView {
  return { lineNo, sku, quantity, unitPriceCents: 1000, shipped: 0, pickedUp: 0, cancelled: 0, externalRef: `${foId}:${lineNo}`, ...counters };
}

export function fo(foId: string, nodeId: string, state: FoView['state'], lines: readonly FoLineView[], method: FoView['method'] = 'SHIP_FROM_STORE'): FoView {
  return { foId, nodeId, method, state, terminal: state === 'COMPLETED' || state === 'CANCELLED', lines };
}

export function order(orderId: string, fos: readonly FoView[]): OrderView {
  return { orderId, payment: null, channel: 'web', channelOrderId: orderId, status: 'OPEN', closed: false, fulfillmentOrders: fos };
}

let index = 0;

/** An event the orchestrator published, its payload as the trace carries it. */
export function published(kind: string, orderId: string, payload: Record<string, unknown>, atMs = 500): TraceEvent {
  return { index: index++, atMs, kind, source: 'orchestrator', orderId, ref: String(payload.foId ?? orderId), detail: JSON.stringify(payload) };
}

/** An event an owner's system traced. */
export function owned(kind: string, ref: string, detail: string, source: TraceEvent['source'] = 'pos', atMs = 500): TraceEvent {
  return { index: index++, atMs, kind, source, orderId: '', ref, detail };
}

/** Feeds the events to the checker, in order, as the world does (only the kinds it reads), and returns what it found. */
export function findingsOf(checker: InvariantChecker, context: CheckContext, events: readonly TraceEvent[]): Finding[] {
  const findings: Finding[] = [];
  const dispatch = new CheckerDispatch([checker]);
  for (const event of events) dispatch.onEvent(event, context, (finding) => findings.push(finding));
  return findings;
}
