import type { AuthorizationRecord } from '../adapters/payment/payment-adapter.ts';
import { DEFAULT_SETTLEMENT_INTERVAL_MS } from '../plugin.ts';
import { SOURCE, type OrchestratorContext } from './context.ts';
import { fulfilledValue, type PaymentFlow } from './payment-flow.ts';
import { returnViews } from './returns.ts';

/** Closed orders whose money has not been reconciled with the gateway yet, so a sweep does not scan every order. */
export const UNSETTLED_INDEX = 'index:unsettled';
/** Per order: how its last reconciliation ended. */
const SETTLEMENTS = 'settlements';

interface SettlementRecord {
  orderId: string;
  /** `settled`: the books agree; `break`: on the exception queue for a person. */
  outcome: 'settled' | 'break';
  atMs: number;
}

/** The gateway's books for one order, summed over its authorisations. */
interface GatewayBooks {
  capturedCents: number;
  refundedCents: number;
  /** Authorisations still holding part of the customer's card. */
  held: AuthorizationRecord[];
}

export function settlementIntervalMs(context: OrchestratorContext): number {
  return context.config.timing.settlementIntervalMs ?? DEFAULT_SETTLEMENT_INTERVAL_MS;
}

/**
 * Notes a closed order for the next settlement sweep. Also called for a return on a closed
 * order, whose refund changes both books again; an order already on the queue for a money
 * break stays with the person working it.
 */
export function markUnsettled(context: OrchestratorContext, orderId: string): void {
  if (context.config.payment === undefined) return;
  if (context.ports.store.get<SettlementRecord>(SETTLEMENTS, orderId)?.outcome === 'break') return;
  context.ports.store.put(UNSETTLED_INDEX, orderId, orderId);
}

function describe(auth: AuthorizationRecord): string {
  return `${auth.authorizationId} ${auth.status} amount ${auth.amountCents} captured ${auth.capturedCents} refunded ${auth.refundedCents}`;
}

/**
 * Settlement (reconciliation of money): for each order closed since the last sweep, the
 * gateway's books (looked up by the order's reference) against the orchestrator's own records:
 * money kept (captured - refunded) equals the value of goods kept (shipped or picked up minus
 * returned), the ledger equals the gateway, and no authorisation still holds the card.
 * A held remainder is voided (safe: nothing will be captured on a closed order) and the order
 * checked again next sweep; a break that persists is a MONEY_MISMATCH for a person. An order
 * that balances is settled and never looked up again. An unreachable gateway: next sweep.
 */
export class Settlement {
  constructor(
    private readonly context: OrchestratorContext,
    private readonly payments: PaymentFlow,
  ) {}

  async sweep(): Promise<void> {
    for (const orderId of [...this.context.ports.store.values<string>(UNSETTLED_INDEX)]) await this.reconcile(orderId);
  }

  private async reconcile(orderId: string): Promise<void> {
    const { store } = this.context.ports;
    const ledger = this.payments.view(orderId);
    if (ledger === null) {
      store.delete(UNSETTLED_INDEX, orderId); // no payment was ever taken for it
      return;
    }
    // The close's own void, or a refund, is still under way: its retries may yet balance the books.
    if (this.payments.settling(orderId)) return;
    const returns = returnViews(this.context, orderId);
    if (returns.some((item) => item.state !== 'refunded')) return;

    const found = await this.payments.lookUp(orderId);
    if (found === undefined || found.kind !== 'ok') return; // the gateway did not answer: next sweep
    const gateway: GatewayBooks = { capturedCents: 0, refundedCents: 0, held: [] };
    for (const auth of found.value) {
      gateway.capturedCents += auth.capturedCents;
      gateway.refundedCents += auth.refundedCents;
      if (auth.status === 'AUTHORIZED' && auth.capturedCents < auth.amountCents) gateway.held.push(auth);
    }
    if (gateway.held.length > 0) {
      // Safe remediation first; whatever else is wrong is judged on the books after it.
      for (const auth of gateway.held) await this.payments.voidHeld(orderId, auth.authorizationId);
      return;
    }

    const order = this.context.repo.requireOrder(orderId);
    const fulfilledCents = order.foIds.reduce((sum, foId) => sum + fulfilledValue(this.context.repo.requireFo(foId)), 0);
    const returnedCents = returns.reduce((sum, item) => sum + item.amountCents, 0);
    const latest = this.payments.view(orderId) ?? ledger;
    const problems: string[] = [];
    const keptCents = gateway.capturedCents - gateway.refundedCents;
    if (keptCents !== fulfilledCents - returnedCents) problems.push(`gateway kept ${keptCents} cents (captured ${gateway.capturedCents}, refunded ${gateway.refundedCents}), goods kept are worth ${fulfilledCents - returnedCents} cents (${fulfilledCents} shipped or picked up, ${returnedCents} returned)`);
    if (latest.capturedCents !== gateway.capturedCents) problems.push(`ledger captured ${latest.capturedCents} cents, the gateway ${gateway.capturedCents}`);
    if (latest.refundedCents !== gateway.refundedCents) problems.push(`ledger refunded ${latest.refundedCents} cents, the gateway ${gateway.refundedCents}`);

    const now = this.context.ports.clock.nowMs();
    store.transaction(() => {
      store.delete(UNSETTLED_INDEX, orderId);
      if (problems.length === 0) {
        store.put<SettlementRecord>(SETTLEMENTS, orderId, { orderId, outcome: 'settled', atMs: now });
        this.context.publisher.publish('order.settled', orderId, orderId, SOURCE, { orderId, capturedCents: gateway.capturedCents, refundedCents: gateway.refundedCents });
        return;
      }
      store.put<SettlementRecord>(SETTLEMENTS, orderId, { orderId, outcome: 'break', atMs: now });
      const detail = problems.join('; ');
      // Evidence to replay: the look-up that was answered, and each side's books at that moment.
      const lastKnown: Record<string, string> = {
        orchestrator: `order closed; ledger authorized ${latest.authorizedCents} captured ${latest.capturedCents} refunded ${latest.refundedCents}; goods shipped or picked up ${fulfilledCents}, returned ${returnedCents}`,
        gateway: `captured ${gateway.capturedCents} refunded ${gateway.refundedCents}; ${found.value.map(describe).join('; ')}`,
        lookup: `GET /authorizations?reference=${encodeURIComponent(orderId)} at ${now}`,
      };
      this.context.publisher.publish('recon.break_detected', orderId, orderId, SOURCE, { category: 'MONEY_MISMATCH', orderId, detail, ...lastKnown });
      const item = this.context.exceptions.open({ orderId, foId: '', category: 'MONEY_MISMATCH', detail, suggestedAction: 'escalate', customerTier: order.customerTier, lastKnown });
      this.context.publisher.publish('exception.opened', item.exceptionId, orderId, SOURCE, { foId: '', category: item.category, suggestedAction: item.suggestedAction, slaTier: item.slaTier, detail });
    });
  }
}
