import { DEFAULT_PICKUP_WINDOW_MS } from '../../orchestrator/plugin.ts';
import { fieldsOf, textField } from '../kernel/trace-detail.ts';
import { stateKeyedBy } from './run-state.ts';
import { pointer, type CheckContext, type InvariantChecker, type WorldFacts } from './types.ts';

const HOUR_MS = 3_600_000;

/** The pickup window the scenario configured (`timing.pickupWindowMs`), else the documented default. */
export function configuredPickupWindowMs(world: WorldFacts): number {
  return world.timing.pickupWindowMs ?? DEFAULT_PICKUP_WINDOW_MS;
}

/** Per run: when each FO last became READY_FOR_PICKUP (epoch ms, as the orchestrator decided it). */
const readySinceOf = stateKeyedBy<CheckContext, Map<string, number>>(() => new Map());

function hours(ms: number): string {
  return `${Math.round((ms / HOUR_MS) * 10) / 10} h`;
}

/**
 * Incident 15, the other direction: a pickup waits at the desk for the whole configured window
 * (`pickupWindowMs`, default 4 days) from the moment it became ready. Expiring it sooner releases
 * the customer's goods back to the shelf while they may still be on their way; nothing else
 * notices, since the expiry itself is orderly. Also, the window the orchestrator announces in
 * `pickup.ready` (what the customer is told) is the configured one. `pickup.expires-unless-collected`
 * checks the window is not overrun. The window is read from the scenario, never from the
 * orchestrator's own event.
 */
export const pickupWindowChecker: InvariantChecker = {
  name: 'pickup.window-not-cut-short',
  kinds: ['pickup.ready', 'fo.transitioned'],
  onEvent(event, context, report) {
    if (event.kind === 'pickup.ready') {
      const payload = fieldsOf(event);
      const announced = payload.pickupWindowMs;
      const windowMs = configuredPickupWindowMs(context.world);
      if (typeof announced === 'number' && announced !== windowMs) {
        report({ invariant: this.name, orderId: event.orderId, detail: `${textField(payload.foId)} announced a pickup window of ${hours(announced)}; the configured window is ${hours(windowMs)}`, firstBadEvent: pointer(event) });
      }
      return;
    }
    if (event.kind !== 'fo.transitioned') return;
    const payload = fieldsOf(event);
    const foId = textField(payload.foId);
    const since = readySinceOf(context);
    if (payload.to === 'READY_FOR_PICKUP') {
      since.set(foId, context.world.occurredAtMs(event));
      return;
    }
    if (payload.from !== 'READY_FOR_PICKUP') return;
    const readyAtMs = since.get(foId);
    since.delete(foId);
    if (payload.to !== 'PICKUP_EXPIRED' || readyAtMs === undefined) return;
    const waitedMs = context.world.occurredAtMs(event) - readyAtMs;
    const windowMs = configuredPickupWindowMs(context.world);
    if (waitedMs >= windowMs) return;
    report({
      invariant: this.name,
      orderId: event.orderId,
      detail: `${foId} expired ${hours(waitedMs)} after it became ready at ${textField(payload.nodeId)}: ${hours(windowMs - waitedMs)} before its ${hours(windowMs)} pickup window ended`,
      firstBadEvent: pointer(event),
    });
  },
};
