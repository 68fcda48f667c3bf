import type { Order } from '../model/types.ts';
import type { CommandResult, LineQuantity, ReturnCommand, ReturnView } from '../plugin.ts';
import { answerFromClaim, SOURCE, spawn, type OrchestratorContext } from './context.ts';
import type { PaymentFlow } from './payment-flow.ts';
import { markUnsettled } from './settlement.ts';

/** A return (RMA): a small record beside the order, so COMPLETED FOs stay terminal. */
interface ReturnRecord {
  returnId: string;
  orderId: string;
  lines: readonly LineQuantity[];
  amountCents: number;
  refundedCents: number;
}

const RETURNS = 'returns';
/** Returns still waiting for (part of) their refund. */
const PENDING_REFUNDS = 'index:pending-refunds';

/** Per order line: units shipped or picked up, and units already returned. */
function lineTotals(context: OrchestratorContext, order: Order): Map<number, { fulfilled: number; returned: number }> {
  const totals = new Map(order.lines.map((line) => [line.lineNo, { fulfilled: 0, returned: 0 }]));
  for (const foId of order.foIds) {
    for (const line of context.repo.requireFo(foId).lines) {
      const entry = totals.get(line.lineNo);
      if (entry !== undefined) entry.fulfilled += line.shipped + line.pickedUp;
    }
  }
  for (const record of returnsOf(context, order.orderId)) {
    for (const line of record.lines) {
      const entry = totals.get(line.lineNo);
      if (entry !== undefined) entry.returned += line.quantity;
    }
  }
  return totals;
}

function returnsOf(context: OrchestratorContext, orderId: string): ReturnRecord[] {
  const count = context.ports.store.get<number>('counters', `return:${orderId}`) ?? 0;
  const records: ReturnRecord[] = [];
  for (let n = 1; n <= count; n++) {
    const record = context.ports.store.get<ReturnRecord>(RETURNS, `${orderId}:R${n}`);
    if (record !== undefined) records.push(record);
  }
  return records;
}

export function returnViews(context: OrchestratorContext, orderId: string): ReturnView[] {
  return returnsOf(context, orderId).map((record) => ({
    returnId: record.returnId,
    lines: record.lines,
    amountCents: record.amountCents,
    refundedCents: record.refundedCents,
    state: record.refundedCents >= record.amountCents ? 'refunded' : 'requested',
  }));
}

/**
 * Returns of shipped or picked-up units (incident 19: never more than fulfilled and not yet
 * returned), each refunded at the price paid, from the order's captures and never above them.
 * Goods are refunded when the return is requested: the harness has no returns desk to receive them.
 */
export class Returns {
  constructor(
    private readonly context: OrchestratorContext,
    private readonly payments: PaymentFlow,
  ) {}

  requestReturn(command: ReturnCommand): CommandResult {
    const order = this.context.repo.order(command.orderId);
    if (order === undefined) return { kind: 'invalid', message: `order ${command.orderId} does not exist` };
    if (command.lines.length === 0) return { kind: 'invalid', message: 'a return needs at least one line' };
    const print = [command.orderId, ...command.lines.map((line) => `${line.lineNo}x${line.quantity}`).sort()].join('|');
    const key = `return:${command.idempotencyKey}`;
    const answered = answerFromClaim(this.context, key, print, command.idempotencyKey, 'return');
    if (answered !== undefined) return answered;

    const totals = lineTotals(this.context, order);
    const seen = new Set<number>();
    for (const [index, line] of command.lines.entries()) {
      const entry = totals.get(line.lineNo);
      const problem =
        entry === undefined ? `lines[${index}].lineNo ${line.lineNo} is not a line of ${order.orderId}`
        : seen.has(line.lineNo) ? `lines[${index}].lineNo ${line.lineNo} appears twice`
        : !Number.isInteger(line.quantity) || line.quantity < 1 ? `lines[${index}].quantity must be a positive whole number, got ${line.quantity}`
        : line.quantity > entry.fulfilled - entry.returned ? `lines[${index}]: ${line.quantity} units to return, only ${entry.fulfilled - entry.returned} shipped or picked up and not yet returned`
        : undefined;
      seen.add(line.lineNo);
      if (problem !== undefined) {
        // A refused request changes nothing: the corrected one may use the same key.
        this.context.idempotency.abandon(key);
        return { kind: 'invalid', message: problem };
      }
    }
    const outcome: CommandResult = { kind: 'accepted', orderId: order.orderId };
    const record = this.context.ports.store.transaction(() => {
      const n = this.context.repo.nextCounter(`return:${order.orderId}`);
      const price = new Map(order.lines.map((line) => [line.lineNo, line.unitPriceCents]));
      const created: ReturnRecord = {
        returnId: `${order.orderId}:R${n}`,
        orderId: order.orderId,
        lines: command.lines.map((line) => ({ lineNo: line.lineNo, quantity: line.quantity })),
        amountCents: command.lines.reduce((sum, line) => sum + line.quantity * (price.get(line.lineNo) ?? 0), 0),
        refundedCents: 0,
      };
      this.context.ports.store.put(RETURNS, created.returnId, created);
      this.context.ports.store.put(PENDING_REFUNDS, created.returnId, created.returnId);
      // A settled order's books change again with this refund: settle it again once refunded.
      if (order.closed) markUnsettled(this.context, order.orderId);
      this.context.publisher.publish('return.requested', created.returnId, order.orderId, SOURCE, { returnId: created.returnId, lines: created.lines.map((line) => `${line.lineNo}x${line.quantity}`).join(' '), amountCents: created.amountCents });
      this.context.idempotency.complete(key, print, outcome);
      return created;
    });
    spawn(this.context, `refund ${record.returnId}`, () => this.refund(record.returnId));
    return outcome;
  }

  /** Retries refunds the gateway has not confirmed yet; called periodically. */
  async sweep(): Promise<void> {
    for (const returnId of [...this.context.ports.store.values<string>(PENDING_REFUNDS)]) await this.refund(returnId);
  }

  private async refund(returnId: string): Promise<void> {
    const record = this.context.ports.store.get<ReturnRecord>(RETURNS, returnId);
    if (record === undefined || record.refundedCents >= record.amountCents) return;
    const refunded = await this.payments.refund(record.orderId, returnId, record.amountCents);
    this.context.ports.store.transaction(() => {
      const latest = this.context.ports.store.get<ReturnRecord>(RETURNS, returnId) as ReturnRecord;
      this.context.ports.store.put<ReturnRecord>(RETURNS, returnId, { ...latest, refundedCents: Math.max(latest.refundedCents, refunded) });
      if (refunded >= latest.amountCents) this.context.ports.store.delete(PENDING_REFUNDS, returnId);
    });
  }
}
