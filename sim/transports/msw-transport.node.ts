/**
 * The HTTP-level transport: the same simulated network as the direct transport, but each copy
 * of a request is a real `fetch`, intercepted in this process by msw handlers built from the same
 * Endpoints. Status codes, headers and JSON bodies really cross WHATWG Request/Response objects,
 * at about half a millisecond a request, while virtual time stays deterministic:
 *
 * - the request is delivered in a kernel event after the seeded latency;
 * - the fetch is registered with `kernel.track`, so the kernel waits for it (and lets it settle)
 *   before the next event, and the clock does not move meanwhile;
 * - the fake's decision comes back in response headers (fetch-exchange.ts), and the reply, or
 *   the timeout, is scheduled on virtual time exactly as the direct transport does.
 *
 * Same seed, same scenario: same outcomes as direct. docs/transports.md lists the caveats.
 */
import { http, type HttpHandler } from 'msw';
import { setupServer, type SetupServer } from 'msw/node';
import type { HttpOutcome, HttpPort, HttpRequest } from '../../orchestrator/ports.ts';
import type { FakeExchange, FakeHttpRequest, QuirkCounts } from '../../legacy-fakes/http.ts';
import type { SimKernel } from '../kernel/kernel.ts';
import { checkBaseUrl, type Endpoint } from './endpoint.ts';
import { exchangeFromResponse, exchangeToResponse, fakeRequestFrom, fetchInit } from './fetch-exchange.ts';
import type { LinkOptions } from './link-options.ts';
import { SimulatedNetwork } from './simulated-network.ts';
import type { TransportObserver } from './transport-observer.ts';

/** The msw round trip failed: a harness bug (a throwing fake, a foreign handler), never a network fault. */
export class MswTransportError extends Error {
  override readonly name = 'MswTransportError';
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

export class MswTransport implements HttpPort {
  private readonly endpoints = new Map<string, Endpoint>();
  private readonly server: SetupServer = setupServer();
  private readonly network: SimulatedNetwork;
  private listening = false;
  /** A fake that threw inside a handler: msw turns it into a 500, this keeps the real cause. */
  private handlerError: unknown;

  /** Throws TransportConfigError naming the option if `options` is invalid. */
  constructor(
    private readonly kernel: SimKernel,
    options: LinkOptions,
    observer: TransportObserver,
  ) {
    this.network = new SimulatedNetwork(kernel, options, observer, {
      has: (baseUrl) => this.endpoints.has(baseUrl),
      deliver: (baseUrl, request, done) => this.deliver(baseUrl, request, done),
    });
  }

  /** Requests to `baseUrl` (scheme and host, no trailing slash) go to `endpoint`, through an msw handler. */
  route(baseUrl: string, endpoint: Endpoint): void {
    this.endpoints.set(checkBaseUrl(baseUrl), endpoint);
    this.server.resetHandlers(...[...this.endpoints].map(([url, routed]) => this.handler(url, routed)));
  }

  /**
   * Starts intercepting this process's fetch. A request no handler matches is an error, never a
   * silent pass to the real network. One listening msw server per process: msw patches globals.
   */
  listen(): void {
    this.server.listen({ onUnhandledRequest: 'error' });
    this.listening = true;
  }

  /** Stops intercepting; fetch is the real one again. */
  close(): void {
    this.server.close();
    this.listening = false;
  }

  send(request: HttpRequest): Promise<HttpOutcome> {
    // Without interception the fetch would go to the real network: refuse rather than leak.
    if (!this.listening) return Promise.reject(new MswTransportError('MswTransport.send() before listen(): call listen() first'));
    return this.network.send(request);
  }

  /** `network.loss`, `network.duplicate`, `network.reply_loss`: times each fired. */
  faultCounts(): QuirkCounts {
    return this.network.faultCounts();
  }

  private handler(baseUrl: string, endpoint: Endpoint): HttpHandler {
    // A predicate on the origin, not the pattern `${baseUrl}/*`: msw's path matcher decodes the
    // path and throws on a broken %-escape (`/holds/%ZZ/pick`), answering 500 where the fake
    // answers 400. The fake, not msw, must judge the path.
    return http.all(({ request }) => new URL(request.url).origin === baseUrl, async ({ request }) => {
      const parsed = await fakeRequestFrom(request);
      if (!parsed.ok) return exchangeToResponse({ kind: 'answered', response: parsed.response, serviceMs: 0 });
      try {
        return exchangeToResponse(endpoint(parsed.request));
      } catch (error) {
        this.handlerError = error;
        throw error;
      }
    });
  }

  private deliver(baseUrl: string, request: FakeHttpRequest, done: (exchange: FakeExchange) => void): void {
    const url = `${baseUrl}${request.path}`;
    this.kernel
      .track(fetch(url, fetchInit(request)).then(exchangeFromResponse))
      .then(done)
      .catch((error: unknown) => {
        const cause = this.handlerError ?? error;
        this.handlerError = undefined;
        // Thrown from a kernel event, so the run stops at once with the harness error, not a hang.
        this.kernel.schedule('http.msw-failed', 0, () => {
          throw new MswTransportError(`${request.method} ${url}: ${describe(cause)}`, { cause });
        });
      });
  }
}
