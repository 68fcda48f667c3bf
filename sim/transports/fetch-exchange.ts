/**
 * A FakeExchange over real HTTP objects, for the msw transport. The fake's decision travels in
 * the response itself: `x-fake-exchange` carries its kind, `x-fake-service-ms` its server time,
 * so the transport can carry it out on virtual time exactly as the direct transport does. Only
 * an `answered` response is ever shown to the caller; the headers are stripped first.
 */
import type { FakeExchange, FakeHttpRequest, FakeHttpResponse } from '../../legacy-fakes/http.ts';
import { isFakeMethod, noRoute, parseJsonBody } from './wire-body.ts';

export const EXCHANGE_HEADER = 'x-fake-exchange';
export const SERVICE_MS_HEADER = 'x-fake-service-ms';

/** The msw handler's answer did not come from this transport's handlers: a harness bug. */
export class ExchangeWireError extends Error {
  override readonly name = 'ExchangeWireError';
}

/** What fetch is given for a request the fake should see as `request`. */
export function fetchInit(request: FakeHttpRequest): RequestInit {
  return { method: request.method, headers: request.headers, ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }) };
}

/**
 * The fake's view of an intercepted request: method, path with query, lower-cased headers and the
 * JSON body. A method no fake speaks, or a body that is not JSON, is answered here without
 * calling the fake (404 NO_ROUTE, 400 MALFORMED_JSON), as the live server does.
 */
export async function fakeRequestFrom(request: Request): Promise<{ ok: true; request: FakeHttpRequest } | { ok: false; response: FakeHttpResponse }> {
  const method = request.method;
  if (!isFakeMethod(method)) return { ok: false, response: noRoute() };
  const url = new URL(request.url);
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    headers[name] = value;
  });
  const parsed = parseJsonBody(await request.text());
  if (!parsed.ok) return parsed;
  return { ok: true, request: { method, path: url.pathname + url.search, headers, ...(parsed.body === undefined ? {} : { body: parsed.body }) } };
}

/** The fake's decision as the response an msw handler returns. */
export function exchangeToResponse(exchange: FakeExchange): Response {
  switch (exchange.kind) {
    case 'answered':
    case 'reply-lost': {
      const { status, headers, body } = exchange.response;
      return new Response(body === undefined ? null : JSON.stringify(body), {
        status,
        headers: { ...headers, [EXCHANGE_HEADER]: exchange.kind, [SERVICE_MS_HEADER]: String(exchange.serviceMs) },
      });
    }
    case 'request-lost':
    case 'hung':
    case 'refused':
      // No HTTP answer exists for these; the transport never shows this one to the caller.
      return new Response(null, { status: 204, headers: { [EXCHANGE_HEADER]: exchange.kind } });
    default:
      return exchange satisfies never;
  }
}

/** Reads the fake's decision back from the response an msw handler returned. */
export async function exchangeFromResponse(response: Response): Promise<FakeExchange> {
  const kind = response.headers.get(EXCHANGE_HEADER);
  switch (kind) {
    case 'answered':
    case 'reply-lost': {
      const serviceText = response.headers.get(SERVICE_MS_HEADER) ?? '';
      const serviceMs = Number(serviceText);
      if (serviceText === '' || !Number.isFinite(serviceMs) || serviceMs < 0) {
        throw new ExchangeWireError(`${SERVICE_MS_HEADER}: expected a non-negative number, got ${JSON.stringify(serviceText)}`);
      }
      const headers: Record<string, string> = {};
      response.headers.forEach((value, name) => {
        if (name !== EXCHANGE_HEADER && name !== SERVICE_MS_HEADER) headers[name] = value;
      });
      const text = await response.text();
      const fakeResponse: FakeHttpResponse = { status: response.status, headers, ...(text === '' ? {} : { body: JSON.parse(text) as unknown }) };
      return { kind, response: fakeResponse, serviceMs };
    }
    case 'request-lost':
    case 'hung':
    case 'refused':
      await response.body?.cancel();
      return { kind };
    default:
      throw new ExchangeWireError(
        `expected a response from the transport's own handlers (an ${EXCHANGE_HEADER} header), got ${response.status} with ${EXCHANGE_HEADER}: ${JSON.stringify(kind)}: ${(await response.text()).slice(0, 300)}`,
      );
  }
}
