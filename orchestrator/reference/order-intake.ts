import type { Order, OrderLine } from '../model/types.ts';
import type { CommandResult, PlaceOrderCommand } from '../plugin.ts';
import { answerFromClaim, SOURCE, type OrchestratorContext } from './context.ts';
import { applyFoEvent } from './lifecycle.ts';
import { createFo, routeFo } from './routing-service.ts';

function validate(context: OrchestratorContext, command: PlaceOrderCommand): string | undefined {
  if (command.channel === '' || command.channelOrderId === '') return 'channel and channelOrderId must not be empty';
  if (command.lines.length === 0) return 'an order needs at least one line';
  for (const [index, line] of command.lines.entries()) {
    if (line.sku === '') return `lines[${index}].sku must not be empty`;
    if (!Number.isInteger(line.quantity) || line.quantity < 1) return `lines[${index}].quantity must be a positive whole number, got ${line.quantity}`;
    if (!Number.isInteger(line.unitPriceCents) || line.unitPriceCents < 0) return `lines[${index}].unitPriceCents must be a whole number of cents, got ${line.unitPriceCents}`;
  }
  if (command.delivery.method === 'PICKUP') {
    const storeId = command.delivery.storeId;
    const store = context.nodesById.get(storeId);
    if (store === undefined || store.kind !== 'STORE') return `pickup store ${storeId} is not a known store`;
  }
  return undefined;
}

/** A stable fingerprint of what the command asks for, to tell a retry from a different request. */
function fingerprint(command: PlaceOrderCommand): string {
  const delivery = command.delivery.method === 'PICKUP' ? `PICKUP@${command.delivery.storeId}` : 'SHIP';
  return [command.channel, command.channelOrderId, command.customerTier, delivery, ...command.lines.map((line) => `${line.sku}x${line.quantity}@${line.unitPriceCents}`)].join('|');
}

/**
 * Accepts an order once per idempotency key (and once per channel order id), stores it, and
 * routes it. The outcome is stored before it is returned.
 */
export function placeOrder(context: OrchestratorContext, command: PlaceOrderCommand): CommandResult {
  const invalid = validate(context, command);
  if (invalid !== undefined) return { kind: 'invalid', message: invalid };
  const print = fingerprint(command);
  const answered = answerFromClaim(context, `place-order:${command.idempotencyKey}`, print, command.idempotencyKey, 'order');
  if (answered !== undefined) return answered;

  const channelOrder = `${command.channel}-${command.channelOrderId}`;
  const existing = context.repo.order(channelOrder);
  if (existing !== undefined && context.parts.oneOrderPerChannelOrder) {
    // The channel sent the same order under a new key: still one order per channel order id.
    const outcome: CommandResult = { kind: 'replayed', orderId: channelOrder };
    context.idempotency.complete(`place-order:${command.idempotencyKey}`, print, outcome);
    return outcome;
  }
  // Only a part that dedupes by key alone gets here with an existing order: it numbers a second one.
  const orderId = existing === undefined ? channelOrder : `${channelOrder}-${context.repo.nextCounter(`order:${channelOrder}`)}`;
  const lines: OrderLine[] = command.lines.map((line, index) => ({ lineNo: index + 1, sku: line.sku, quantity: line.quantity, unitPriceCents: line.unitPriceCents }));
  const order: Order = {
    orderId,
    channel: command.channel,
    channelOrderId: command.channelOrderId,
    customerTier: command.customerTier,
    delivery: command.delivery,
    lines,
    createdAtMs: context.ports.clock.nowMs(),
    foIds: [],
    closed: false,
  };
  context.repo.putOrder(order);
  context.repo.orderOpened(orderId);
  context.publisher.publish('order.created', orderId, orderId, SOURCE, {
    orderId,
    channel: order.channel,
    channelOrderId: order.channelOrderId,
    delivery: order.delivery.method === 'PICKUP' ? `PICKUP@${order.delivery.storeId}` : 'SHIP',
    lines: lines.map((line) => `${line.sku}x${line.quantity}`).join(' '),
  });
  const outcome: CommandResult = { kind: 'accepted', orderId };
  context.idempotency.complete(`place-order:${command.idempotencyKey}`, print, outcome);
  const fo = createFo(context, order, lines);
  const audit = { actor: 'customer', idempotencyKey: command.idempotencyKey } as const;
  routeFo(context, applyFoEvent(context, fo, 'route', {}, '', audit).foId, audit);
  return outcome;
}
