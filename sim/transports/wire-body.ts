/**
 * What a real HTTP front end (msw handler, live server) decides before a fake sees a request:
 * the method must be one the fakes speak and the body must be JSON. Shared, so every transport
 * answers bad input the same way.
 */
import { json } from '../../legacy-fakes/http.ts';
import type { FakeHttpRequest, FakeHttpResponse } from '../../legacy-fakes/http.ts';

const FAKE_METHODS: ReadonlySet<string> = new Set<FakeHttpRequest['method']>(['GET', 'POST', 'PUT', 'DELETE']);

export function isFakeMethod(method: string): method is FakeHttpRequest['method'] {
  return FAKE_METHODS.has(method);
}

export type ParsedBody = { ok: true; body: unknown } | { ok: false; response: FakeHttpResponse };

/** An empty body is no body; anything else must parse as JSON, else 400 MALFORMED_JSON. */
export function parseJsonBody(text: string): ParsedBody {
  if (text.length === 0) return { ok: true, body: undefined };
  try {
    return { ok: true, body: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, response: json(400, { error: 'MALFORMED_JSON', message: `body: expected JSON, ${(error as Error).message}` }) };
  }
}

/** The protocol's answer to a method no fake route knows (docs/legacy-protocols.md: any other method). */
export function noRoute(): FakeHttpResponse {
  return json(404, { error: 'NO_ROUTE' });
}
