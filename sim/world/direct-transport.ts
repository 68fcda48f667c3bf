import type { HttpOutcome, HttpPort, HttpRequest } from '../../orchestrator/ports.ts';
import type { FakeHttpRequest, FakeHttpResponse } from '../../legacy-fakes/http.ts';
import type { SimKernel } from '../kernel/kernel.ts';

/** A fake's request handler, reached by plain function call. */
export type Endpoint = (request: FakeHttpRequest) => FakeHttpResponse;

export interface TransportObserver {
  requestDelivered(request: HttpRequest): void;
  responseDelivered(request: HttpRequest, response: FakeHttpResponse): void;
  responseLost(request: HttpRequest, response: FakeHttpResponse): void;
  timedOut(request: HttpRequest): void;
  unroutable(request: HttpRequest): void;
}

/**
 * The fast transport: requests reach the fake's handler as a function call across a simulated
 * network with seeded latency each way. A reply that arrives after the caller's timeout is lost:
 * the request was applied, the caller saw a timeout (a ghost success, as on real networks).
 */
export class DirectTransport implements HttpPort {
  private readonly endpoints = new Map<string, Endpoint>();

  constructor(
    private readonly kernel: SimKernel,
    private readonly latencyMs: { min: number; max: number },
    private readonly observer: TransportObserver,
  ) {}

  route(baseUrl: string, endpoint: Endpoint): void {
    this.endpoints.set(baseUrl, endpoint);
  }

  send(request: HttpRequest): Promise<HttpOutcome> {
    return new Promise((resolve) => {
      const endpoint = this.endpoints.get(request.baseUrl);
      const network = this.kernel.random.stream(`network.${request.baseUrl}`);
      if (endpoint === undefined) {
        this.kernel.schedule('http.unroutable', 0, () => {
          this.observer.unroutable(request);
          resolve({ kind: 'network-error', message: `no route to ${request.baseUrl}` });
        });
        return;
      }
      let settled = false;
      const timeout = this.kernel.schedule('http.timeout', request.timeoutMs, () => {
        settled = true;
        this.observer.timedOut(request);
        resolve({ kind: 'timeout' });
      });
      this.kernel.schedule('http.deliver', network.between(this.latencyMs.min, this.latencyMs.max), () => {
        this.observer.requestDelivered(request);
        const response = endpoint({ method: request.method, path: request.path, headers: request.headers, body: request.body });
        this.kernel.schedule('http.reply', network.between(this.latencyMs.min, this.latencyMs.max), () => {
          if (settled) {
            this.observer.responseLost(request, response);
            return;
          }
          settled = true;
          timeout.cancel();
          this.observer.responseDelivered(request, response);
          resolve({ kind: 'response', status: response.status, headers: response.headers, body: response.body });
        });
      });
    });
  }
}
