/** The read-only view the harness compares with each legacy system's truth, built from the store. */
import type { DeadLetterView, DerivedOrderStatus, ExceptionView, OrchestratorView, OrderView } from '../../orchestrator/plugin.ts';
import type { StorePort } from '../../orchestrator/ports.ts';
import { cancelledUnits, isTerminal, NS, shippedOf, type OrderRecord } from './records.ts';

function statusOf(record: OrderRecord): DerivedOrderStatus {
  const cancelled = record.lines.some((line) => cancelledUnits(record, line) > 0);
  switch (record.state) {
    case 'EXCEPTION':
      return 'EXCEPTION';
    case 'CANCELLED':
      return 'CANCELLED';
    case 'COMPLETED':
      return cancelled ? 'PARTIALLY_CANCELLED' : 'COMPLETED';
    case 'SHIPPED':
      return 'SHIPPED';
    default:
      return record.lines.some((line) => shippedOf(line) > 0) ? 'PARTIALLY_SHIPPED' : 'OPEN';
  }
}

export function orderView(record: OrderRecord): OrderView {
  const lines = record.lines.map((line) => ({ line, shipped: shippedOf(line), cancelled: cancelledUnits(record, line) }));
  return {
    orderId: record.orderId,
    channel: record.channel,
    channelOrderId: record.channelOrderId,
    status: statusOf(record),
    closed: isTerminal(record.state),
    payment: record.payment === null ? null : { authorizationId: record.payment.authorizationId, authorizedCents: record.payment.authorizedCents, capturedCents: record.payment.capturedCents, refundedCents: 0 },
    fulfillmentOrders: [
      {
        foId: record.foId,
        nodeId: record.nodeId,
        method: record.nodeId === '' ? null : 'SHIP_FROM_DC',
        state: record.state,
        terminal: isTerminal(record.state),
        lines: lines.map(({ line, shipped, cancelled }) => ({ lineNo: line.lineNo, sku: line.sku, quantity: line.quantity, unitPriceCents: line.unitPriceCents, shipped, pickedUp: 0, cancelled, externalRef: `${record.foId}:${line.lineNo}` })),
      },
    ],
    lines: lines.map(({ line, shipped, cancelled }) => ({ lineNo: line.lineNo, sku: line.sku, quantity: line.quantity, unitPriceCents: line.unitPriceCents, open: line.quantity - shipped - cancelled, shipped, pickedUp: 0, cancelled, returned: 0 })),
    returns: [],
  };
}

export function createView(store: StorePort): OrchestratorView {
  const openRecords = (): OrderRecord[] => [...store.values<string>(NS.open)].flatMap((orderId) => store.get<OrderRecord>(NS.orders, orderId) ?? []);
  return {
    *orders() {
      for (const record of store.values<OrderRecord>(NS.orders)) yield orderView(record);
    },
    order(orderId) {
      const record = store.get<OrderRecord>(NS.orders, orderId);
      return record === undefined ? undefined : orderView(record);
    },
    openOrderCount() {
      let count = 0;
      for (const _ of store.values(NS.open)) count++;
      return count;
    },
    openExceptions(): readonly ExceptionView[] {
      const items = openRecords().flatMap((record) => (record.exception === null ? [] : [record.exception]));
      return items.sort((a, b) => a.openedAtMs - b.openedAtMs || (a.exceptionId < b.exceptionId ? -1 : 1));
    },
    deadLetters(): readonly DeadLetterView[] {
      return [...store.values<DeadLetterView>(NS.deadLetters)];
    },
  };
}
