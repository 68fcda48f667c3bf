import { IdempotencyStore } from '../idempotency/idempotency-store.ts';
import type { ClockPort, StorePort, TimersPort } from '../ports.ts';
import { requireTransaction } from '../store/require-transaction.ts';
import type { NodeSpec } from '../plugin.ts';
import type { FulfillmentMethod } from '../model/types.ts';
import { promisedByMs } from '../routing/promise-date.ts';

/**
 * Inbound messages already applied, by (source, message id): WMS files by name, WMS documents by
 * control number, shipment rows by shipment id. `record` is called in the same transaction as
 * the message's effects, so a message is never both applied and forgotten.
 */
export interface Inbox {
  seen(source: string, messageId: string): boolean;
  record(source: string, messageId: string, value: unknown): void;
}

/** The inbox in the orchestrator's own store: one namespace per source. */
export function storeInbox(store: StorePort): Inbox {
  return {
    seen: (source, messageId) => store.get(source, messageId) !== undefined,
    record: (source, messageId, value) => {
      requireTransaction(store, `inbox record ${source}/${messageId}`);
      store.put(source, messageId, value);
    },
  };
}

/** One capture of an order, as the ledger recorded it. */
export interface CaptureEntry {
  captureId: string;
  amountCents: number;
}

export interface RefundPlanInput {
  /** The order's captures, oldest first. */
  captures: readonly CaptureEntry[];
  /** Per capture id, what earlier returns' plans already take from it. */
  planned: ReadonlyMap<string, number>;
  amountCents: number;
  /** Some FO of the order shipped or was handed over and is not captured yet. */
  captureOutstanding: boolean;
}

/** Which captures a return is refunded from, and how much from each; undefined: not now (wait, or a money break). */
export type RefundPlanner = (input: RefundPlanInput) => readonly CaptureEntry[] | undefined;

/**
 * Never refund above what was captured: a capture gives back at most what it took minus what
 * earlier returns planned from it; while a capture is outstanding, or if the captures left do
 * not cover the return, there is no plan.
 */
export const planRefundWithinCaptures: RefundPlanner = ({ captures, planned, amountCents, captureOutstanding }) => {
  if (captureOutstanding) return undefined;
  const plan: CaptureEntry[] = [];
  let remaining = amountCents;
  for (const capture of captures) {
    const take = Math.min(remaining, capture.amountCents - (planned.get(capture.captureId) ?? 0));
    if (take <= 0) continue;
    plan.push({ captureId: capture.captureId, amountCents: take });
    remaining -= take;
  }
  return remaining > 0 ? undefined : plan;
};

/**
 * The reference orchestrator's collaborators and policies that are worth swapping one at a time:
 * internal, not part of the plugin API (a plugin module only exports `create(ports, config)`).
 * Production runs with `PRODUCTION_PARTS`; test/variants/ swaps one part for a deliberately
 * broken one, to prove the gate's invariants catch that bug.
 */
