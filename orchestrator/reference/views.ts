import { isTerminal } from '../model/fo-state-machine.ts';
import { lineReference, type FulfillmentOrder, type Order } from '../model/types.ts';
import type { ExceptionQueue } from '../exceptions/exception-queue.ts';
import type { DeadLetterView, DerivedOrderStatus, FoView, OrchestratorView, OrderLineView, OrderView, PaymentView, ReturnView } from '../plugin.ts';
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
    // Units cancelled inside a fulfilled FO count too: the customer did not get everything.
    const someCancelled = states.some((state) => state === 'CANCELLED') || fos.some((fo) => fo.lines.some((line) => line.cancelled > 0));
    return someCancelled ? 'PARTIALLY_CANCELLED' : 'COMPLETED';
  }
  if (states.some((state) => fulfilled(state))) return 'PARTIALLY_SHIPPED';
  if (states.some((state) => state === 'READY_FOR_PICKUP')) return 'READY_FOR_PICKUP';
  return 'OPEN';
}

/** What the view reads beside orders and FOs: the payment ledger and the returns. */
export interface ViewSources {
  payment(orderId: string): PaymentView | null;
  returns(orderId: string): ReturnView[];
  deadLetters(): DeadLetterView[];
}

/** Order line counters, summed over its FOs' lines (an order line may be split over several FOs). */
function lineViews(order: Order, fos: readonly FoView[], returned: Map<number, number>): OrderLineView[] {
  // One pass over the FO lines per order line, no arrays in between: checkers view every order often.
  return order.lines.map((line) => {
    let shipped = 0;
    let pickedUp = 0;
    let cancelled = 0;
    let open = 0;
    for (const fo of fos) {
      for (const part of fo.lines) {
        if (part.lineNo !== line.lineNo) continue;
        shipped += part.shipped;
        pickedUp += part.pickedUp;
        cancelled += part.cancelled;
        open += part.quantity - part.shipped - part.pickedUp - part.cancelled;
      }
    }
    return { lineNo: line.lineNo, sku: line.sku, quantity: line.quantity, unitPriceCents: line.unitPriceCents, open, shipped, pickedUp, cancelled, returned: returned.get(line.lineNo) ?? 0 };
  });
}

/** Units returned per order line, over an order's returns (read once for both the lines and the list). */
function returnedUnits(returns: readonly ReturnView[]): Map<number, number> {
  const units = new Map<number, number>();
  for (const record of returns) for (const line of record.lines) units.set(line.lineNo, (units.get(line.lineNo) ?? 0) + line.quantity);
  return units;
}

function orderView(order: Order, repo: Repository, sources: ViewSources): OrderView {
  const fos = order.foIds.map((foId) => foView(repo.requireFo(foId)));
  const returns = sources.returns(order.orderId);
  return {
    orderId: order.orderId,
    payment: sources.payment(order.orderId),
    channel: order.channel,
    channelOrderId: order.channelOrderId,
    status: deriveStatus(fos),
    closed: order.closed,
    fulfillmentOrders: fos,
    lines: lineViews(order, fos, returnedUnits(returns)),
    returns,
  };
}

export function createView(repo: Repository, exceptions: ExceptionQueue, payment: ViewSources): OrchestratorView {
  return {
    *orders() {
      for (const order of repo.orders()) yield orderView(order, repo, payment);
    },
    order: (orderId) => {
      const order = repo.order(orderId);
      return order === undefined ? undefined : orderView(order, repo, payment);
    },
    *openOrders() {
      for (const order of repo.openOrders()) yield orderView(order, repo, payment);
    },
    openOrderCount: () => repo.openOrderCount(),
    deadLetters: () => payment.deadLetters(),
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
