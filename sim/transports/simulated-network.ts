/**
 * The network every simulated transport shares: seeded latency each way, the network's faults,
 * the caller's timeout, and the carrying out of what the fake decided (FakeExchange), all on
 * virtual time. Transports differ only in how one copy of a request reaches the fake and how the
 * fake's decision comes back (`Deliver`): a function call (direct) or a real, intercepted fetch
 * (msw). So both give the same history for the same seed, by construction.
 */
import type { HttpOutcome, HttpRequest } from '../../orchestrator/ports.ts';
import { NETWORK_COPY_HEADER, type FakeExchange, type FakeHttpRequest, type FakeHttpResponse, type QuirkCounts, type Ratio } from '../../legacy-fakes/http.ts';
import type { SimKernel } from '../kernel/kernel.ts';
import type { RandomStream } from '../kernel/random.ts';
import { checkLinkOptions, type CheckedLink, type LinkOptions } from './link-options.ts';
import type { TransportObserver } from './transport-observer.ts';
import { wireHeaders } from './wire-headers.ts';
import { wirePath } from './wire-path.ts';

/**
 * Hands one copy of a request to the fake at `baseUrl` and reports the fake's decision through
 * `done`: at once, or from real async work the transport registered with `kernel.track`, so it
 * still comes before the next event and virtual time has not moved.
 */
export type Deliver = (baseUrl: string, request: FakeHttpRequest, done: (exchange: FakeExchange) => void) => void;

export interface NetworkRoutes {
  has(baseUrl: string): boolean;
  deliver: Deliver;
}

/** One caller's request in flight; copies of it (a duplicate) share it. */
interface Call {
  readonly request: HttpRequest;
  readonly wire: FakeHttpRequest;
  readonly latency: RandomStream;
  readonly faults: RandomStream;
  readonly resolve: (outcome: HttpOutcome) => void;
  state: 'waiting' | 'answered' | 'refused' | 'timed-out';
  timeout: { cancel(): void };
}

export class SimulatedNetwork {
  private readonly link: CheckedLink;
  private readonly streams = new Map<string, { latency: RandomStream; faults: RandomStream }>();
  private lossCount = 0;
  private duplicateCount = 0;
  private replyLossCount = 0;

  constructor(
    private readonly kernel: SimKernel,
    options: LinkOptions,
    private readonly observer: TransportObserver,
    private readonly routes: NetworkRoutes,
  ) {
    this.link = checkLinkOptions(options);
  }

  /** Times each network fault fired, every one named (zeros included, so a silent fault shows). */
  faultCounts(): QuirkCounts {
    return { 'network.loss': this.lossCount, 'network.duplicate': this.duplicateCount, 'network.reply_loss': this.replyLossCount };
  }

  send(request: HttpRequest): Promise<HttpOutcome> {
    const misuse = misuseOf(request);
    // fetch itself throws on these: the caller has a bug, and a simulated run must not hide it.
    if (misuse !== undefined) return Promise.reject(new TypeError(`HttpPort.send(${request.method} ${request.baseUrl}${request.path}): ${misuse}`));
    return new Promise((resolve) => {
      if (!this.routes.has(request.baseUrl)) {
        this.kernel.schedule('http.unroutable', 0, () => {
          this.observer.unroutable(request);
          resolve({ kind: 'network-error', message: `no route to ${request.baseUrl}` });
        });
        return;
      }
      const hasBody = request.body !== undefined;
      const streams = this.streamsOf(request.baseUrl);
      const call: Call = {
        request,
        wire: { method: request.method, path: wirePath(request.baseUrl, request.path), headers: wireHeaders(request.headers, hasBody), ...(hasBody ? { body: request.body } : {}) },
        latency: streams.latency,
        faults: streams.faults,
        resolve,
        state: 'waiting',
        timeout: { cancel: () => undefined },
      };
      // Booked first, so a reply due at the very same ms as the timeout comes too late.
      call.timeout = this.kernel.schedule('http.timeout', request.timeoutMs, () => {
        if (call.state !== 'waiting') return;
        call.state = 'timed-out';
        this.observer.timedOut(request);
        resolve({ kind: 'timeout' });
      });
      const outMs = this.between(call.latency, this.link.latencyMs);
      if (this.fires(call.faults, this.link.loss)) {
        this.lossCount += 1;
        this.observer.lost(request);
        return;
      }
      this.kernel.schedule('http.deliver', outMs, () => this.deliverCopy(call, false));
      if (this.fires(call.faults, this.link.duplicate)) {
        this.duplicateCount += 1;
        const gapMs = this.between(call.faults, this.link.duplicateGapMs);
        this.kernel.schedule('http.deliver-duplicate', outMs + gapMs, () => this.deliverCopy(call, true));
      }
    });
  }

