/**
 * The channel's idempotency keys, on the store port: a repeated command gets the first one's
 * outcome and has no second effect; the same key with a different request is a conflict.
 * placeOrder does all its work in one synchronous transaction, so a key is never "in progress".
 */
import type { CommandResult, PlaceOrderCommand } from '../../orchestrator/plugin.ts';
import type { StorePort } from '../../orchestrator/ports.ts';
import { NS } from './records.ts';

interface Remembered {
  fingerprint: string;
  orderId: string;
}

/** Everything of the command but its key, in a fixed field order. */
export function fingerprintOf(command: PlaceOrderCommand): string {
  const delivery = command.delivery.method === 'PICKUP' ? `PICKUP@${command.delivery.storeId}` : 'SHIP';
  const lines = command.lines.map((line) => `${line.sku}x${line.quantity}@${line.unitPriceCents}`).join(' ');
  return [command.channel, command.channelOrderId, command.customerTier, delivery, lines].join('|');
}

/** The first outcome for this key, or undefined if the key is new. */
export function recall(store: StorePort, idempotencyKey: string, fingerprint: string): CommandResult | undefined {
  const earlier = store.get<Remembered>(NS.commands, idempotencyKey);
  if (earlier === undefined) return undefined;
  if (earlier.fingerprint !== fingerprint) return { kind: 'conflict', message: `idempotency key ${idempotencyKey} was used for another request (order ${earlier.orderId})` };
  return { kind: 'replayed', orderId: earlier.orderId };
}

/** Call inside the transaction that creates the order, so the two are never apart. */
export function remember(store: StorePort, idempotencyKey: string, fingerprint: string, orderId: string): void {
  store.put<Remembered>(NS.commands, idempotencyKey, { fingerprint, orderId });
}
