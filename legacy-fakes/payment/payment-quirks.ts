/**
 * What the network and the gateway's own load do to a request: outages, lost requests, load
 * shedding, lost replies and service time. Each quirk draws from its own stream
 * (`payment.<quirk>`) and only when configured, so an unconfigured gateway draws nothing.
 */
import type { FakeEnv } from '../env.ts';
import { json } from '../http.ts';
import type { FakeExchange, FakeHttpRequest, FakeHttpResponse, QuirkCounts } from '../http.ts';
import { offlineExchange, offlineWindowAt } from '../offline-windows.ts';
import type { OfflineWindow } from '../offline-windows.ts';
import { QuirkDice } from '../quirk-dice.ts';
import { QuirkTally } from '../quirk-tally.ts';
import { GARBLED_FORMS, garble } from '../garbled-reply.ts';
import type { PaymentHandled } from './payment-routes.ts';
import type { PaymentQuirks } from './payment-types.ts';

export type PaymentQuirkName = 'offline' | 'lost_request' | 'unavailable' | 'capture_ghost_success' | 'garbled_reply';

/** The configured quirks, in report order. */
function configured(quirks: PaymentQuirks | undefined): PaymentQuirkName[] {
  const names: PaymentQuirkName[] = [];
  if (quirks?.offline !== undefined) names.push('offline');
  if (quirks?.lostRequest !== undefined) names.push('lost_request');
  if (quirks?.unavailable !== undefined) names.push('unavailable');
  if (quirks?.captureGhostSuccess !== undefined) names.push('capture_ghost_success');
  if (quirks?.garbledReply !== undefined) names.push('garbled_reply');
  return names;
}

export class PaymentQuirkDice {
  /** `service_ms` is not a quirk that fires, but its draws come from its own stream too. */
  private readonly dice: QuirkDice<PaymentQuirkName | 'service_ms' | 'garbled_form'>;
  private readonly tally: QuirkTally<PaymentQuirkName>;

  constructor(
    private readonly env: FakeEnv,
    private readonly quirks: PaymentQuirks | undefined,
  ) {
    this.dice = new QuirkDice(env, 'payment');
    this.tally = new QuirkTally(env.trace, 'payment', configured(quirks));
  }

  /**
   * The exchange for one request. `handle` applies it to the books; it is only called when the
   * request reaches the gateway (not offline, not lost, not shed). Every configured fault draws
   * once per request that is not offline, whether or not another fired, so changing one fault's
   * ratio never moves where another fires; the first that applies wins, in this order.
   */
  exchange(request: FakeHttpRequest, reference: () => string, handle: () => PaymentHandled): FakeExchange {
    const window = this.offlineWindow();
    if (window !== undefined) {
      this.tally.fire('offline', reference(), `${window.mode} until ${new Date(window.toMs).toISOString()}`);
      return offlineExchange(window);
    }
    const lost = this.dice.fires('lost_request', this.quirks?.lostRequest);
    const shed = this.dice.fires('unavailable', this.quirks?.unavailable?.ratio);
    const ghost = this.dice.fires('capture_ghost_success', this.quirks?.captureGhostSuccess);
    const garbled = this.dice.fires('garbled_reply', this.quirks?.garbledReply);
    const serviceMs = this.serviceMs();
    if (lost) {
      this.tally.fire('lost_request', reference(), describe(request));
      return { kind: 'request-lost' };
    }
    const unavailable = this.quirks?.unavailable;
    if (shed && unavailable !== undefined) {
      this.tally.fire('unavailable', reference(), `${describe(request)} retry after ${unavailable.retryAfterSeconds}s`);
      return { kind: 'answered', response: serviceUnavailable(unavailable.retryAfterSeconds), serviceMs };
    }
    const { response, applied } = handle();
    // Only a capture that really happened this time: a replay or a refusal has nothing to ghost.
    if (ghost && applied === 'capture') {
      this.tally.fire('capture_ghost_success', reference(), `${describe(request)} applied, reply lost`);
      return { kind: 'reply-lost', response, serviceMs };
    }
    if (garbled && response.status >= 200 && response.status < 300) {
      const body = garble(response.body, this.dice.between('garbled_form', 0, GARBLED_FORMS - 1), ID_FIELDS);
      this.tally.fire('garbled_reply', reference(), `${describe(request)} applied, ${response.status} with ${JSON.stringify(body)}`);
      return { kind: 'answered', response: { ...response, body }, serviceMs };
    }
    return { kind: 'answered', response, serviceMs };
  }

  /** `payment.<quirk>` for every configured quirk (0 if it never fired). */
  counts(): QuirkCounts {
    return this.tally.snapshot();
  }

  private offlineWindow(): OfflineWindow | undefined {
    const offline = this.quirks?.offline;
    return offline === undefined ? undefined : offlineWindowAt(offline, this.env.nowMs());
  }

  private serviceMs(): number {
    const serviceMs = this.quirks?.serviceMs;
    return serviceMs === undefined ? 0 : this.dice.between('service_ms', serviceMs.min, serviceMs.max);
  }
}

/** For the trace; a junk method or path is shown as `?` rather than trusted to stringify. */
function describe(request: FakeHttpRequest): string {
  const text = (value: unknown): string => (typeof value === 'string' ? value : '?');
  return `${text(request.method)} ${text(request.path)}`;
}

/** The fields a caller finds a gateway record by: what a garbling proxy may drop. */
const ID_FIELDS = ['authorizationId', 'captureId', 'refundId', 'reference'];

function serviceUnavailable(retryAfterSeconds: number): FakeHttpResponse {
  return json(503, { error: 'SERVICE_UNAVAILABLE', message: `the gateway is overloaded; retry after ${retryAfterSeconds} seconds`, retryAfterSeconds }, { 'retry-after': String(retryAfterSeconds) });
}
