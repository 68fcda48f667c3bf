import { HOLD_ENDING_TRACE_KINDS } from '../../legacy-fakes/pos/pos-fake.ts';
import { fieldsOf } from '../kernel/trace-detail.ts';
import type { TraceEvent } from '../kernel/trace.ts';
import { foOfLineRef, orderOfEvent, textOf } from './trace-facts.ts';

/**
 * Drift: orders on which the systems disagree right now, by category. Two sources, both read
 * from the trace alone (so a live run, an incident and a trace file give the same numbers):
 *
 * - the orchestrator's own exception queue: an open item says the orchestrator knows its view and
 *   an owner's truth disagree or that it cannot finish (category as the orchestrator classified
 *   it: SYSTEM_UNREACHABLE, ORPHAN_HOLD, LOST_ACK, ...);
 * - four disagreements the trace shows before anyone notices them:
 *   `pos-hold-on-closed-fo`  a live POS hold for an FO the orchestrator has COMPLETED or CANCELLED;
 *   `pos-duplicate-live-holds` two or more live holds at one store for one FO line (the POS has no
 *                            idempotency: a retry after a lost reply made a second one);
 *   `wms-ship-unconfirmed`   a shipment the WMS recorded that the orchestrator has not confirmed yet;
 *   `card-hold-on-closed-order` an authorisation still open at the gateway on an order the
 *                            orchestrator has closed.
 *
 * A count is of distinct orders per category; an order can be in several categories. Transient
 * lags (a confirmation file waiting for the next read) count too: drift that reconciliation
 * catches up with is what the chart shows falling.
 */
export const DERIVED_DRIFT = ['pos-hold-on-closed-fo', 'pos-duplicate-live-holds', 'wms-ship-unconfirmed', 'card-hold-on-closed-order'] as const;

const TERMINAL_FO = new Set(['COMPLETED', 'CANCELLED']);

interface OpenItem {
  orderId: string;
  category: string;
  slaTier: string;
  openedAtMs: number;
}

export class DriftTracker {
  private readonly foState = new Map<string, string>();
  /** `store|holdId` -> FO line (`store|<foId>:<line>`), FO and order, while the hold is live at the POS. */
  private readonly liveHolds = new Map<string, { line: string; foId: string; orderId: string }>();
  /** `foId:line|shipmentId` -> order, shipped by the WMS and not yet confirmed by the orchestrator. */
  private readonly unconfirmed = new Map<string, string>();
  /** authorisation id -> order, while AUTHORIZED at the gateway (not captured, voided or expired). */
  private readonly openAuthorizations = new Map<string, string>();
  private readonly closedOrders = new Set<string>();
  /** Exception queue items by exception id. */
  readonly openItems = new Map<string, OpenItem>();

  add(event: TraceEvent): void {
    switch (event.source) {
      case 'orchestrator':
        this.orchestrator(event);
        break;
      case 'pos':
        this.pos(event);
        break;
      case 'wms':
        if (event.kind === 'wms.line.shipped') {
          const shipmentId = event.detail.split(' ')[1] ?? '';
          this.unconfirmed.set(`${event.ref}|${shipmentId}`, orderOfEvent(event));
        }
        break;
      case 'payment':
        this.payment(event);
        break;
      default:
        break;
    }
  }

  /** Distinct disagreeing orders by category, sorted by category; categories at zero are left out. */
  byCategory(): Record<string, number> {
    const orders = new Map<string, Set<string>>();
    const add = (category: string, orderId: string): void => {
      let set = orders.get(category);
      if (set === undefined) orders.set(category, (set = new Set()));
      set.add(orderId);
    };
    for (const item of this.openItems.values()) add(item.category || 'UNCLASSIFIED', item.orderId);
    const holdsPerLine = new Map<string, number>();
    for (const { line, foId, orderId } of this.liveHolds.values()) {
      if (TERMINAL_FO.has(this.foState.get(foId) ?? '')) add('pos-hold-on-closed-fo', orderId);
      const holds = (holdsPerLine.get(line) ?? 0) + 1;
      holdsPerLine.set(line, holds);
      if (holds === 2) add('pos-duplicate-live-holds', orderId);
    }
    for (const orderId of this.unconfirmed.values()) add('wms-ship-unconfirmed', orderId);
    for (const orderId of this.openAuthorizations.values()) if (this.closedOrders.has(orderId)) add('card-hold-on-closed-order', orderId);
    return Object.fromEntries([...orders].map(([category, set]) => [category, set.size] as const).sort(([a], [b]) => (a < b ? -1 : 1)));
  }

  private orchestrator(event: TraceEvent): void {
    switch (event.kind) {
      case 'fo.transitioned': {
        const payload = fieldsOf(event);
        this.foState.set(textOf(payload['foId']) || event.ref, textOf(payload['to']));
        break;
      }
      case 'order.closed':
        this.closedOrders.add(event.orderId);
        break;
      case 'shipment.confirmed': {
        const payload = fieldsOf(event);
        this.unconfirmed.delete(`${textOf(payload['foId'])}:${textOf(payload['lineNo'])}|${textOf(payload['shipmentId'])}`);
        break;
      }
      case 'exception.opened': {
        if (this.openItems.has(event.ref)) break; // re-raised while open: the same item
        const payload = fieldsOf(event);
        this.openItems.set(event.ref, { orderId: event.orderId, category: textOf(payload['category']), slaTier: textOf(payload['slaTier']) || 'UNTIERED', openedAtMs: event.atMs });
        break;
      }
      case 'exception.resolved':
        this.openItems.delete(event.ref);
        break;
      default:
        break;
    }
  }

  private pos(event: TraceEvent): void {
    const [storeId = '?', holdId = ''] = event.detail.split(' ');
    if (event.kind === 'pos.hold.created') this.liveHolds.set(`${storeId}|${holdId}`, { line: `${storeId}|${event.ref}`, foId: foOfLineRef(event.ref), orderId: event.orderId });
    else if (HOLD_ENDING_TRACE_KINDS.has(event.kind)) this.liveHolds.delete(`${storeId}|${holdId}`);
  }

  /** `payment.authorized auth_1 1685 USD`, `payment.captured cap_1 auth_4 ...`, `payment.voided auth_1 released 100`. */
  private payment(event: TraceEvent): void {
    const words = event.detail.split(' ');
    if (event.kind === 'payment.authorized') this.openAuthorizations.set(words[0] ?? '', orderOfEvent(event));
    else if (event.kind === 'payment.captured') this.openAuthorizations.delete(words[1] ?? '');
    else if (event.kind === 'payment.voided' || event.kind === 'payment.expired') this.openAuthorizations.delete(words[0] ?? '');
  }
}
