import { PAYMENT_ADAPTER_VERSION, PaymentAdapter, type AuthorizationRecord, type CaptureRecord } from '../adapters/payment/payment-adapter.ts';
import type { AdapterOutcome } from '../adapters/outcome.ts';
import type { FulfillmentOrder, Order } from '../model/types.ts';
import type { PaymentView } from '../plugin.ts';
import { SOURCE, spawn, type OrchestratorContext } from './context.ts';
import { applyFoEvent, AWAITING_CAPTURE_INDEX, raiseException } from './lifecycle.ts';

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
  /** Per return: which captures give back how much, fixed before the first call so a retry sends the same amount under the same key. */
  refundPlans?: Readonly<Record<string, readonly { captureId: string; amountCents: number }[]>>;
  /** Refunds the gateway confirmed, by idempotency key. */
  refunds?: Readonly<Record<string, number>>;
}

const PAYMENTS = 'payments';
/** Closed orders whose void has not been confirmed yet. */
const PENDING_VOIDS = 'index:pending-voids';
const POS_MAX_ATTEMPTS_FOR_PAYMENTS = 4;
/**
 * Refusals of a capture that an earlier try of the same capture may explain: the hold expired or
 * was voided after that try captured part of it, or that try captured all of it.
 */
const CAPTURE_MAY_HAVE_HAPPENED: ReadonlySet<string> = new Set(['AUTHORIZATION_EXPIRED', 'AUTHORIZATION_VOIDED', 'AMOUNT_EXCEEDS_AUTHORIZATION']);

function orderValue(order: Order): number {
  return order.lines.reduce((sum, line) => sum + line.quantity * line.unitPriceCents, 0);
}

/**
 * One key per authorisation voided, whoever voids it (the close, settlement, an unrecorded hold):
 * a void's intent is its authorisation, so a second path voiding the same one replays the first.
 */
function voidKey(orderId: string, authorizationId: string): string {
  return `${orderId}:void:${authorizationId}`;
}

/** A void is done when it happened, or when nothing is left to void (expired, fully captured). */
function voidSettled(outcome: AdapterOutcome<unknown>): boolean {
  return outcome.kind === 'ok' || (outcome.kind === 'rejected' && (outcome.code === 'AUTHORIZATION_EXPIRED' || outcome.code === 'AUTHORIZATION_CAPTURED'));
}

