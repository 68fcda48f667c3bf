import type { FoLine, FulfillmentOrder, OrderLine } from '../model/types.ts';
import { statesAllowing } from '../model/fo-state-machine.ts';
import type { CancelOrderCommand, CommandResult } from '../plugin.ts';
import { answerFromClaim, SOURCE, spawn, type OrchestratorContext } from './context.ts';
import type { DcFlow } from './dc-flow.ts';
import { POS_ADAPTER_VERSION } from '../adapters/pos/pos-adapter.ts';
import { applyFoEvent, CANCEL_REQUESTED_INDEX, type TransitionAudit } from './lifecycle.ts';
import { createFo, restoreAvailability, routeFo } from './routing-service.ts';
import type { StoreFlow } from './store-flow.ts';

/** Units to cancel per line number, fixed when the cancel is accepted (a sweep finishes it with the same numbers). */
interface CancelRecord {
  foId: string;
  units: Readonly<Record<string, number>>;
  reason: string;
  /** The customer command's key (absent on records stored before it was kept). */
  idempotencyKey?: string;
  /** Who decided: the customer (absent), or the backorder sweep's deadline decision (units no node has). */
  actor?: 'sweep';
}

/** Who asked (the customer, or the sweep); `via` names the adapter whose answer carried it out, when one did. */
function customer(record: CancelRecord, via?: string): TransitionAudit {
  return { actor: record.actor ?? 'customer', ...(record.idempotencyKey === undefined ? {} : { idempotencyKey: record.idempotencyKey }), ...(via === undefined ? {} : { via }) };
}

const CANCELS = 'cancel-requests';
/**
 * Customer cancels applied, by `<orderId>|<idempotency key>`, kept as long as the order: command
 * keys are forgotten after a day, but a channel may re-send a cancel days later, and a cancel
 * that ran again would cancel units the customer kept.
 */
const APPLIED_CANCELS = 'cancel-keys-applied';
/** States a cancel can still stop without the node's help: no node has anything yet. */
const UNASSIGNED = new Set(['CREATED', 'BACKORDERED', 'PARKED']);
/**
 * Store states where holds can still be released (the store has not shipped or handed over),
 * including an FO parked on the queue because the store did not answer: the releases ask it.
 */
const STORE_CANCELLABLE = statesAllowing('request_cancel');
const DC_RELEASED = new Set(['RELEASED', 'ACKNOWLEDGED', 'IN_PROGRESS']);

function openUnits(line: FoLine): number {
  return line.quantity - line.shipped - line.pickedUp - line.cancelled;
}

function validate(context: OrchestratorContext, command: CancelOrderCommand): string | undefined {
  const order = context.repo.order(command.orderId);
  if (order === undefined) return `order ${command.orderId} does not exist`;
  const seen = new Set<number>();
  for (const [index, line] of (command.lines ?? []).entries()) {
    if (!order.lines.some((candidate) => candidate.lineNo === line.lineNo)) return `lines[${index}].lineNo ${line.lineNo} is not a line of ${command.orderId}`;
    if (seen.has(line.lineNo)) return `lines[${index}].lineNo ${line.lineNo} appears twice`;
    seen.add(line.lineNo);
    if (!Number.isInteger(line.quantity) || line.quantity < 1) return `lines[${index}].quantity must be a positive whole number, got ${line.quantity}`;
  }
  if (command.lines?.length === 0) return 'lines, when given, must name at least one line';
  return undefined;
}

/**
 * Customer cancels, per FO through the table: an FO no node holds yet is cancelled at once; a
 * DC FO not yet in a release file is taken off the queue; store holds are released (DELETE) and
 * the FO cancelled once the store confirms, or cancel-rejected where it already shipped or handed
 * over. A DC FO already in a release file is cancel-rejected at once: the WMS protocol has no
 * cancel message, so it ships and is captured as usual (a return is the customer's way back).
 *
 * A partial cancel never edits a live claim: the FO is cancelled with only the cancelled units on
 * it, and the units kept go to a new FO that is routed afresh (holds placed again), which keeps
 * every line's counters simple: quantity = open + shipped + pickedUp + cancelled.
 */
export class Cancellations {
  /** FOs this process is cancelling at a store right now. */
  private readonly working = new Set<string>();

  constructor(
    private readonly context: OrchestratorContext,
    private readonly stores: StoreFlow,
    private readonly dcs: DcFlow,
  ) {}

