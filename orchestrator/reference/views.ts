import { isTerminal } from '../model/fo-state-machine.ts';
import { lineReference, type FulfillmentOrder, type Order } from '../model/types.ts';
import type { ExceptionQueue } from '../exceptions/exception-queue.ts';
import type { DerivedOrderStatus, FoView, OrchestratorView, OrderView, PaymentView } from '../plugin.ts';
import type { Repository } from './repository.ts';

function foView(fo: FulfillmentOrder): FoView {
  return {
    foId: fo.foId,
    nodeId: fo.nodeId,
    method: fo.method,
    state: fo.state,
    terminal: isTerminal(fo.state),
    lines: fo.lines.map((line) => ({
      lineNo: line.lineNo,
      sku: line.sku,
      quantity: line.quantity,
      unitPriceCents: line.unitPriceCents,
      shipped: line.shipped,
      pickedUp: line.pickedUp,
      cancelled: line.cancelled,
      externalRef: lineReference(fo.foId, line.lineNo),
    })),
  };
}

/** Order status is derived from its FOs every time, never stored. */
export function deriveStatus(fos: readonly FoView[]): DerivedOrderStatus {
  const states = fos.map((fo) => fo.state);
  if (states.some((state) => state === 'EXCEPTION')) return 'EXCEPTION';
  if (states.every((state) => state === 'CANCELLED')) return 'CANCELLED';
  const fulfilled = (state: string): boolean => state === 'SHIPPED' || state === 'PICKED_UP' || state === 'COMPLETED';
  if (states.every((state) => fulfilled(state) || state === 'CANCELLED')) {
    return states.some((state) => state === 'CANCELLED') ? 'PARTIALLY_CANCELLED' : 'COMPLETED';
  }
  if (states.some((state) => fulfilled(state))) return 'PARTIALLY_SHIPPED';
  if (states.some((state) => state === 'READY_FOR_PICKUP')) return 'READY_FOR_PICKUP';
  return 'OPEN';
}

function orderView(order: Order, repo: Repository, payment: (orderId: string) => PaymentView | null): OrderView {
  const fos = order.foIds.map((foId) => foView(repo.requireFo(foId)));
  return { orderId: order.orderId, payment: payment(order.orderId), channel: order.channel, channelOrderId: order.channelOrderId, status: deriveStatus(fos), closed: order.closed, fulfillmentOrders: fos };
}

export function createView(repo: Repository, exceptions: ExceptionQueue, payment: (orderId: string) => PaymentView | null): OrchestratorView {
  return {
    *orders() {
      for (const order of repo.orders()) yield orderView(order, repo, payment);
    },
    order: (orderId) => {
      const order = repo.order(orderId);
      return order === undefined ? undefined : orderView(order, repo, payment);
    },
    openOrderCount: () => repo.openOrderCount(),
    openExceptions: () =>
      exceptions.openItems().map((item) => ({
        exceptionId: item.exceptionId,
        orderId: item.orderId,
        foId: item.foId,
        category: item.category,
        suggestedAction: item.suggestedAction,
        slaTier: item.slaTier,
        openedAtMs: item.openedAtMs,
        dueAtMs: item.dueAtMs,
        detail: item.detail,
      })),
  };
}