/** The value of what an FO shipped or handed over: what may be captured for it. */
export function fulfilledValue(fo: FulfillmentOrder): number {
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

  /** The close's own work is not done yet (a void to confirm, a capture to retry): settlement waits for it. */
  settling(orderId: string): boolean {
    if (this.context.ports.store.get<string>(PENDING_VOIDS, orderId) !== undefined) return true;
    const order = this.context.repo.order(orderId);
    return order !== undefined && order.foIds.some((foId) => this.context.ports.store.get<string>(AWAITING_CAPTURE_INDEX, foId) !== undefined);
  }

  /** The gateway's authorisations for an order (undefined: the orchestrator takes no payments). */
  async lookUp(orderId: string): Promise<AdapterOutcome<AuthorizationRecord[]> | undefined> {
    return this.adapter?.findByReference(orderId);
  }

  /**
   * Voids what an authorisation still holds; true once nothing is left held (voided, or it
   * expired or was fully captured meanwhile). Same key as any void of this authorisation by id.
   */
  async voidHeld(orderId: string, authorizationId: string): Promise<boolean> {
    if (this.adapter === undefined) return false;
    const outcome = await this.adapter.void(authorizationId, voidKey(orderId, authorizationId));
    return voidSettled(outcome);
  }

  /** Starts the authorisation of a new order (in the background: routing does not wait for it). */
  orderPlaced(orderId: string): void {
    if (this.adapter === undefined) return;
    this.context.ports.store.put<PaymentRecord>(PAYMENTS, orderId, { orderId, authorizationId: null, authorizedCents: 0, capturedCents: 0, refundedCents: 0, authorizations: 0, voided: false, captures: {} });
    spawn(this.context, `authorise ${orderId}`, () => this.authorizeOnce(orderId));
  }

  /** An FO shipped or was picked up: capture its value, then complete it. */
  settle(foId: string): void {
    spawn(this.context, `capture ${foId}`, () => this.captureOnce(foId));
  }

  /** Retries captures that did not go through (gateway down, restart); called periodically. */
  async sweep(): Promise<void> {
    for (const foId of [...this.context.ports.store.values<string>(AWAITING_CAPTURE_INDEX)]) await this.captureOnce(foId);
    for (const orderId of [...this.context.ports.store.values<string>(PENDING_VOIDS)]) await this.orderClosed(orderId);
  }

  /**
   * Releases the part of the authorisation that will never be captured. The order is noted
   * first, so a void lost to a crash or a silent gateway is sent again by the sweep.
   */
  async orderClosed(orderId: string): Promise<void> {
    const record = this.context.ports.store.get<PaymentRecord>(PAYMENTS, orderId);
    if (this.adapter === undefined || record === undefined || record.voided) return;
    this.context.ports.store.put(PENDING_VOIDS, orderId, orderId);
    if (record.authorizationId === null) {
      await this.voidUnrecorded(orderId, record.authorizations);
      return;
    }
    if (record.capturedCents >= record.authorizedCents) {
      this.context.ports.store.delete(PENDING_VOIDS, orderId);
      return;
    }
    const outcome = await this.adapter.void(record.authorizationId as string, voidKey(orderId, record.authorizationId as string));
    if (voidSettled(outcome)) {
      const latest = this.context.ports.store.get<PaymentRecord>(PAYMENTS, orderId) as PaymentRecord;
      this.context.ports.store.put<PaymentRecord>(PAYMENTS, orderId, { ...latest, voided: true });
      this.context.ports.store.delete(PENDING_VOIDS, orderId);
    }
  }

  /**
   * An order closed with no authorisation on record: never asked, or asked and the answer lost
   * (a crash, a timeout). The gateway is asked by reference, and whatever it holds is voided;
   * re-sending the authorise key could open a second hold once the gateway forgot the key.
   */
  private async voidUnrecorded(orderId: string, asked: number): Promise<void> {
    const adapter = this.adapter;
    if (adapter === undefined) return;
    if (asked > 0) {
      const found = await adapter.findByReference(orderId);
      if (found.kind !== 'ok') return; // the sweep asks again
      for (const auth of found.value) {
        if (auth.status !== 'AUTHORIZED' || auth.capturedCents >= auth.amountCents) continue;
        const outcome = await adapter.void(auth.authorizationId, voidKey(orderId, auth.authorizationId));
        if (!voidSettled(outcome)) return;
      }
    }
    const latest = this.context.ports.store.get<PaymentRecord>(PAYMENTS, orderId) as PaymentRecord;
    this.context.ports.store.put<PaymentRecord>(PAYMENTS, orderId, { ...latest, voided: true });
    this.context.ports.store.delete(PENDING_VOIDS, orderId);
  }

  /**
   * Refunds `amountCents` for one return, spread over the order's captures, never more than a
   * capture minus what was already refunded from it. Returns how much of it the gateway has
   * refunded so far; the caller tries again later for the rest.
   */
  async refund(orderId: string, returnId: string, amountCents: number): Promise<number> {
    const adapter = this.adapter;
    const initial = this.context.ports.store.get<PaymentRecord>(PAYMENTS, orderId);
    if (adapter === undefined || initial === undefined) return amountCents; // no gateway: nothing was taken
    const plan = initial.refundPlans?.[returnId] ?? this.planRefund(initial, returnId, amountCents);
    if (plan === undefined) return 0;
    let refunded = 0;
    for (const part of plan) {
      const key = `${returnId}:refund:${part.captureId}`;
      const done = this.context.ports.store.get<PaymentRecord>(PAYMENTS, orderId)?.refunds?.[key];
      if (done !== undefined) {
        refunded += done;
        continue;
      }
      const outcome = await adapter.refund(part.captureId, part.amountCents, key);
      if (outcome.kind !== 'ok') continue; // a timeout is retried under the same key by the next sweep
      this.context.ports.store.transaction(() => {
        const latest = this.context.ports.store.get<PaymentRecord>(PAYMENTS, orderId) as PaymentRecord;
        if (latest.refunds?.[key] !== undefined) return;
        this.context.ports.store.put<PaymentRecord>(PAYMENTS, orderId, { ...latest, refundedCents: latest.refundedCents + outcome.value.amountCents, refunds: { ...latest.refunds, [key]: outcome.value.amountCents } });
        this.context.publisher.publish('refund.issued', orderId, orderId, SOURCE, { orderId, returnId, captureId: part.captureId, refundId: outcome.value.refundId, amountCents: outcome.value.amountCents, reason: 'return', idempotencyKey: key });
      });
      refunded += outcome.value.amountCents;
    }
    return refunded;
  }

  /** Fixes which captures a return is refunded from; undefined while a capture is still outstanding. */
  private planRefund(record: PaymentRecord, returnId: string, amountCents: number): readonly { captureId: string; amountCents: number }[] | undefined {
    const order = this.context.repo.requireOrder(record.orderId);
    const captureOutstanding = order.foIds.some((foId) => {
      const state = this.context.repo.requireFo(foId).state;
      return state === 'SHIPPED' || state === 'PICKED_UP';
    });
    const planned = new Map<string, number>();
    for (const parts of Object.values(record.refundPlans ?? {})) for (const part of parts) planned.set(part.captureId, (planned.get(part.captureId) ?? 0) + part.amountCents);
    // Never refund above what was captured: a return worth more than the captures left is a money break.
    const plan = this.context.parts.planRefund({ captures: Object.values(record.captures), planned, amountCents, captureOutstanding });
    if (plan === undefined) return undefined;
    this.context.ports.store.put<PaymentRecord>(PAYMENTS, record.orderId, { ...record, refundPlans: { ...record.refundPlans, [returnId]: plan } });
    return plan;
  }

  private async ensureAuthorized(orderId: string, fresh = false): Promise<PaymentRecord | undefined> {
    const adapter = this.adapter;
    const record = this.context.ports.store.get<PaymentRecord>(PAYMENTS, orderId);
    if (adapter === undefined || record === undefined) return undefined;
    if (record.authorizationId !== null && !fresh) return record;
    if (record.authorizations > (fresh ? 1 : 0)) {
      // We asked before and may never have heard back (a lost or garbled reply, a crash): the
      // gateway may hold an authorisation for us. Adopt it rather than open a second hold on the
      // customer's card. Replacing a lapsed one, that one does not count (a gateway whose clock
      // runs slow may still show it open).
      const found = await adapter.findByReference(orderId);
      const open = found.kind === 'ok' ? found.value.find((auth) => auth.status === 'AUTHORIZED' && auth.authorizationId !== (fresh ? record.authorizationId : null)) : undefined;
      if (found.kind !== 'ok') return undefined; // not knowing, asking again could double the hold
      if (open !== undefined) {
        return this.context.ports.store.transaction(() => {
          const latest = this.context.ports.store.get<PaymentRecord>(PAYMENTS, orderId) as PaymentRecord;
          const adopted: PaymentRecord = { ...latest, authorizationId: open.authorizationId, authorizedCents: latest.capturedCents + open.amountCents - open.capturedCents };
          this.context.ports.store.put(PAYMENTS, orderId, adopted);
          this.context.publisher.publish('payment.authorized', orderId, orderId, SOURCE, { authorizationId: open.authorizationId, amountCents: open.amountCents, adopted: true });
          return adopted;
        });
      }
    }
    const order = this.context.repo.requireOrder(orderId);
    const attempt = fresh || record.authorizations === 0 ? record.authorizations + 1 : record.authorizations;
    const amount = orderValue(order) - (this.context.parts.reauthorizeTheRest ? record.capturedCents : 0);
    this.context.ports.store.put<PaymentRecord>(PAYMENTS, orderId, { ...record, authorizations: attempt });
    const key = `${orderId}:authorize:${attempt}`;
    const outcome = await adapter.authorize(orderId, amount, key);
    if (outcome.kind !== 'ok') return undefined; // retried by the next capture or sweep
    return this.context.ports.store.transaction(() => {
      const latest = this.context.ports.store.get<PaymentRecord>(PAYMENTS, orderId) as PaymentRecord;
      const updated: PaymentRecord = { ...latest, authorizationId: outcome.value.authorizationId, authorizedCents: latest.capturedCents + outcome.value.amountCents };
      this.context.ports.store.put(PAYMENTS, orderId, updated);
      this.context.publisher.publish('payment.authorized', orderId, orderId, SOURCE, { authorizationId: outcome.value.authorizationId, amountCents: outcome.value.amountCents, idempotencyKey: key });
      // Cancelled (or expired) before the gateway answered: the close already passed, so void now.
      // (A look-up at the close may have missed this authorisation: it is voided now whatever that found.)
      if (this.context.repo.requireOrder(orderId).closed && !fresh) {
        this.context.ports.store.put<PaymentRecord>(PAYMENTS, orderId, { ...updated, voided: false });
        spawn(this.context, `void ${orderId}`, () => this.orderClosed(orderId));
      }
      return updated;
    });
  }

  /**
   * A capture of `amountCents` the gateway holds on the authorisation that no FO of the order
   * has claimed in the ledger: what a capture whose answer was lost left behind. 'unknown' when
   * the look-up itself failed (acting without knowing could charge twice).
   */
  private async unclaimedCapture(adapter: PaymentAdapter, foId: string, orderId: string, authorizationId: string, amountCents: number): Promise<CaptureRecord | undefined | 'unknown'> {
    // Another FO of the order capturing right now may have taken its money and not recorded it
    // yet: its capture would look unclaimed. Asked again by the sweep once it is done.
    if (this.otherCaptureInFlight(foId, orderId)) return 'unknown';
    const found = await adapter.findByReference(orderId);
    if (found.kind !== 'ok' || this.otherCaptureInFlight(foId, orderId)) return 'unknown';
    const claimed = new Set(Object.values(this.context.ports.store.get<PaymentRecord>(PAYMENTS, orderId)?.captures ?? {}).map((capture) => capture.captureId));
    const authorization = found.value.find((candidate) => candidate.authorizationId === authorizationId);
    return authorization?.captures.find((capture) => capture.amountCents === amountCents && !claimed.has(capture.captureId));
  }

  private otherCaptureInFlight(foId: string, orderId: string): boolean {
    for (const other of this.capturing) if (other !== foId && this.context.repo.requireFo(other).orderId === orderId) return true;
    return false;
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
      // Already captured (a restart between capture and completion): the gateway's answer completes it.
      const captured = existing?.captures[foId];
      this.context.ports.store.transaction(() => applyFoEvent(this.context, fo, 'complete', {}, '', captured === undefined ? undefined : { actor: 'system', via: PAYMENT_ADAPTER_VERSION, causationId: captured.captureId }));
      return;
    }
    let record = await this.authorizeOnce(fo.orderId);
    if (record?.authorizationId === null || record === undefined) return;
    let outcome = await this.adapter.capture(record.authorizationId as string, amount, `${foId}:capture:${record.authorizations}`);
    if (outcome.kind === 'rejected' && CAPTURE_MAY_HAVE_HAPPENED.has(outcome.code) && this.context.parts.findLostCaptures) {
      // Refused now, but an earlier try under this key may have captured (its answer lost) and the
      // gateway has forgotten the key since: that capture is the money for this FO, not a reason
      // to authorise and capture again (the customer would pay twice).
      const earlier = await this.unclaimedCapture(this.adapter, foId, fo.orderId, record.authorizationId as string, amount);
      if (earlier === 'unknown') return; // the sweep asks again
      if (earlier !== undefined) outcome = { kind: 'ok', value: earlier };
    }
    if (outcome.kind === 'rejected' && (outcome.code === 'AUTHORIZATION_EXPIRED' || outcome.code === 'AUTHORIZATION_VOIDED')) {
      // The card hold lapsed before we shipped: authorise again for what is left, then capture.
      record = await this.authorizeOnce(fo.orderId, record.authorizationId as string);
      if (record?.authorizationId === null || record === undefined) return;
      outcome = await this.adapter.capture(record.authorizationId as string, amount, `${foId}:capture:${record.authorizations}`);
    }
    if (outcome.kind === 'timeout' || outcome.kind === 'unavailable') return; // the sweep tries again
    const latestFo = this.context.repo.requireFo(foId);
    if (outcome.kind !== 'ok') {
      const audit = { actor: 'system', via: PAYMENT_ADAPTER_VERSION, idempotencyKey: `${foId}:capture:${record.authorizations}` } as const;
      if (latestFo.state === 'SHIPPED' || latestFo.state === 'PICKED_UP') this.context.ports.store.transaction(() => raiseException(this.context, latestFo, 'MONEY_MISMATCH', `capture of ${amount} cents refused: ${outcome.message}`, 'escalate', { payment: outcome.message }, audit));
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
      this.context.publisher.publish('payment.captured', foId, fo.orderId, SOURCE, { foId, captureId: outcome.value.captureId, amountCents: outcome.value.amountCents, authorizationId: record.authorizationId as string, idempotencyKey: `${foId}:capture:${record.authorizations}` });
      if (latestFo.state === 'SHIPPED' || latestFo.state === 'PICKED_UP') {
        applyFoEvent(this.context, latestFo, 'complete', {}, '', { actor: 'system', via: PAYMENT_ADAPTER_VERSION, idempotencyKey: `${foId}:capture:${record.authorizations}`, causationId: outcome.value.captureId });
      }
    });
  }

  /** Authorisations in flight per order: two captures that find the card hold lapsed at once authorise again once, not twice. */
  private readonly authorizing = new Map<string, Promise<PaymentRecord | undefined>>();

  /**
   * One authorisation at a time per order; a second caller takes the first one's result.
   * `lapsed`: the authorisation a capture found expired or voided. It is replaced only if the
   * order still has it: another capture may have authorised again meanwhile, and a second hold
   * on the card for the same order is one intent under two keys.
   */
  private authorizeOnce(orderId: string, lapsed?: string): Promise<PaymentRecord | undefined> {
    const running = this.authorizing.get(orderId);
    if (running !== undefined) return running;
    const fresh = lapsed !== undefined && this.context.ports.store.get<PaymentRecord>(PAYMENTS, orderId)?.authorizationId === lapsed;
    const started = this.ensureAuthorized(orderId, fresh).finally(() => this.authorizing.delete(orderId));
    this.authorizing.set(orderId, started);
    return started;
  }
}
