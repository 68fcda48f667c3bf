import { fieldsOf } from '../kernel/trace-detail.ts';
import { stateKeyedBy } from './run-state.ts';
import { pointer, type CheckContext, type EventPointer, type InvariantChecker } from './types.ts';

const NAME = 'commands.valid-orders-taken';

interface RunState {
  /**
   * `<channel>:<channelOrderId>` of every order the channel sent and no `order.created` named yet,
   * to where it arrived: a taken order is never reported, so it is forgotten as it is taken.
   */
  arrived: Map<string, EventPointer>;
  /** Channel orders an `order.created` names. */
  created: Set<string>;
  /** The first refusal each channel order not taken (yet) got (`order.refused`), with the answer. */
  refused: Map<string, { at: EventPointer; answer: string }>;
}

const stateOf = stateKeyedBy<CheckContext, RunState>(() => ({ arrived: new Map(), created: new Set(), refused: new Map() }));

/** Answers a re-send of the very request the orchestrator already took may never get. */
const WRONG_FOR_A_RESEND = /^(\S+) (\S+) (conflict|invalid)\b/;

/**
 * The workload sends only valid commands, so every order the channel sends must be taken: an
 * `order.created` names its channel order by the end. An order answered `invalid` or
 * `conflict`, or never answered at all, is lost to the customer while every owner agrees (no
 * hold, no file, no money: nothing to disagree about). And a re-send of a request the
 * orchestrator already took, with the same key and the same body, is answered from its first
 * outcome (or `in-progress`), never refused as a conflict or as invalid: a fingerprint over
 * fields that change between retries refuses the channel's own retries.
 */
export const ordersTakenChecker: InvariantChecker = {
  name: NAME,
  kinds: ['order.arrived', 'order.refused', 'order.created', 'channel.resend_refused'],
  onEvent(event, context, report) {
    const state = stateOf(context);
    if (event.kind === 'order.arrived') {
      if (!state.created.has(event.ref)) state.arrived.set(event.ref, pointer(event));
    } else if (event.kind === 'order.refused') {
      if (!state.refused.has(event.ref) && !state.created.has(event.ref)) state.refused.set(event.ref, { at: pointer(event), answer: event.detail });
    } else if (event.kind === 'order.created') {
      const { channel, channelOrderId } = fieldsOf(event);
      const reference = `${String(channel)}:${String(channelOrderId)}`;
      state.created.add(reference);
      state.arrived.delete(reference);
      state.refused.delete(reference);
    } else if (event.kind === 'channel.resend_refused') {
      const refusal = WRONG_FOR_A_RESEND.exec(event.detail);
      if (refusal !== null) report({ invariant: NAME, orderId: event.orderId, detail: `${refusal[1]} ${refusal[2]} for ${event.ref} sent again with the same key and body, answered ${refusal[3]}: a retry of a request already taken is answered from its first outcome`, firstBadEvent: pointer(event) });
    }
  },
  atEnd(context, report) {
    const state = stateOf(context);
    for (const [reference, arrived] of state.arrived) {
      if (state.created.has(reference)) continue;
      const refused = state.refused.get(reference);
      const why = refused === undefined ? 'never answered with an order' : `answered ${refused.answer}`;
      report({ invariant: NAME, orderId: '', detail: `the channel's order ${reference} was never taken (${why}); the workload sends only valid orders`, firstBadEvent: refused?.at ?? arrived });
    }
  },
};