  private deliverCopy(call: Call, duplicate: boolean): void {
    if (duplicate) this.observer.duplicated(call.request);
    else this.observer.requestDelivered(call.request);
    // The copy says so to the fake, for its books of what the network made (NETWORK_COPY_HEADER).
    const wire = duplicate ? { ...call.wire, headers: { ...call.wire.headers, [NETWORK_COPY_HEADER]: '1' } } : call.wire;
    this.routes.deliver(call.request.baseUrl, wire, (exchange) => this.carryOut(call, exchange));
  }

  /** What the fake decided, on the wire: only an answer travels back, and only it draws a latency. */
  private carryOut(call: Call, exchange: FakeExchange): void {
    const { request } = call;
    switch (exchange.kind) {
      case 'answered': {
        const response = onTheWire(exchange.response);
        const backMs = this.between(call.latency, this.link.latencyMs);
        if (this.fires(call.faults, this.link.replyLoss)) {
          this.replyLossCount += 1;
          this.observer.responseLost(request, response, 'network');
          return;
        }
        this.kernel.schedule('http.reply', exchange.serviceMs + backMs, () => this.reply(call, response));
        return;
      }
      case 'reply-lost':
        this.observer.responseLost(request, onTheWire(exchange.response), 'server');
        return;
      case 'request-lost':
      case 'hung':
        this.observer.unanswered(request, exchange.kind);
        return;
      case 'refused':
        // The refusal is the one-way trip the attempt took: no reply travels, no second latency.
        this.observer.refused(request);
        if (call.state !== 'waiting') return;
        call.state = 'refused';
        call.timeout.cancel();
        call.resolve({ kind: 'network-error', message: `connection refused by ${request.baseUrl}` });
        return;
      default:
        exchange satisfies never;
    }
  }

  private reply(call: Call, response: FakeHttpResponse): void {
    if (call.state !== 'waiting') {
      this.observer.responseLost(call.request, response, call.state === 'timed-out' ? 'late' : 'superseded');
      return;
    }
    call.state = 'answered';
    call.timeout.cancel();
    this.observer.responseDelivered(call.request, response);
    call.resolve({ kind: 'response', status: response.status, headers: response.headers, ...(response.body === undefined ? {} : { body: response.body }) });
  }

  /** Latency and faults draw from separate streams, so turning a fault on leaves the latencies drawn so far alone. */
  private streamsOf(baseUrl: string): { latency: RandomStream; faults: RandomStream } {
    let streams = this.streams.get(baseUrl);
    if (streams === undefined) {
      streams = { latency: this.kernel.random.stream(`network.${baseUrl}`), faults: this.kernel.random.stream(`network.${baseUrl}.faults`) };
      this.streams.set(baseUrl, streams);
    }
    return streams;
  }

  private between(stream: RandomStream, range: { min: number; max: number }): number {
    return stream.between(range.min, range.max);
  }

  /** A fault with numerator 0 draws nothing, so an unconfigured fault leaves every stream alone. */
  private fires(stream: RandomStream, [numerator, denominator]: Ratio): boolean {
    return numerator > 0 && stream.chance(numerator, denominator);
  }
}

/** A response as a real HTTP stack hands it over (header names in lower case); the same object when nothing changes. */
function onTheWire(response: FakeHttpResponse): FakeHttpResponse {
  const headers = wireHeaders(response.headers, false);
  return headers === response.headers ? response : { ...response, headers };
}

/** What real fetch refuses to send, or would send somewhere else. */
function misuseOf(request: HttpRequest): string | undefined {
  if (request.path.charCodeAt(0) !== 0x2f) return `the path must start with "/", got ${JSON.stringify(request.path)}`;
  if (request.method === 'GET' && request.body !== undefined) return 'a GET request cannot have a body';
  if (!(request.timeoutMs >= 0)) return `timeoutMs must be a non-negative number of ms, got ${request.timeoutMs}`;
  return undefined;
}
