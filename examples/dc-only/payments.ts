/**
 * The card gateway: authorise the order's value when it is placed, capture what shipped once
 * the WMS settled the FO, void what was never captured, and only then close the FO. Every call
 * has a key derived from the order (Stripe-style `Idempotency-Key`), so a retry after a timeout,
 * a lost reply or a crash gets the first answer back instead of charging twice.
 */
import type { OrchestratorConfig } from '../../orchestrator/plugin.ts';
import type { HttpOutcome, Ports } from '../../orchestrator/ports.ts';
import { close, commit, emit, loadOrder, park, saveOrder } from './lifecycle.ts';
import { NS, orderValueCents, shippedValueCents, type OrderRecord, type PaymentRecord } from './records.ts';

type Gateway = NonNullable<OrchestratorConfig['payment']>;

/** Attempts per call before the order waits for the next sweep. */
const ATTEMPTS = 4;
const BACKOFF_BASE_MS = 1_000;

/** A call's outcome: done, refused for good (with the gateway's error code), or worth retrying later. */
type Outcome = { kind: 'ok'; body: Record<string, unknown> } | { kind: 'refused'; code: string } | { kind: 'retry'; afterMs: number };

function classify(outcome: HttpOutcome): Outcome {
  if (outcome.kind !== 'response') return { kind: 'retry', afterMs: 0 };
  const body = typeof outcome.body === 'object' && outcome.body !== null ? (outcome.body as Record<string, unknown>) : {};
  if (outcome.status === 200 || outcome.status === 201) return { kind: 'ok', body };
  if (outcome.status >= 500) return { kind: 'retry', afterMs: Number(outcome.headers['retry-after'] ?? 0) * 1000 || 0 };
  return { kind: 'refused', code: typeof body['error'] === 'string' ? body['error'] : `HTTP ${outcome.status}` };
}

export class Payments {
  /** Orders this process is working on now: a sweep never starts a second call beside one in flight. */
  private readonly busy = new Set<string>();

  constructor(
    private readonly ports: Ports,
    private readonly gateway: Gateway,
  ) {}

  /** Every order with gateway work left, one after the other. */
  async sweep(): Promise<void> {
    for (const orderId of [...this.ports.store.values<string>(NS.money)]) await this.work(orderId);
  }

  /** Moves one order's money as far as the gateway lets it now. */
  async work(orderId: string): Promise<void> {
    if (this.busy.has(orderId)) return;
    this.busy.add(orderId);
    try {
      if (await this.authorize(orderId)) await this.settle(orderId);
    } finally {
      this.busy.delete(orderId);
    }
  }

  /** True once the order has an authorisation id. */
  private async authorize(orderId: string): Promise<boolean> {
    const record = loadOrder(this.ports.store, orderId);
    if (record === undefined || record.payment === null) return false;
    if (record.payment.authorizationId !== null) return true;
    const outcome = await this.call('/authorizations', { reference: orderId, amountCents: orderValueCents(record), currency: this.gateway.currency }, `auth:${orderId}`);
    if (outcome.kind === 'retry') return false;
    if (outcome.kind === 'refused') return this.refused(orderId, `authorisation refused: ${outcome.code}`);
    const authorizationId = String(outcome.body['authorizationId']);
    const amountCents = Number(outcome.body['amountCents']);
    this.update(orderId, (payment) => ({ ...payment, authorizationId, authorizedCents: amountCents }), 'payment.authorized', { authorizationId, amountCents, idempotencyKey: `auth:${orderId}` });
    return true;
  }

  /** SHIPPED: capture what shipped, void the rest, complete. REJECTED: void, cancel. */
  private async settle(orderId: string): Promise<void> {
    let record = loadOrder(this.ports.store, orderId);
    if (record === undefined || record.payment === null || (record.state !== 'SHIPPED' && record.state !== 'REJECTED')) return;
    const authorizationId = record.payment.authorizationId as string;
    const due = record.state === 'SHIPPED' ? shippedValueCents(record) : 0;
    if (record.payment.capturedCents < due) {
      const idempotencyKey = `capture:${record.foId}`;
      const outcome = await this.call(`/authorizations/${encodeURIComponent(authorizationId)}/captures`, { amountCents: due }, idempotencyKey);
      if (outcome.kind === 'retry') return;
      if (outcome.kind === 'refused') return void this.refused(orderId, `capture of ${due} cents refused: ${outcome.code}`);
      // The claim consumers (and Converge's money-per-intent check) read: which FO this capture and key were for.
      const captured = { foId: record.foId, captureId: String(outcome.body['captureId']), amountCents: due, authorizationId, idempotencyKey };
      this.update(orderId, (payment) => ({ ...payment, capturedCents: due }), 'payment.captured', captured, record.foId);
    }
    record = loadOrder(this.ports.store, orderId) as OrderRecord;
    const payment = record.payment as PaymentRecord;
    if (!payment.released && payment.capturedCents < payment.authorizedCents) {
      const outcome = await this.call(`/authorizations/${encodeURIComponent(authorizationId)}/void`, {}, `void:${authorizationId}`);
      if (outcome.kind === 'retry') return;
      // Expired or fully captured meanwhile: nothing is held on the card any more either way.
      if (outcome.kind === 'refused' && outcome.code !== 'AUTHORIZATION_EXPIRED' && outcome.code !== 'AUTHORIZATION_CAPTURED') return void this.refused(orderId, `void refused: ${outcome.code}`);
    }
    const nowMs = this.ports.clock.nowMs();
    commit(this.ports, (out) => {
      const latest = loadOrder(this.ports.store, orderId) as OrderRecord;
      saveOrder(this.ports.store, close({ ...latest, payment: { ...(latest.payment as PaymentRecord), released: true } }, nowMs, out));
    });
  }

  /** Changes the order's money and publishes the event that says so, in one commit. */
  private update(orderId: string, change: (payment: PaymentRecord) => PaymentRecord, type: string, payload: Record<string, unknown>, aggregateId = orderId): void {
    const nowMs = this.ports.clock.nowMs();
    commit(this.ports, (out) => {
      const latest = loadOrder(this.ports.store, orderId) as OrderRecord;
      saveOrder(this.ports.store, emit({ ...latest, payment: change(latest.payment as PaymentRecord) }, type, payload, nowMs, out, aggregateId));
    });
  }

  /** A refusal no retry will change: a person must look at the money. */
  private refused(orderId: string, detail: string): false {
    const nowMs = this.ports.clock.nowMs();
    commit(this.ports, (out) => {
      const latest = loadOrder(this.ports.store, orderId) as OrderRecord;
      if (latest.state === 'EXCEPTION' || latest.state === 'COMPLETED' || latest.state === 'CANCELLED') return;
      saveOrder(this.ports.store, park(latest, 'MONEY_MISMATCH', 'escalate', 'P1', detail, nowMs, out));
    });
    return false;
  }

  /** One POST with its idempotency key, retried a few times with backoff (at least what `retry-after` asks). */
  private async call(path: string, body: Record<string, unknown>, idempotencyKey: string): Promise<Outcome> {
    for (let attempt = 1; ; attempt++) {
      const outcome = classify(await this.ports.http.send({ method: 'POST', baseUrl: this.gateway.baseUrl, path, headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey }, body, timeoutMs: this.gateway.timeoutMs }));
      if (outcome.kind !== 'retry' || attempt >= ATTEMPTS) return outcome;
      await this.ports.timers.sleep(Math.max(outcome.afterMs, BACKOFF_BASE_MS * 2 ** (attempt - 1)) + this.ports.random.int(BACKOFF_BASE_MS));
    }
  }
}
