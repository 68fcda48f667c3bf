/**
 * Validation of what callers send the gateway. Strict like a real gateway (unknown fields are
 * refused, so `amount` instead of `amountCents` fails loudly rather than authorising nothing),
 * and every refusal names the field, the value and what was expected.
 */
import { findHeaderName } from '../http.ts';
import { isRecord } from '../is-record.ts';

export type Checked<T> = { ok: true; value: T } | { ok: false; problem: BadField };

export interface BadField {
  field: string;
  /** The offending value as text (`"12.5"`, `nothing (missing)`): always safe to put in JSON. */
  value: string;
  expected: string;
}

export interface NewAuthorization {
  reference: string;
  amountCents: number;
  currency: string;
}

/** Card gateways cap one payment well below this; it also keeps every sum a safe integer. */
export const AMOUNT_CENTS_MAX = 99_999_999;
const REFERENCE_LENGTH_MAX = 200;
/** Stripe's limit. */
const IDEMPOTENCY_KEY_LENGTH_MAX = 255;
const CURRENCY_PATTERN = /^[A-Z]{3}$/;
/** Visible ASCII and spaces, no control characters: what survives every log and header. */
const PRINTABLE_PATTERN = /^[\x20-\x7e]+$/;

function show(value: unknown): string {
  if (value === undefined) return 'nothing (missing)';
  if (typeof value === 'bigint') return `${value}n`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value); // a cyclic object cannot come over the wire, but a test might pass one
  }
}

function bad<T>(field: string, value: unknown, expected: string): Checked<T> {
  return { ok: false, problem: { field, value: show(value), expected } };
}

/** What a body with `known` fields looks like, for a refusal's message. */
function shapeOf(known: readonly string[]): string {
  return known.length === 0 ? 'no body or {}' : `a JSON object { ${known.join(', ')} }`;
}

/** The body as an object with only `known` fields; a missing body counts as `{}`. */
function fields(body: unknown, known: readonly string[]): Checked<Record<string, unknown>> {
  if (body === undefined || body === null) return { ok: true, value: {} };
  if (!isRecord(body)) return bad('body', body, shapeOf(known));
  for (const key of Object.keys(body)) {
    if (!known.includes(key)) return bad(key, body[key], `no such field (${shapeOf(known)})`);
  }
  return { ok: true, value: body };
}

function checkAmount(value: unknown): Checked<number> {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1 || value > AMOUNT_CENTS_MAX) {
    return bad('amountCents', value, `a whole number of cents from 1 to ${AMOUNT_CENTS_MAX}`);
  }
  return { ok: true, value };
}

export function checkNewAuthorization(body: unknown): Checked<NewAuthorization> {
  const checked = fields(body, ['reference', 'amountCents', 'currency']);
  if (!checked.ok) return checked;
  const { reference, amountCents, currency } = checked.value;
  if (typeof reference !== 'string' || reference.length > REFERENCE_LENGTH_MAX || !PRINTABLE_PATTERN.test(reference)) {
    return bad('reference', reference, `a string of 1 to ${REFERENCE_LENGTH_MAX} printable ASCII characters`);
  }
  const amount = checkAmount(amountCents);
  if (!amount.ok) return amount;
  if (typeof currency !== 'string' || !CURRENCY_PATTERN.test(currency)) return bad('currency', currency, 'an ISO 4217 code in capitals, such as "USD"');
  return { ok: true, value: { reference, amountCents: amount.value, currency } };
}

/** The body of a capture or a refund: `{ amountCents }`. */
export function checkAmountBody(body: unknown): Checked<{ amountCents: number }> {
  const checked = fields(body, ['amountCents']);
  if (!checked.ok) return checked;
  const amount = checkAmount(checked.value['amountCents']);
  return amount.ok ? { ok: true, value: { amountCents: amount.value } } : amount;
}

/** A void takes no fields. */
export function checkEmptyBody(body: unknown): Checked<Record<string, never>> {
  const checked = fields(body, []);
  return checked.ok ? { ok: true, value: {} } : checked;
}

/** The `Idempotency-Key` header: absent (undefined), or 1 to 255 printable characters. */
export function checkIdempotencyKey(headers: unknown): Checked<string | undefined> {
  if (!isRecord(headers)) return { ok: true, value: undefined };
  const name = findHeaderName(headers, 'idempotency-key');
  if (name === undefined) return { ok: true, value: undefined };
  const key = headers[name];
  if (typeof key !== 'string' || key.length > IDEMPOTENCY_KEY_LENGTH_MAX || !PRINTABLE_PATTERN.test(key)) {
    return bad('Idempotency-Key', key, `a header of 1 to ${IDEMPOTENCY_KEY_LENGTH_MAX} printable ASCII characters`);
  }
  return { ok: true, value: key };
}

/** `GET /authorizations?reference=R`: exactly one query parameter, `reference`, not empty. */
export function checkLookupQuery(query: URLSearchParams): Checked<string> {
  for (const key of new Set(query.keys())) {
    if (key !== 'reference') return bad(key, query.get(key), 'no such query parameter (expected reference=<reference>)');
  }
  const references = query.getAll('reference');
  if (references.length !== 1 || (references[0] ?? '').length === 0) {
    return bad('reference', references.length === 0 ? undefined : references, 'one non-empty reference=<reference> query parameter');
  }
  return { ok: true, value: references[0] as string };
}
