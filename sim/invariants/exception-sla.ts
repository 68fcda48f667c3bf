import type { ExceptionView } from '../../orchestrator/plugin.ts';
import { fieldsOf, textField } from '../kernel/trace-detail.ts';
import { stateKeyedBy } from './run-state.ts';
import { pointer, type CheckContext, type InvariantChecker } from './types.ts';

const HOUR_MS = 3_600_000;

/** How long an item of each tier may stay open before its SLA is breached. */
export const SLA_MS: Readonly<Record<ExceptionView['slaTier'], number>> = { P1: 4 * HOUR_MS, P2: 24 * HOUR_MS, P3: 72 * HOUR_MS };

/** Money at stake or a VIP customer: P1; a stray hold somewhere: P3; anything else: P2. */
export function slaTierFor(category: string, vip: boolean): ExceptionView['slaTier'] {
  if (vip || category === 'MONEY_MISMATCH' || category === 'OVERSELL') return 'P1';
  return category === 'ORPHAN_HOLD' ? 'P3' : 'P2';
}

/** Per run: orders of VIP customers, by order id (as the channel sent them, read at `order.created`). */
const vipOrdersOf = stateKeyedBy<CheckContext, Set<string>>(() => new Set());

/**
 * The exception queue's service levels: an item is P1 when money is at stake (MONEY_MISMATCH,
 * OVERSELL) or the customer is a VIP, P3 for an orphan hold, P2 otherwise; it is due 4 h, 24 h or
 * 72 h after it opened. A VIP's break filed as P2 waits a day for a person instead of four hours;
 * a due date that is too late hides a breach from the people working the queue, one too early
 * pages them for nothing. The tier is checked as `exception.opened` says it, and tier and due
 * date on every item still open at the end; the customer's tier is the channel's, not the
 * orchestrator's.
 */
export const exceptionSlaChecker: InvariantChecker = {
  name: 'exceptions.sla-by-tier',
  kinds: ['order.created', 'exception.opened'],
  onEvent(event, context, report) {
    const vip = vipOrdersOf(context);
    if (event.kind === 'order.created') {
      const payload = fieldsOf(event);
      if (context.world.customerTierOf(textField(payload.channel), textField(payload.channelOrderId)) === 'VIP') vip.add(event.orderId);
    } else if (event.kind === 'exception.opened') {
      const payload = fieldsOf(event);
      const category = textField(payload.category);
      const expected = slaTierFor(category, vip.has(event.orderId));
      if (payload.slaTier !== expected) {
        report({ invariant: this.name, orderId: event.orderId, detail: `${category} for ${textField(payload.foId) || event.orderId} opened as ${textField(payload.slaTier) || 'no tier'}; ${vip.has(event.orderId) ? 'a VIP customer\'s' : 'this'} break is ${expected}`, firstBadEvent: pointer(event) });
      }
    }
  },
  atEnd(context, report, end) {
    const vip = vipOrdersOf(context);
    for (const item of end.openExceptions()) {
      const expected = slaTierFor(item.category, vip.has(item.orderId));
      const dueAfterMs = item.dueAtMs - item.openedAtMs;
      if (item.slaTier === expected && dueAfterMs === SLA_MS[expected]) continue;
      report({
        invariant: this.name,
        orderId: item.orderId,
        detail: `${item.exceptionId} (${item.category}) is ${item.slaTier}, due ${Math.round((dueAfterMs / HOUR_MS) * 10) / 10} h after it opened; it should be ${expected}, due after ${SLA_MS[expected] / HOUR_MS} h`,
        firstBadEvent: context.lastEventOf(item.orderId),
      });
    }
  },
};
