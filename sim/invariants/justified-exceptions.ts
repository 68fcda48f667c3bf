import type { ExceptionView, FoView, OrderView } from '../../orchestrator/plugin.ts';
import { judgeCause } from './exception-causes.ts';
import { stateKeyedBy } from './run-state.ts';
import { pointer, type CheckContext, type EndOfRun, type EventPointer, type Finding, type InvariantChecker } from './types.ts';

/** Per run: where each still-open exception was opened, by exception id (the first bad event of an unjustified one). */
const openedAt = stateKeyedBy<CheckContext, Map<string, EventPointer>>(() => new Map());

/**
 * The exception queue is for what a person must decide, not a sink. At the end of a run every FO
 * still parked (and every order-level item) must name a cause the owners' books confirm and the
 * orchestrator could not have healed by itself: the store still down, the stock really gone, the
 * WMS really never took the release. A parked FO none of whose open items is confirmed is a
 * violation, with the reason each was not (sim/invariants/exception-causes.ts has the rules).
 */
export const justifiedExceptionsChecker: InvariantChecker = {
  name: 'exceptions.parked-for-a-real-cause',
  kinds: ['exception.opened', 'exception.resolved'],
  onEvent(event, context) {
    if (event.kind === 'exception.opened') {
      const opened = openedAt(context);
      if (!opened.has(event.ref)) opened.set(event.ref, pointer(event));
    } else if (event.kind === 'exception.resolved') {
      openedAt(context).delete(event.ref);
    }
  },
  atEndOrder(order, end, report) {
    for (const fo of order.fulfillmentOrders) {
      if (fo.terminal || fo.state !== 'EXCEPTION') continue;
      const items = end.exceptionsOf(fo.foId);
      if (items.length > 0) judgeParked(order, fo, items, end, report);
    }
    for (const item of end.exceptionsOf('')) if (item.orderId === order.orderId) judgeParked(order, undefined, [item], end, report);
  },
};

function judgeParked(order: OrderView, fo: FoView | undefined, items: readonly ExceptionView[], end: EndOfRun, report: (finding: Finding) => void): void {
  const judged = items.map((item) => ({ item, judgement: judgeCause(item, fo, order, end) }));
  if (judged.some(({ judgement }) => judgement.justified)) return;
  const first = judged[0]?.item;
  const where = fo === undefined ? `order ${order.orderId}` : `${fo.foId}@${fo.nodeId || '-'}`;
  report({
    invariant: justifiedExceptionsChecker.name,
    orderId: order.orderId,
    detail: `${where} is parked on the exception queue for a cause the owners' books do not confirm or that could have healed: ${judged.map(({ item, judgement }) => `${item.category} ("${item.detail}"): ${judgement.why}`).join('; ')}`,
    firstBadEvent: (first === undefined ? undefined : openedAt(end.context).get(first.exceptionId)) ?? end.context.lastEventOf(order.orderId),
  });
}

