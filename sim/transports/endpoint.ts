/** How a transport reaches a fake: one function per base URL, deciding what became of a request. */
import type { FakeExchange, FakeHttpRequest, FakeHttpResponse } from '../../legacy-fakes/http.ts';
import { TransportConfigError } from './link-options.ts';

/**
 * A fake's server at one base URL. It applies the request (or not) and says how the exchange
 * ends; the transport carries that out on the wire (virtual or real) and never decides it.
 */
export type Endpoint = (request: FakeHttpRequest) => FakeExchange;

/**
 * An Endpoint for a handler that only knows the protocol (no quirks): every request is answered
 * at once. For fakes, or tests, that have no `exchange` of their own.
 */
export function answerEveryRequest(handle: (request: FakeHttpRequest) => FakeHttpResponse): Endpoint {
  return (request) => ({ kind: 'answered', response: handle(request), serviceMs: 0 });
}

const BASE_URL_PATTERN = /^https?:\/\/[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:\d{1,5})?$/;

/**
 * A base URL is a URL origin: a scheme and a lower-case host (and a port other than the
 * default), nothing after. That is what a fetch of `${baseUrl}${path}` really reaches, and what
 * the msw transport's handlers compare a request's origin with.
 */
export function checkBaseUrl(baseUrl: string): string {
  if (typeof baseUrl !== 'string' || !BASE_URL_PATTERN.test(baseUrl) || new URL(baseUrl).origin !== baseUrl) {
    throw new TransportConfigError(`baseUrl: expected "http://<lower-case host>[:port]" with no path or trailing slash, got ${JSON.stringify(baseUrl)}`);
  }
  return baseUrl;
}
