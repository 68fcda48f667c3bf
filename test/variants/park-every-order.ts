/**
 * The do-nothing orchestrator: it accepts each order and at once parks it on the exception queue
 * as UNROUTABLE, never calling a POS, a WMS or the gateway. Every system "agrees" (nothing was
 * asked of them) and every order is "on the queue", so a harness that exempts parked orders
 * passes it. Caught by `exceptions.parked-for-a-real-cause`: the owners' books show nodes with
 * the stock for every line.
 */
import { PLUGIN_API_VERSION, type CommandResult, type ExceptionView, type OrderView, type PlaceOrderCommand } from '../../orchestrator/plugin.ts';
import type { Ports } from '../../orchestrator/ports.ts';

const NAME = 'broken-park-every-order';

function parkAll(ports: Ports) {
  const orders = new Map<string, OrderView>();
  const byKey = new Map<string, string>();
  const exceptions: ExceptionView[] = [];
  const publish = (type: string, aggregateId: string, orderId: string, payload: Record<string, unknown>): void => {
    ports.events.publish({ eventId: `${aggregateId}:${type}`, type, aggregateId, sequence: 1, occurredAtMs: ports.clock.nowMs(), source: NAME, correlationId: orderId, schemaVersion: 1, payload });
  };
  return {
    name: NAME,
    version: '0.0.0',
    async start(): Promise<void> {},
    async placeOrder(command: PlaceOrderCommand): Promise<CommandResult> {
      const known = byKey.get(command.idempotencyKey);
      if (known !== undefined) return { kind: 'replayed', orderId: known };
      const orderId = `${command.channel}-${command.channelOrderId}`;
      const foId = `FO-${orderId}-1`;
      byKey.set(command.idempotencyKey, orderId);
      const lines = command.lines.map((line, index) => ({ lineNo: index + 1, sku: line.sku, quantity: line.quantity, unitPriceCents: line.unitPriceCents, shipped: 0, pickedUp: 0, cancelled: 0, externalRef: `${foId}:${index + 1}` }));
      orders.set(orderId, { orderId, payment: null, channel: command.channel, channelOrderId: command.channelOrderId, status: 'EXCEPTION', closed: false, fulfillmentOrders: [{ foId, nodeId: '', method: null, state: 'EXCEPTION', terminal: false, lines }] });
      const now = ports.clock.nowMs();
      const exceptionId = `EX-${foId}-UNROUTABLE`;
      exceptions.push({ exceptionId, orderId, foId, category: 'UNROUTABLE', suggestedAction: 'cancel', slaTier: 'P2', openedAtMs: now, dueAtMs: now + 86_400_000, detail: 'no node can serve it' });
      publish('order.created', orderId, orderId, { channel: command.channel, channelOrderId: command.channelOrderId, lines: command.lines.map((line) => `${line.sku}x${line.quantity}`).join(' ') });
      publish('fo.transitioned', foId, orderId, { foId, event: 'escalate', from: 'CREATED', to: 'EXCEPTION' });
      publish('exception.opened', exceptionId, orderId, { foId, category: 'UNROUTABLE', slaTier: 'P2', suggestedAction: 'cancel', detail: 'no node' });
      return { kind: 'accepted', orderId };
    },
    view() {
      return {
        orders: () => orders.values(),
        order: (orderId: string) => orders.get(orderId),
        openOrderCount: () => orders.size,
        openExceptions: () => exceptions,
      };
    },
  };
}

export default { apiVersion: PLUGIN_API_VERSION, name: NAME, version: '0.0.0', create: parkAll };
