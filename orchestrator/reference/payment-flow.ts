import { PaymentAdapter } from '../adapters/payment/payment-adapter.ts';
import type { FulfillmentOrder, Order } from '../model/types.ts';
import type { PaymentView } from '../plugin.ts';
import { SOURCE, type OrchestratorContext } from './context.ts';
import { applyFoEvent, raiseException } from './lifecycle.ts';

/** The orchestrator's ledger for one order. */
interface PaymentRecord {
  orderId: string;
  authorizationId: string | null;
  authorizedCents: number;
  capturedCents: number;
  refundedCents: number;
  /** How many authorisations were asked for (a new one after an expiry gets a new key). */
  authorizations: number;
  voided: boolean;
  captures: Readonly<Record<string, { captureId: string; amountCents: number }>>;
}

const PAYMENTS = 'payments';
const POS_MAX_ATTEMPTS_FOR_PAYMENTS = 4;

function orderValue(order: Order): number {
  return order.lines.reduce((sum, line) => sum + line.quantity * line.unitPriceCents, 0);
}

function fulfilledValue(fo: FulfillmentOrder): number {
  return fo.lines.reduce((sum, line) => sum + (line.shipped + line.pickedUp) * line.unitPriceCents, 0);
}

/**
 * Money: authorise the order's value when it is placed, capture each FO's fulfilled value when
 * it ships or is picked up (the FO completes only once captured), and void what was never
 * captured when the order closes. Every gateway call has a stable idempotency key, so retries
 * after timeouts, crashes and restarts never charge twice.
 */
export class PaymentFlow {
  private readonly adapter: PaymentAdapter | undefined;
  /** FOs this process is capturing right now: the sweep must not start a second capture beside one in flight. */
  private readonly capturing = new Set<string>();

  constructor(private readonly context: OrchestratorContext) {
    const gateway = context.config.payment;
    const { http, timers, random } = context.ports;
    this.adapter = gateway === undefined ? undefined : new PaymentAdapter(http, timers, random, gateway, POS_MAX_ATTEMPTS_FOR_PAYMENTS);
  }

  view(orderId: string): PaymentView | null {
    const record = this.context.ports.store.get<PaymentRecord>(PAYMENTS, orderId);
    if (record === undefined) return null;
    return { authorizationId: record.authorizationId, authorizedCents: record.authorizedCents, capturedCents: record.capturedCents, refundedCents: record.refundedCents };
  }

  /** Starts the authorisation of a new order (in the background: routing does not wait for it). */
  orderPlaced(orderId: string): void {
    if (this.adapter === undefined) return;
    this.context.ports.store.put<PaymentRecord>(PAYMENTS, orderId, { orderId, authorizationId: null, authorizedCents: 0, capturedCents: 0, refundedCents: 0, authorizations: 0, voided: false, captures: {} });
    void this.ensureAuthorized(orderId);
  }

  /** An FO shipped or was picked up: capture its value, then complete it. */
  settle(foId: string): void {
    void this.captureOnce(foId);
  }

  /** Retries captures that did not go through (gateway down, restart); called periodically. */
  async sweep(): Promise<void> {
    for (const foId of [...this.context.ports.store.values<string>(AWAITING_CAPTURE_INDEX)]) await this.captureOnce(foId);
  }

  /** Releases the part of the authorisation that will never be captured. */
  async orderClosed(orderId: string): Promise<void> {
    const record = this.context.ports.store.get<PaymentRecord>(PAYMENTS, orderId);
    if (this.adapter === undefined || record === undefined || record.voided || record.authorizationId === null || record.capturedCents >= record.authorizedCents) return;
    const outcome = await this.adapter.void(record.authorizationId, `${orderId}:void:${record.authorizations}`);
    if (outcome.kind === 'ok' || (outcome.kind === 'rejected' && (outcome.code === 'AUTHORIZATION_EXPIRED' || outcome.code === 'AUTHORIZATION_CAPTURED'))) {
      const latest = this.context.ports.store.get<PaymentRecord>(PAYMENTS, orderId) as PaymentRecord;
      this.context.ports.store.put<PaymentRecord>(PAYMENTS, orderId, { ...latest, voided: true });
    }
  }

