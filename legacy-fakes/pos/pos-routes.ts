/**
 * The POS's HTTP surface: an ordered list of routes, first match wins, and anything unmatched
 * is a 404 NO_ROUTE rather than a silent pass.
 */
import { json, NETWORK_COPY_HEADER, tryParsePath } from '../http.ts';
import type { FakeHttpRequest, FakeHttpResponse, ParsedPath } from '../http.ts';
import { findRoute } from '../routes.ts';
import type { RoutePattern } from '../routes.ts';
import { checkNewHold, checkSeq, checkText, show } from './pos-request.ts';
import type { PosStore } from './pos-store.ts';

interface Route extends RoutePattern {
  /** `path.query` is parsed on first use: only the routes that read it pay for it. */
  handle(store: PosStore, params: Readonly<Record<string, string>>, request: FakeHttpRequest, path: ParsedPath): FakeHttpResponse;
}

function badRequest(message: string): FakeHttpResponse {
  return json(400, { error: 'BAD_REQUEST', message });
}

const routes: readonly Route[] = [
  {
    method: 'GET',
    pattern: ['inventory'],
    handle: (store) => {
      const { asOfLocal, items } = store.inventory();
      return json(200, { storeId: store.storeId, asOfLocal, items });
    },
  },
  {
    method: 'POST',
    pattern: ['holds'],
    handle: (store, _params, request) => {
      const checked = checkNewHold(request.body);
      if (!checked.ok) return badRequest(checked.message);
      const result = store.createHold(checked.value, request.headers[NETWORK_COPY_HEADER] === '1');
      switch (result.kind) {
        case 'created':
          return json(201, result.hold);
        case 'unknown-sku':
          return json(404, { error: 'UNKNOWN_SKU', sku: checked.value.sku });
        case 'insufficient-stock':
          return json(409, { error: 'INSUFFICIENT_STOCK', sku: checked.value.sku, available: result.available });
        default:
          return result satisfies never;
      }
    },
  },
  {
    method: 'GET',
    pattern: ['holds'],
    handle: (store, _params, _request, { query }) => {
      const externalRef = query.get('externalRef');
      const changedSince = query.get('changedSince');
      if (externalRef !== null && changedSince !== null) return badRequest('query: expected one of externalRef or changedSince, got both');
      if (externalRef !== null) {
        const checked = checkText('externalRef', externalRef);
        return checked.ok ? json(200, { holds: store.holdsWithRef(checked.value) }) : badRequest(checked.message);
      }
      if (changedSince === null) return badRequest('query: expected externalRef=<reference> or changedSince=<seq>, got neither');
      const seq = checkSeq(changedSince);
      if (!seq.ok) return badRequest(seq.message);
      const { holds, cursor } = store.changedSince(seq.value);
      return json(200, { holds, cursor });
    },
  },
  {
    method: 'POST',
    pattern: ['holds', ':holdId', 'pick'],
    handle: (store, params) => {
      const result = store.requestPick(params['holdId'] ?? '');
      switch (result.kind) {
        case 'ok':
          return json(200, result.hold);
        case 'unknown-hold':
          return json(404, { error: 'UNKNOWN_HOLD' });
        case 'released':
          return json(409, { error: 'HOLD_RELEASED' });
        case 'rejected':
          return json(409, { error: 'HOLD_REJECTED' });
        default:
          return result satisfies never;
      }
    },
  },
  {
    method: 'DELETE',
    pattern: ['holds', ':holdId'],
    handle: (store, params) => {
      const result = store.release(params['holdId'] ?? '');
      switch (result.kind) {
        case 'ok':
          return json(200, result.hold);
        case 'unknown-hold':
          return json(404, { error: 'UNKNOWN_HOLD' });
        case 'already-fulfilled':
          return json(409, { error: 'ALREADY_FULFILLED', status: result.status });
        default:
          return result satisfies never;
      }
    },
  },
];

/** Never throws: whatever the caller sends, the answer is a response (a 4xx for a bad request). */
export function routePosRequest(store: PosStore, request: FakeHttpRequest): FakeHttpResponse {
  // The types say a string, but a transport hands over whatever came off the wire.
  if (typeof request.path !== 'string') return badRequest(`path: expected a string, got ${show(request.path)}`);
  const parsed = tryParsePath(request.path);
  if (parsed === undefined) return badRequest(`path: expected a URL path with valid %-escapes, got ${show(request.path)}`);
  const found = findRoute(routes, request.method, parsed.segments);
  return found === undefined ? json(404, { error: 'NO_ROUTE' }) : found.route.handle(store, found.params, request, parsed);
}
