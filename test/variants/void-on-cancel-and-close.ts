/**
 * A whole-order cancel releases the customer's card hold at once, as a courtesy, under the
 * cancel's own key; the order's close, not knowing, voids the same authorisation again under its
 * key. The gateway answers 200 both times (a void of a voided authorisation changes nothing):
 * no money moves wrongly, nothing complains. Caught by `money.one-key-per-intent` (a void of one
 * authorisation under two keys) on customer-actions.
 */
import { createReferenceOrchestrator } from '../../orchestrator/reference/reference-orchestrator.ts';
import { brokenPlugin } from './broken-plugin.ts';

export default brokenPlugin('void-on-cancel-and-close', (ports, config) => {
  const authorizations = new Map<string, string>();
  return createReferenceOrchestrator(
    {
      ...ports,
      events: {
        publish: (event) => {
          ports.events.publish(event);
          const { payload } = event;
          if (event.type === 'payment.authorized' && typeof payload['authorizationId'] === 'string') authorizations.set(event.correlationId, payload['authorizationId']);
          const authorizationId = authorizations.get(event.correlationId);
          if (event.type !== 'order.cancel_requested' || payload['lines'] !== 'all' || authorizationId === undefined || config.payment === undefined) return;
          void ports.http.send({
            method: 'POST',
            baseUrl: config.payment.baseUrl,
            path: `/authorizations/${encodeURIComponent(authorizationId)}/void`,
            headers: { 'content-type': 'application/json', 'idempotency-key': `${event.correlationId}:cancel-void` },
            body: {},
            timeoutMs: config.payment.timeoutMs,
          });
        },
      },
    },
    config,
  );
});