  cancelOrder(command: CancelOrderCommand): CommandResult {
    const invalid = validate(this.context, command);
    if (invalid !== undefined) return { kind: 'invalid', message: invalid };
    const keyed = this.context.parts.cancelKeyCoversLines ? (command.lines ?? []) : [];
    const print = [command.orderId, command.reason, ...keyed.map((line) => `${line.lineNo}x${line.quantity}`).sort()].join('|');
    const key = `cancel-order:${command.idempotencyKey}`;
    const answered = answerFromClaim(this.context, key, print, command.idempotencyKey, 'cancel');
    if (answered !== undefined) return answered;
    const appliedKey = `${command.orderId}|${command.idempotencyKey}`;
    const applied = this.context.parts.rememberAppliedCancels ? this.context.ports.store.get<string>(APPLIED_CANCELS, appliedKey) : undefined;
    if (applied !== undefined) return this.answerLateResend(key, print, applied, command);

    const order = this.context.repo.requireOrder(command.orderId);
    const wanted = new Map<number, number>(order.lines.map((line) => [line.lineNo, Number.POSITIVE_INFINITY]));
    if (command.lines !== undefined) {
      wanted.clear();
      for (const line of command.lines) wanted.set(line.lineNo, line.quantity);
    }
    const outcome: CommandResult = { kind: 'accepted', orderId: order.orderId };
    this.context.ports.store.transaction(() => {
      this.context.publisher.publish('order.cancel_requested', order.orderId, order.orderId, SOURCE, {
        orderId: order.orderId,
        lines: command.lines === undefined ? 'all' : command.lines.map((line) => `${line.lineNo}x${line.quantity}`).join(' '),
        reason: command.reason,
      });
      for (const foId of order.foIds) {
        const fo = this.context.repo.requireFo(foId);
        const units: Record<string, number> = {};
        for (const line of fo.lines) {
          const take = Math.min(wanted.get(line.lineNo) ?? 0, openUnits(line));
          if (take <= 0) continue;
          units[String(line.lineNo)] = take;
          wanted.set(line.lineNo, (wanted.get(line.lineNo) ?? 0) - take);
        }
        if (Object.keys(units).length > 0) this.cancelFo(fo, { foId, units, reason: command.reason, idempotencyKey: command.idempotencyKey });
      }
      if (this.context.parts.rememberAppliedCancels) this.context.ports.store.put(APPLIED_CANCELS, appliedKey, print);
      this.context.idempotency.complete(key, print, outcome);
    });
    return outcome;
  }

  /** A cancel re-sent after its command key was forgotten: answered from the order's own record, never run twice. */
  private answerLateResend(key: string, print: string, applied: string, command: CancelOrderCommand): CommandResult {
    if (applied !== print) {
      this.context.idempotency.abandon(key);
      return { kind: 'conflict', message: `idempotency key ${command.idempotencyKey} was used for a different cancel` };
    }
    this.context.idempotency.complete<CommandResult>(key, print, { kind: 'accepted', orderId: command.orderId });
    return { kind: 'replayed', orderId: command.orderId };
  }

  /**
   * The backorder deadline's decision (backorders.ts): units no eligible node has are cancelled
   * on the orchestrator's own authority, through the same path as a customer's cancel, so the
   * money settles the same way (nothing is captured for them; the order's close voids the rest
   * of the authorisation). The FO is waiting (BACKORDERED: nothing held anywhere); its other
   * units go to a new FO, routed at once. No `order.cancel_requested`: that event counts
   * customers' requests, and the customer asked for nothing (the FO's transition carries
   * `actor: 'sweep'` and the reason, `unavailable: ...`).
   */
  cancelUnavailable(fo: FulfillmentOrder, units: readonly OrderLine[], reason: string): void {
    this.finish(fo, { foId: fo.foId, units: Object.fromEntries(units.map((line) => [String(line.lineNo), line.quantity])), reason, actor: 'sweep' }, 'cancel');
  }

  /** Finishes store cancels a store did not answer (offline, timeouts); called periodically. */
  async sweep(): Promise<void> {
    for (const foId of [...this.context.ports.store.values<string>(CANCEL_REQUESTED_INDEX)]) await this.cancelAtStore(foId);
  }

  private cancelFo(fo: FulfillmentOrder, record: CancelRecord): void {
    const atDc = this.context.nodesById.get(fo.nodeId)?.kind === 'DC';
    if (UNASSIGNED.has(fo.state) || (fo.state === 'EXCEPTION' && fo.nodeId === '')) {
      // Parked with no node (unroutable past its limit): nothing is held anywhere, so cancel it now.
      this.finish(fo, record, 'cancel');
    } else if (atDc && (DC_RELEASED.has(fo.state) || (fo.state === 'ALLOCATED' && this.dcs.inReleaseFile(fo.foId)))) {
      const requested = applyFoEvent(this.context, fo, 'request_cancel', {}, record.reason, customer(record));
      applyFoEvent(this.context, requested, 'reject_cancel', {}, 'released to the WMS, whose protocol has no cancel: it ships', customer(record));
    } else if (atDc && fo.state === 'ALLOCATED') {
      this.dcs.dropFromQueue(fo);
      this.finish(applyFoEvent(this.context, fo, 'request_cancel', {}, record.reason, customer(record)), record, 'confirm_cancel');
    } else if (!atDc && fo.nodeId !== '' && STORE_CANCELLABLE.has(fo.state) && (fo.state !== 'EXCEPTION' || this.parkedWhilePlacing(fo))) {
      this.context.ports.store.put<CancelRecord>(CANCELS, fo.foId, record);
      applyFoEvent(this.context, fo, 'request_cancel', {}, record.reason, customer(record));
      spawn(this.context, `cancel at store ${fo.foId}`, () => this.cancelAtStore(fo.foId));
    }
    // Anything else is past cancelling (shipped, handed over, a DC FO on the exception queue the
    // WMS may still ship, an FO parked with no node) or already being cancelled.
  }

