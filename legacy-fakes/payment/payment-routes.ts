/**
 * The gateway's HTTP surface: an ordered list of routes, first match wins, anything unmatched
 * is a 404 NO_ROUTE. Each route validates first and only then touches the books; every POST
 * goes through the idempotency store, keyed on the validated request.
 */
import { json, tryParsePath } from '../http.ts';
import type { FakeHttpRequest, FakeHttpResponse, ParsedPath } from '../http.ts';
import { findRoute } from '../routes.ts';
import type { RoutePattern } from '../routes.ts';
import type { IdempotencyStore } from './payment-idempotency.ts';
import type { PaymentLedger } from './payment-ledger.ts';
import { checkAmountBody, checkEmptyBody, checkIdempotencyKey, checkLookupQuery, checkNewAuthorization } from './payment-request.ts';
import type { BadField, Checked, NewAuthorization } from './payment-request.ts';

/** What a request did to the books, for the exchange's quirks (a ghost success needs a fresh capture). */
export type PaymentAction = 'authorize' | 'capture' | 'void' | 'refund';

export interface PaymentHandled {
  response: FakeHttpResponse;
  /** Set only when this request changed the books (not a replay, not a refusal). */
  applied: PaymentAction | null;
}

/** What running an operation did: the answer, and whether the books changed. */
interface Outcome {
  response: FakeHttpResponse;
  applied: boolean;
}

/**
 * A validated POST, as data: `perform` runs it. Plain records rather than closures: one is made
 * for every POST, and under tsx every named closure created is renamed through a
 * defineProperty call (esbuild's keepNames), which showed in a run's profile.
 */
type Operation = {
  /** The validated request, so two spellings of one request share an idempotency key. */
  fingerprint: string;
} & (
  | { action: 'authorize'; input: NewAuthorization }
  | { action: 'capture' | 'refund'; id: string; amountCents: number }
  | { action: 'void'; id: string }
);

interface Route extends RoutePattern {
  /** A POST validates into an operation; a GET answers at once. `path.query` is parsed on first use. */
  handle(ledger: PaymentLedger, params: Readonly<Record<string, string>>, request: FakeHttpRequest, path: ParsedPath): Checked<Operation> | FakeHttpResponse;
}

function badRequest(problem: BadField): FakeHttpResponse {
  return json(400, { error: 'BAD_REQUEST', ...problem, message: `${problem.field}: expected ${problem.expected}, got ${problem.value}` });
}

function success(status: number, body: unknown): Outcome {
  return { response: json(status, body), applied: true };
}

function conflict(error: string, message: string, extra: Record<string, unknown> = {}): Outcome {
  return { response: json(409, { error, message, ...extra }), applied: false };
}

function notFound(error: string, field: string, id: string): Outcome {
  return { response: json(404, { error, [field]: id }), applied: false };
}

/** A POST on resource `:id` whose body is `{ amountCents }` (a capture or a refund), once the body is valid. */
function withAmount(action: 'capture' | 'refund', params: Readonly<Record<string, string>>, body: unknown): Checked<Operation> {
  const checked = checkAmountBody(body);
  if (!checked.ok) return checked;
  const id = params['id'] ?? '';
  const { amountCents } = checked.value;
  return { ok: true, value: { action, fingerprint: `${action} ${id} ${amountCents}`, id, amountCents } };
}

/**
 * The validated authorisation as JSON with its keys in sorted order, so two spellings of one
 * request (`{a,b}`, `{b,a}`) are one fingerprint. Written out field by field rather than sorted
 * on every request; `satisfies` makes a new field of NewAuthorization a compile error here.
 */
function authorizationFingerprint(input: NewAuthorization): string {
  const sorted = { amountCents: input.amountCents, currency: input.currency, reference: input.reference } satisfies Record<keyof NewAuthorization, unknown>;
  return `authorize ${JSON.stringify(sorted)}`;
}

function capture(ledger: PaymentLedger, id: string, amountCents: number): Outcome {
  const result = ledger.capture(id, amountCents);
  switch (result.kind) {
    case 'captured':
      return success(201, result.capture);
    case 'unknown-authorization':
      return notFound('UNKNOWN_AUTHORIZATION', 'authorizationId', id);
    case 'expired':
      return conflict('AUTHORIZATION_EXPIRED', `authorization ${id} has expired; nothing more can be captured`);
    case 'voided':
      return conflict('AUTHORIZATION_VOIDED', `authorization ${id} was voided; nothing more can be captured`);
    case 'exceeds':
      return conflict('AMOUNT_EXCEEDS_AUTHORIZATION', `amountCents ${amountCents} is more than the ${result.capturableCents} still capturable`, {
        capturableCents: result.capturableCents,
      });
    default:
      return result satisfies never;
  }
}

function voidAuthorization(ledger: PaymentLedger, id: string): Outcome {
  const result = ledger.void(id);
  switch (result.kind) {
    case 'voided':
      return success(200, result.authorization);
    case 'unknown-authorization':
      return notFound('UNKNOWN_AUTHORIZATION', 'authorizationId', id);
    case 'expired':
      return conflict('AUTHORIZATION_EXPIRED', `authorization ${id} has expired; there is nothing left to void`);
    case 'fully-captured':
      return conflict('AUTHORIZATION_CAPTURED', `authorization ${id} is fully captured; refund its captures instead`);
    default:
      return result satisfies never;
  }
}

