import type { OrchestratorView, OrderView } from '../../orchestrator/plugin.ts';
import { stuckFos } from '../invariants/lifecycle.ts';

/** Still moving whatever the exception queue holds: an FO neither terminal nor parked in EXCEPTION. */
function movingWithoutQueue(order: OrderView): boolean {
  return !order.closed && order.fulfillmentOrders.some((fo) => !fo.terminal && fo.state !== 'EXCEPTION');
}

/**
 * The world's convergence question, asked every 15 simulated minutes once the scenario has
 * healed: is every order closed, or are all its open FOs parked on the exception queue? After a
 * holiday peak a third of the orders may wait on the queue for a person while a few are still
 * moving, so each probe used to read every open order and every queue item again. The answer is
 * the same; it is found cheaper: the order found moving last time is asked first (one order, no
 * queue read), and a full pass reads the newest orders first, the likeliest to be moving.
 */
export class SettledOrders {
  private movingHint: string | null = null;

  check(view: OrchestratorView): boolean {
    const open = view.openOrderCount();
    if (open === 0) return true;
    if (this.movingHint !== null) {
      const order = view.order(this.movingHint);
      if (order !== undefined && movingWithoutQueue(order)) return false;
      this.movingHint = null;
    }
    const excepted = new Set(view.openExceptions().map((item) => item.foId));
    if (excepted.size === 0) return false;
    for (const order of view.openOrders?.() ?? view.orders()) {
      if (order.closed) continue;
      if (stuckFos(order, excepted).length > 0) {
        if (movingWithoutQueue(order)) this.movingHint = order.orderId;
        return false;
      }
    }
    return true;
  }
}
