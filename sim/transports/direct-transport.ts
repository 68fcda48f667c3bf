/**
 * The fast transport, for swarms: a request reaches the fake's Endpoint as a plain function call
 * across the simulated network (seeded latency, loss, duplication, lost replies, the caller's
 * timeout). No WHATWG objects and no serialisation: about a microsecond a request.
 */
import type { HttpOutcome, HttpPort, HttpRequest } from '../../orchestrator/ports.ts';
import type { QuirkCounts } from '../../legacy-fakes/http.ts';
import type { SimKernel } from '../kernel/kernel.ts';
import { checkBaseUrl, type Endpoint } from './endpoint.ts';
import type { LinkOptions } from './link-options.ts';
import { SimulatedNetwork } from './simulated-network.ts';
import type { TransportObserver } from './transport-observer.ts';

export class DirectTransport implements HttpPort {
  private readonly endpoints = new Map<string, Endpoint>();
  private readonly network: SimulatedNetwork;

  /** Throws TransportConfigError naming the option if `options` is invalid. */
  constructor(kernel: SimKernel, options: LinkOptions, observer: TransportObserver) {
    this.network = new SimulatedNetwork(kernel, options, observer, {
      has: (baseUrl) => this.endpoints.has(baseUrl),
      deliver: (baseUrl, request, done) => done((this.endpoints.get(baseUrl) as Endpoint)(request)),
    });
  }

  /** Requests to `baseUrl` (scheme and host, no trailing slash) go to `endpoint`. */
  route(baseUrl: string, endpoint: Endpoint): void {
    this.endpoints.set(checkBaseUrl(baseUrl), endpoint);
  }

  send(request: HttpRequest): Promise<HttpOutcome> {
    return this.network.send(request);
  }

  /** `network.loss`, `network.duplicate`, `network.reply_loss`: times each fired. */
  faultCounts(): QuirkCounts {
    return this.network.faultCounts();
  }
}
