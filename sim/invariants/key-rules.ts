import { pointer, type InvariantChecker } from './types.ts';

const NAME = 'commands.key-rules';

/** What each probe of the workload must be answered (sim/workload/order-probes.ts, customers' returns). */
const EXPECTED: Readonly<Record<string, { answers: readonly string[]; because: string }>> = {
  'key-reuse': { answers: ['conflict'], because: 'the key was already used for another order: the same key with another request is a conflict, and changes nothing' },
  'edited-resend': { answers: ['conflict'], because: 'the customer edited a taken order and the channel sent the edit under its key: another request under a used key is a conflict, and the order stays as taken' },
  'corrected-resend': { answers: ['invalid'], because: 'the order names a pickup store the network does not have, or a line of 0 units' },
  'cancel-wrong-line': { answers: ['invalid'], because: 'the cancel names a line the order does not have' },
  'cancel-edited': { answers: ['conflict'], because: 'the customer edited a partial cancel already answered and sent it under its key: another request under a used key is a conflict, and nothing more is cancelled' },
  'over-ask': { answers: ['invalid'], because: 'it asks back more units than the line ever shipped' },
  'wrong-order': { answers: ['invalid'], because: 'it names an order number the shop never issued (the customer typed a digit too many)' },
  return: { answers: ['accepted', 'replayed'], because: 'a valid return (units shipped and not yet returned), sent after any refused request under its key: a refusal does not use the key up' },
  resend: { answers: ['replayed', 'in-progress'], because: 'the same return again under the same key: one return, one refund' },
};

/**
 * The rules of idempotency keys that a well-behaved channel never shows: a request-id reused for
 * a different request is refused as `conflict`; a request refused as `invalid` leaves its key
 * free for the corrected request; the same request again is answered from the first outcome.
 * Reads the answers the workload traced for its probes (`order.probe_answered`) and for every
 * return (`customer.return_answered`). A probe whose answer a crash lost proves nothing and is
 * not judged.
 */
export const keyRulesChecker: InvariantChecker = {
  name: NAME,
  kinds: ['order.probe_answered', 'customer.return_answered'],
  onEvent(event, _context, report) {
    if (event.kind !== 'order.probe_answered' && event.kind !== 'customer.return_answered') return;
    const words = event.detail.split(' ');
    const probe = words[0] ?? '';
    // A probe's detail carries its key before the answer; a return's key is the event's ref.
    const answer = (event.kind === 'order.probe_answered' ? words[2] : words[1]) ?? '';
    const key = event.kind === 'order.probe_answered' ? (words[1] ?? '') : event.ref;
    const expected = EXPECTED[probe];
    if (expected === undefined || expected.answers.includes(answer)) return;
    const what = event.kind === 'order.probe_answered' ? `order ${event.ref}` : `return of ${event.orderId}`;
    // A probe goes before the orchestrator names the order: the channel's reference names it then.
    report({ invariant: NAME, orderId: event.orderId === '' ? event.ref : event.orderId, detail: `${what} (${probe}) under key ${key} was answered ${answer}, expected ${expected.answers.join(' or ')}: ${expected.because}`, firstBadEvent: pointer(event) });
  },
};
