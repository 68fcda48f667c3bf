import { judgeIntents, type IntentClaims } from './payment-intents.ts';
import { stateKeyedBy } from './run-state.ts';
import { gatewayAttemptPointers } from './gateway-attempt-pointers.ts';
import type { CheckContext, InvariantChecker } from './types.ts';

const NAME = 'money.one-key-per-intent';

interface Watch {
  claims: { keyFo: Map<string, string | null>; captureFo: Map<string, string>; keyReturn: Map<string, string>; refundReturn: Map<string, string> };
}

const watches = stateKeyedBy<CheckContext, Watch>(() => ({ claims: { keyFo: new Map(), captureFo: new Map(), keyReturn: new Map(), refundReturn: new Map() } }));

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** A key claimed for two FOs is claimed for none (null): it cannot say whose it was. */
function claimKey(keyFo: Map<string, string | null>, key: string, foId: string): void {
  if (key === '' || foId === '') return;
  const earlier = keyFo.get(key);
  keyFo.set(key, earlier === undefined || earlier === foId ? foId : null);
}

/**
 * Money per intent (payment-intents.ts has the rule): every authorisation, capture, void and
 * refund the gateway saw, refused and shed ones included, is traced to one intent of the
 * orchestrator (from the gateway's own log and books, and what the orchestrator claimed in
 * `payment.captured`, `refund.issued` and its transitions' audit keys), and no intent is sent
 * under two idempotency keys. Judged at the end, when every claim is in; each finding points at
 * the request where the second key (or the unclaimed money) reached the gateway.
 */
export const moneyIntentsChecker: InvariantChecker = {
  name: NAME,
  onEvent(event, context) {
    gatewayAttemptPointers.note(event, context);
  },
  onPublished(published, _traced, context) {
    const { claims } = watches(context);
    const payload = published.payload;
    const foId = text(payload['foId']);
    if (published.type === 'payment.captured') {
      const captureId = text(payload['captureId']);
      if (captureId !== '' && foId !== '') claims.captureFo.set(captureId, foId);
      claimKey(claims.keyFo, text(payload['idempotencyKey']), foId);
    } else if (published.type === 'fo.transitioned') {
      claimKey(claims.keyFo, text(payload['idempotencyKey']), foId || published.aggregateId);
    } else if (published.type === 'refund.issued') {
      const returnId = text(payload['returnId']);
      if (returnId === '') return;
      const refundId = text(payload['refundId']);
      if (refundId !== '') claims.refundReturn.set(refundId, returnId);
      const key = text(payload['idempotencyKey']);
      if (key !== '') claims.keyReturn.set(key, returnId);
    }
  },
  atEnd(context, report) {
    const claims: IntentClaims = watches(context).claims;
    for (const finding of judgeIntents(context.payment.attempts(), context.payment.truth().authorizations, claims)) {
      const orderId = context.view.order(finding.reference) === undefined ? context.orderOf(finding.reference) || finding.reference : finding.reference;
      report({ invariant: NAME, orderId, detail: finding.detail, firstBadEvent: gatewayAttemptPointers.at(finding.seq, context) ?? context.lastEventOf(orderId) });
    }
  },
};
