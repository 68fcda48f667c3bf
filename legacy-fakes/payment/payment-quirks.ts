/**
 * What the network and the gateway's own load do to a request: outages, lost requests, load
 * shedding, lost replies and service time. Each quirk draws from its own stream
 * (`payment.<quirk>`) and only when configured, so an unconfigured gateway draws nothing.
 */
import type { FakeEnv, FakeRandom } from '../env.ts';
import { json } from '../http.ts';
import type { FakeExchange, FakeHttpRequest, FakeHttpResponse, Ratio } from '../http.ts';
import type { PaymentHandled } from './payment-routes.ts';
import type { PaymentQuirks } from './payment-types.ts';

export type PaymentQuirkName = 'offline' | 'lost_request' | 'unavailable' | 'capture_ghost_success';

export class PaymentQuirkDice {
  private readonly streams = new Map<string, FakeRandom>();
  /** Every configured quirk starts at 0, so a report can show "configured but never fired". */
  private readonly counts = new Map<PaymentQuirkName, number>();

  constructor(
    private readonly env: FakeEnv,
    private readonly quirks: PaymentQuirks | undefined,
  ) {
    if (quirks?.offline !== undefined) this.counts.set('offline', 0);
    if (quirks?.lostRequest !== undefined) this.counts.set('lost_request', 0);
    if (quirks?.unavailable !== undefined) this.counts.set('unavailable', 0);
    if (quirks?.captureGhostSuccess !== undefined) this.counts.set('capture_ghost_success', 0);
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
      this.fired('offline', reference(), `${window.mode} until ${new Date(window.toMs).toISOString()}`);
      return { kind: window.mode === 'hang' ? 'hung' : 'refused' };
    }
    const lost = this.fires('lost_request', this.quirks?.lostRequest);
    const shed = this.fires('unavailable', this.quirks?.unavailable?.ratio);
    const ghost = this.fires('capture_ghost_success', this.quirks?.captureGhostSuccess);
    const serviceMs = this.serviceMs();
    if (lost) {
      this.fired('lost_request', reference(), describe(request));
      return { kind: 'request-lost' };
    }
    const unavailable = this.quirks?.unavailable;
    if (shed && unavailable !== undefined) {
      this.fired('unavailable', reference(), `${describe(request)} retry after ${unavailable.retryAfterSeconds}s`);
      return { kind: 'answered', response: serviceUnavailable(unavailable.retryAfterSeconds), serviceMs };
    }
    const { response, applied } = handle();
    // Only a capture that really happened this time: a replay or a refusal has nothing to ghost.
    if (ghost && applied === 'capture') {
      this.fired('capture_ghost_success', reference(), `${describe(request)} applied, reply lost`);
      return { kind: 'reply-lost', response, serviceMs };
    }
    return { kind: 'answered', response, serviceMs };
  }

  tally(): ReadonlyMap<PaymentQuirkName, number> {
    return this.counts;
  }

  private offlineWindow(): { toMs: number; mode: 'hang' | 'refuse' } | undefined {
    const offline = this.quirks?.offline;
    if (offline === undefined) return undefined;
    const nowMs = this.env.nowMs();
    return offline.find((window) => window.fromMs <= nowMs && nowMs < window.toMs);
  }

  private fires(name: PaymentQuirkName, ratio: Ratio | undefined): boolean {
    if (ratio === undefined || ratio[0] === 0) return false;
    return this.stream(name).chance(ratio[0], ratio[1]);
  }

  private serviceMs(): number {
    const serviceMs = this.quirks?.serviceMs;
    return serviceMs === undefined ? 0 : this.stream('service_ms').between(serviceMs.min, serviceMs.max);
  }

  private fired(name: PaymentQuirkName, reference: string, detail: string): void {
    this.counts.set(name, (this.counts.get(name) ?? 0) + 1);
    this.env.trace.record(`payment.quirk.${name}`, reference, detail);
  }

  private stream(name: string): FakeRandom {
    let stream = this.streams.get(name);
    if (stream === undefined) {
      stream = this.env.random(`payment.${name}`);
      this.streams.set(name, stream);
    }
    return stream;
  }
}

/** For the trace; a junk method or path is shown as `?` rather than trusted to stringify. */
function describe(request: FakeHttpRequest): string {
  const text = (value: unknown): string => (typeof value === 'string' ? value : '?');
  return `${text(request.method)} ${text(request.path)}`;
}

function serviceUnavailable(retryAfterSeconds: number): FakeHttpResponse {
  return json(503, { error: 'SERVICE_UNAVAILABLE', message: `the gateway is overloaded; retry after ${retryAfterSeconds} seconds`, retryAfterSeconds }, { 'retry-after': String(retryAfterSeconds) });
}