export interface ReferenceParts {
  /** Command idempotency: the claim and the outcome are stored before the command is answered. */
  idempotency(store: StorePort, clock: ClockPort, timers: TimersPort): IdempotencyStore;
  /** De-duplication of inbound WMS files, documents and shipment rows. */
  inbox(store: StorePort): Inbox;
  /** After a POS hold create went unanswered, look the hold up by reference before sending it again (incident 1). */
  lookUpHoldBeforeResend: boolean;
  /** The instant a WMS snapshot's counts describe, given its as-of and when it is applied (incidents 6, 7). */
  snapshotCountsAt(asOfMs: number, appliedAtMs: number): number;
  /** How a return is spread over the order's captures (incident 19). */
  planRefund: RefundPlanner;
  /** A store answering "already shipped or handed over" to a cancel's hold release makes the cancel too late (incident 4). */
  cancelYieldsToFulfilment: boolean;
  /** Unacknowledged releases are re-sent as the same document, then escalated (incident 21). */
  chaseUnacknowledgedReleases: boolean;
  /** Acknowledged FOs whose shipment confirmation is overdue have their release's documents asked for, then escalate (dc-flow.ts). */
  chaseOverdueConfirmations: boolean;
  /** A release still unacknowledged once its re-sends (or the requests for its documents) ran out goes to a person as LOST_ACK (dc-flow.ts). */
  escalateLostAcks: boolean;
  /** A dead letter whose document then came in a readable copy is settled, off the queue (wms-recovery.ts). */
  settleDeadLettersByCopy: boolean;
  /** A cancel's key covers the units it names: the same key with other units is another request (cancellation.ts). */
  cancelKeyCoversLines: boolean;
  /** FOs parked because a store did not answer are retried until it answers again (remediation.ts). */
  retryParkedUnreachable: boolean;
  /** A customer cancel's key is kept with its order once applied, so a re-send after the command keys are pruned is answered, not run (cancellation.ts). */
  rememberAppliedCancels: boolean;
  /** Past a week of retries, a silent store that answers again still gets its parked FOs back (remediation.ts). */
  retryPastTheWeekWhenBack: boolean;
  /** A placeOrder for a channel order that already has an order is answered with it, whatever its key (incident 22). */
  oneOrderPerChannelOrder: boolean;
  /** A DC's snapshot is net of units released to its WMS and not shipped yet, not only of those still queued (dc-flow.ts). */
  releasedUnitsStayPromised: boolean;
  /** Holds under our references that no FO line owns (a network copy of a create: the POS has no idempotency) are released (store-flow.ts). */
  releaseOrphanHolds: boolean;
  /** A WMS wave that confirms 0 units of every line of an FO rejects the FO, rather than shipping what is left: nothing (dc-flow.ts). */
  rejectEmptyWave: boolean;
  /** A card hold that lapsed after a partial capture is replaced by one for what is left to capture, not the whole order (payment-flow.ts). */
  reauthorizeTheRest: boolean;
  /** An FO leaving a store forgets that store's hold ids: they mean nothing at the next node (routing-service.ts). */
  forgetHoldIdsWhenMoving: boolean;
  /**
   * A capture refused because its hold is spent, lapsed or voided is first looked for at the
   * gateway: an earlier try whose answer was lost may have taken the money (payment-flow.ts).
   */
  findLostCaptures: boolean;
  /** The promised date of one leg of a plan: the end of the node's local day `promiseDays` after routing (docs/routing.md). */
  promiseDate(node: NodeSpec, method: FulfillmentMethod, nowMs: number): number;
  /** Rows (or FOs) of a WMS document, holds of a POS journal page, or FOs a sent release moves to RELEASED, applied in one transaction at most; the rest in further steps (dc-flow.ts, store-flow.ts). */
  inboundItemsPerStep: number;
}

export const PRODUCTION_PARTS: ReferenceParts = {
  idempotency: (store, clock) => new IdempotencyStore(store, clock),
  inbox: storeInbox,
  lookUpHoldBeforeResend: true,
  snapshotCountsAt: (asOfMs) => asOfMs,
  planRefund: planRefundWithinCaptures,
  cancelYieldsToFulfilment: true,
  chaseUnacknowledgedReleases: true,
  chaseOverdueConfirmations: true,
  escalateLostAcks: true,
  settleDeadLettersByCopy: true,
  cancelKeyCoversLines: true,
  retryParkedUnreachable: true,
  rememberAppliedCancels: true,
  retryPastTheWeekWhenBack: true,
  oneOrderPerChannelOrder: true,
  releasedUnitsStayPromised: true,
  releaseOrphanHolds: true,
  rejectEmptyWave: true,
  reauthorizeTheRest: true,
  forgetHoldIdsWhenMoving: true,
  findLostCaptures: true,
  promiseDate: promisedByMs,
  // A row or a hold change costs about four writes, an FO they settle a few more (a short ship
  // routes its rest again): a step stays within a few hundred writes however large the batch.
  inboundItemsPerStep: 50,
};
