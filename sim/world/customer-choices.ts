import type { CustomerTier, Delivery } from '../../orchestrator/model/types.ts';
import type { PlaceOrderCommand } from '../../orchestrator/plugin.ts';

/**
 * What each customer chose when the channel sent their order: the delivery and the tier, which
 * checkers hold the orchestrator's decisions against. Only the exceptions are kept (pickup
 * stores, VIPs): most orders ship to standard customers, and a run may send millions.
 */
export class CustomerChoices {
  /** `<channel>:<channelOrderId>` to the store a pickup order is to be collected at. */
  private readonly pickupStores = new Map<string, string>();
  /** `<channel>:<channelOrderId>` of VIP customers' orders. */
  private readonly vipOrders = new Set<string>();

  note(command: PlaceOrderCommand): void {
    const reference = `${command.channel}:${command.channelOrderId}`;
    if (command.delivery.method === 'PICKUP') this.pickupStores.set(reference, command.delivery.storeId);
    if (command.customerTier === 'VIP') this.vipOrders.add(reference);
  }

  deliveryOf(channel: string, channelOrderId: string): Delivery {
    const storeId = this.pickupStores.get(`${channel}:${channelOrderId}`);
    return storeId === undefined ? { method: 'SHIP' } : { method: 'PICKUP', storeId };
  }

  customerTierOf(channel: string, channelOrderId: string): CustomerTier {
    return this.vipOrders.has(`${channel}:${channelOrderId}`) ? 'VIP' : 'STANDARD';
  }

  /** The `order.arrived` trace detail: how the customer wants it, and what. */
  static describe(command: PlaceOrderCommand): string {
    return `${command.delivery.method === 'PICKUP' ? `PICKUP@${command.delivery.storeId}` : 'SHIP'} ${command.lines.map((line) => `${line.sku}x${line.quantity}`).join(' ')}`;
  }
}