function refund(ledger: PaymentLedger, id: string, amountCents: number): Outcome {
  const result = ledger.refund(id, amountCents);
  switch (result.kind) {
    case 'refunded':
      return success(201, result.refund);
    case 'unknown-capture':
      return notFound('UNKNOWN_CAPTURE', 'captureId', id);
    case 'exceeds':
      return conflict('REFUND_EXCEEDS_CAPTURE', `amountCents ${amountCents} is more than the ${result.refundableCents} still refundable`, {
        refundableCents: result.refundableCents,
      });
    default:
      return result satisfies never;
  }
}

/** Applies a validated operation to the books (or has them refuse it). */
function perform(ledger: PaymentLedger, operation: Operation): Outcome {
  switch (operation.action) {
    case 'authorize':
      return success(201, ledger.authorize(operation.input));
    case 'capture':
      return capture(ledger, operation.id, operation.amountCents);
    case 'void':
      return voidAuthorization(ledger, operation.id);
    case 'refund':
      return refund(ledger, operation.id, operation.amountCents);
    default:
      return operation satisfies never;
  }
}

const routes: readonly Route[] = [
  {
    method: 'POST',
    pattern: ['authorizations'],
    handle: (_ledger, _params, request) => {
      const checked = checkNewAuthorization(request.body);
      if (!checked.ok) return checked;
      const input = checked.value;
      return { ok: true, value: { action: 'authorize', fingerprint: authorizationFingerprint(input), input } };
    },
  },
  {
    method: 'GET',
    pattern: ['authorizations'],
    handle: (ledger, _params, _request, { query }) => {
      const reference = checkLookupQuery(query);
      return reference.ok ? json(200, { authorizations: ledger.withReference(reference.value) }) : badRequest(reference.problem);
    },
  },
  {
    method: 'GET',
    pattern: ['authorizations', ':id'],
    handle: (ledger, params) => {
      const id = params['id'] ?? '';
      const authorization = ledger.authorization(id);
      return authorization === undefined ? json(404, { error: 'UNKNOWN_AUTHORIZATION', authorizationId: id }) : json(200, authorization);
    },
  },
  {
    method: 'POST',
    pattern: ['authorizations', ':id', 'captures'],
    handle: (_ledger, params, request) => withAmount('capture', params, request.body),
  },
  {
    method: 'POST',
    pattern: ['authorizations', ':id', 'void'],
    handle: (_ledger, params, request) => {
      const checked = checkEmptyBody(request.body);
      if (!checked.ok) return checked;
      const id = params['id'] ?? '';
      return { ok: true, value: { action: 'void', fingerprint: `void ${id}`, id } };
    },
  },
  {
    method: 'POST',
    pattern: ['captures', ':id', 'refunds'],
    handle: (_ledger, params, request) => withAmount('refund', params, request.body),
  },
];

function isResponse(value: Checked<Operation> | FakeHttpResponse): value is FakeHttpResponse {
  return 'status' in value;
}

/** Runs a validated operation under its idempotency key, if it has one. */
function runOnce(ledger: PaymentLedger, keys: IdempotencyStore, key: string | undefined, operation: Operation): PaymentHandled {
  if (key === undefined) {
    const { response, applied } = perform(ledger, operation);
    return { response, applied: applied ? operation.action : null };
  }
  const stored = keys.lookup(key, operation.fingerprint);
  switch (stored.kind) {
    case 'replay':
      return { response: stored.response, applied: null };
    case 'reused':
      return {
        response: json(422, { error: 'IDEMPOTENCY_KEY_REUSED', message: `Idempotency-Key ${JSON.stringify(key)} was used for a different request; use a new key` }),
        applied: null,
      };
    case 'new': {
      const { response, applied } = perform(ledger, operation);
      // Stored whether it succeeded or was refused by the books: the retry must get the same answer.
      keys.store(key, operation.fingerprint, response);
      return { response, applied: applied ? operation.action : null };
    }
    default:
      return stored satisfies never;
  }
}

export function routePaymentRequest(ledger: PaymentLedger, keys: IdempotencyStore, request: FakeHttpRequest): PaymentHandled {
  if (typeof request !== 'object' || request === null || typeof request.path !== 'string') {
    return { response: badRequest({ field: 'path', value: 'nothing (missing)', expected: 'a URL path' }), applied: null };
  }
  const parsed = tryParsePath(request.path);
  if (parsed === undefined) {
    return { response: badRequest({ field: 'path', value: JSON.stringify(request.path), expected: 'a URL path with valid %-escapes' }), applied: null };
  }
  const found = findRoute(routes, request.method, parsed.segments);
  if (found === undefined) {
    // The method is echoed only if it is text: a caller's junk must not be able to break the answer.
    const method = typeof request.method === 'string' ? request.method : null;
    return { response: json(404, { error: 'NO_ROUTE', method, path: request.path }), applied: null };
  }
  const handled = found.route.handle(ledger, found.params, request, parsed);
  if (isResponse(handled)) return { response: handled, applied: null };
  if (!handled.ok) return { response: badRequest(handled.problem), applied: null };
  const key = checkIdempotencyKey(request.headers);
  if (!key.ok) return { response: badRequest(key.problem), applied: null };
  return runOnce(ledger, keys, key.value, handled.value);
}