  private async ensureAuthorized(orderId: string, fresh = false): Promise<PaymentRecord | undefined> {
    const adapter = this.adapter;
    let record = this.context.ports.store.get<PaymentRecord>(PAYMENTS, orderId);
    if (adapter === undefined || record === undefined) return undefined;
    if (record.authorizationId !== null && !fresh) return record;
    const order = this.context.repo.requireOrder(orderId);
    const attempt = fresh || record.authorizations === 0 ? record.authorizations + 1 : record.authorizations;
    const amount = orderValue(order) - record.capturedCents;
    this.context.ports.store.put<PaymentRecord>(PAYMENTS, orderId, { ...record, authorizations: attempt });
    const outcome = await adapter.authorize(orderId, amount, `${orderId}:authorize:${attempt}`);
    if (outcome.kind !== 'ok') return undefined; // retried by the next capture or sweep
    record = this.context.ports.store.get<PaymentRecord>(PAYMENTS, orderId) as PaymentRecord;
    const updated: PaymentRecord = { ...record, authorizationId: outcome.value.authorizationId, authorizedCents: record.capturedCents + outcome.value.amountCents };
    this.context.ports.store.put(PAYMENTS, orderId, updated);
    this.context.publisher.publish('payment.authorized', orderId, orderId, SOURCE, { authorizationId: outcome.value.authorizationId, amountCents: outcome.value.amountCents });
    return updated;
  }

  private async captureOnce(foId: string): Promise<void> {
    if (this.capturing.has(foId)) return;
    this.capturing.add(foId);
    try {
      await this.captureAndComplete(foId);
    } finally {
      this.capturing.delete(foId);
    }
  }

  private async captureAndComplete(foId: string): Promise<void> {
    const fo = this.context.repo.requireFo(foId);
    if (fo.state !== 'SHIPPED' && fo.state !== 'PICKED_UP') return;
    const amount = fulfilledValue(fo);
    const existing = this.context.ports.store.get<PaymentRecord>(PAYMENTS, fo.orderId);
    if (this.adapter === undefined || existing === undefined || amount === 0 || existing.captures[foId] !== undefined) {
      applyFoEvent(this.context, fo, 'complete');
      return;
    }
    let record = await this.ensureAuthorized(fo.orderId);
    if (record?.authorizationId === null || record === undefined) return;
    let outcome = await this.adapter.capture(record.authorizationId as string, amount, `${foId}:capture:${record.authorizations}`);
    if (outcome.kind === 'rejected' && (outcome.code === 'AUTHORIZATION_EXPIRED' || outcome.code === 'AUTHORIZATION_VOIDED')) {
      // The card hold lapsed before we shipped: authorise again for what is left, then capture.
      record = await this.ensureAuthorized(fo.orderId, true);
      if (record?.authorizationId === null || record === undefined) return;
      outcome = await this.adapter.capture(record.authorizationId as string, amount, `${foId}:capture:${record.authorizations}`);
    }
    if (outcome.kind === 'timeout' || outcome.kind === 'unavailable') return; // the sweep tries again
    const latestFo = this.context.repo.requireFo(foId);
    if (outcome.kind !== 'ok') {
      if (latestFo.state === 'SHIPPED' || latestFo.state === 'PICKED_UP') raiseException(this.context, latestFo, 'MONEY_MISMATCH', `capture of ${amount} cents refused: ${outcome.message}`, 'escalate', { payment: outcome.message });
      return;
    }
    this.context.ports.store.transaction(() => {
      const latest = this.context.ports.store.get<PaymentRecord>(PAYMENTS, fo.orderId) as PaymentRecord;
      // A replayed capture (same key after a timeout or a restart) is the same money: count it once.
      if (latest.captures[foId] !== undefined) return;
      this.context.ports.store.put<PaymentRecord>(PAYMENTS, fo.orderId, {
        ...latest,
        capturedCents: latest.capturedCents + outcome.value.amountCents,
        captures: { ...latest.captures, [foId]: { captureId: outcome.value.captureId, amountCents: outcome.value.amountCents } },
      });
      this.context.publisher.publish('payment.captured', foId, fo.orderId, SOURCE, { foId, captureId: outcome.value.captureId, amountCents: outcome.value.amountCents });
      if (latestFo.state === 'SHIPPED' || latestFo.state === 'PICKED_UP') applyFoEvent(this.context, latestFo, 'complete');
    });
  }
}

/** FOs shipped or picked up whose capture has not gone through yet. */
export const AWAITING_CAPTURE_INDEX = 'index:awaiting-capture';