  /**
   * Parked because the store did not answer while holds were being placed (its promise still
   * taken, holds maybe live): a cancel can release them. Other parked FOs (re-route limit,
   * money mismatch) are past cancelling here: a person settles them.
   */
  private parkedWhilePlacing(fo: FulfillmentOrder): boolean {
    const open = this.context.exceptions.openFor(fo.foId);
    return open.length > 0 && open.every((item) => item.category === 'SYSTEM_UNREACHABLE' || item.category === 'PROTOCOL_ERROR');
  }

  /** Releases the FO's holds, then cancels it, or cancel-rejects the lines the store already fulfilled. */
  private async cancelAtStore(foId: string): Promise<void> {
    if (this.working.has(foId)) return;
    this.working.add(foId);
    try {
      const results = await this.stores.releaseHoldsFor(foId);
      const fo = this.context.repo.requireFo(foId);
      const record = this.context.ports.store.get<CancelRecord>(CANCELS, foId);
      if (fo.state !== 'CANCEL_REQUESTED' || record === undefined) return;
      if ([...results.values()].includes('unknown')) return; // the sweep asks again
      this.context.ports.store.transaction(() => {
        this.context.ports.store.delete(CANCELS, foId);
        const fulfilled = this.context.parts.cancelYieldsToFulfilment ? fo.lines.filter((line) => results.get(line.lineNo) === 'fulfilled') : [];
        if (fulfilled.length === 0) {
          this.finish(fo, record, 'confirm_cancel', POS_ADAPTER_VERSION);
          return;
        }
        // Too late for some lines: those ship or are collected; the released ones are settled apart.
        const released = fo.lines.filter((line) => results.get(line.lineNo) !== 'fulfilled');
        if (released.length > 0) {
          restoreAvailability(this.context, { ...fo, lines: released });
          this.splitOff(fo, released, record);
        }
        const audit = customer(record, POS_ADAPTER_VERSION);
        const rejected = applyFoEvent(this.context, fo, 'reject_cancel', { lines: fulfilled }, 'the store already shipped or handed it over', audit);
        this.stores.advance(rejected, audit);
      });
    } finally {
      this.working.delete(foId);
    }
  }

  /** Cancels the FO with only its cancelled units on it; the units kept go to a new FO, routed afresh. */
  private finish(fo: FulfillmentOrder, record: CancelRecord, event: 'cancel' | 'confirm_cancel', via?: string): void {
    if (fo.nodeId !== '') restoreAvailability(this.context, fo);
    const kept = this.keptLines(fo.lines, record);
    const order = this.context.repo.requireOrder(fo.orderId);
    // The new FO exists before this one turns terminal, so the order does not close in between.
    const rest = kept.length === 0 ? undefined : createFo(this.context, order, kept, fo.excludedNodeIds);
    applyFoEvent(this.context, fo, event, { lines: this.cancelledLines(fo.lines, record) }, record.reason, customer(record, via));
    if (rest !== undefined) routeFo(this.context, applyFoEvent(this.context, rest, 'route', {}, '', customer(record)).foId, customer(record));
  }

  /** Released lines of a cancel-rejected FO: their cancelled units become a cancelled FO, the rest a new routed one. */
  private splitOff(fo: FulfillmentOrder, released: readonly FoLine[], record: CancelRecord): void {
    const order = this.context.repo.requireOrder(fo.orderId);
    const cancelled = this.cancelledLines(released, record);
    const kept = this.keptLines(released, record);
    const rest = kept.length === 0 ? undefined : createFo(this.context, order, kept, fo.excludedNodeIds);
    if (cancelled.length > 0) {
      const part = createFo(this.context, order, cancelled.map((line) => ({ lineNo: line.lineNo, sku: line.sku, quantity: line.quantity, unitPriceCents: line.unitPriceCents })));
      applyFoEvent(this.context, part, 'cancel', { lines: part.lines.map((line) => ({ ...line, cancelled: line.quantity })) }, record.reason, customer(record, POS_ADAPTER_VERSION));
    }
    if (rest !== undefined) routeFo(this.context, applyFoEvent(this.context, rest, 'route', {}, '', customer(record)).foId, customer(record));
  }

  private cancelledLines(lines: readonly FoLine[], record: CancelRecord): FoLine[] {
    return lines.flatMap((line) => {
      const take = record.units[String(line.lineNo)] ?? 0;
      if (take <= 0) return [];
      const cancelled = line.cancelled + take;
      return [{ ...line, quantity: line.shipped + line.pickedUp + cancelled, cancelled }];
    });
  }

  private keptLines(lines: readonly FoLine[], record: CancelRecord): OrderLine[] {
    return lines.flatMap((line) => {
      const keep = openUnits(line) - (record.units[String(line.lineNo)] ?? 0);
      return keep > 0 ? [{ lineNo: line.lineNo, sku: line.sku, quantity: keep, unitPriceCents: line.unitPriceCents }] : [];
    });
  }
}
