/**
 * The store's API key check. Authentication is protocol, not a fault: it applies to `handle`
 * (the contract tests' path) as much as to `exchange`.
 */
import { json } from '../http.ts';
import type { FakeHttpResponse } from '../http.ts';

const HEADER = 'x-api-key';

/** HTTP header names are case-insensitive; a transport may hand them over in any case. */
function headerValue(headers: unknown, name: string): unknown {
  if (typeof headers !== 'object' || headers === null) return undefined;
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name) return value;
  }
  return undefined;
}

/** 401 if the request does not carry `apiKey`; undefined if it may pass. Never echoes a key back. */
export function checkApiKey(headers: unknown, apiKey: string | undefined): FakeHttpResponse | undefined {
  if (apiKey === undefined) return undefined;
  const sent = headerValue(headers, HEADER);
  if (sent === apiKey) return undefined;
  const got = sent === undefined ? 'none' : 'a different key';
  return json(401, { error: 'UNAUTHORIZED', message: `${HEADER}: expected this store's API key, got ${got}` });
}
