import type { HttpOutcome } from '../ports.ts';
import { field } from './json-fields.ts';
import { ok, type AdapterOutcome } from './outcome.ts';

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

function errorCode(body: unknown): string {
  const code = field(body, 'error');
  return typeof code === 'string' ? code : 'UNKNOWN';
}

/** The one place HTTP outcomes become adapter outcomes. */
export function mapOutcome<T>(outcome: HttpOutcome, parse: (body: unknown) => Parsed<T>): AdapterOutcome<T> {
  if (outcome.kind === 'timeout') return { kind: 'timeout' };
  if (outcome.kind === 'network-error') return { kind: 'unavailable', retryAfterMs: null, message: outcome.message };
  const { status, body, headers } = outcome;
  if (status === 503 || status === 502 || status === 504 || status === 429) {
    const retryAfterSeconds = Number(headers['retry-after']);
    return { kind: 'unavailable', retryAfterMs: Number.isFinite(retryAfterSeconds) && retryAfterSeconds >= 0 ? retryAfterSeconds * 1000 : null, message: `HTTP ${status}` };
  }
  if (status >= 500) return { kind: 'unavailable', retryAfterMs: null, message: `HTTP ${status}` };
  // A cash-register API sometimes answers 200 with an error in the body: it failed inside and
  // did nothing, so it is a transient failure (retried after a lookup), not a business refusal.
  if (status < 300 && typeof body === 'object' && body !== null && 'error' in body) {
    return { kind: 'unavailable', retryAfterMs: null, message: `HTTP ${status} with error ${errorCode(body)} in the body` };
  }
  if (status >= 400) {
    const code = errorCode(body);
    return { kind: 'rejected', code, status, message: `HTTP ${status} ${code}` };
  }
  const parsed = parse(body);
  return parsed.ok ? ok(parsed.value) : { kind: 'malformed', message: parsed.message };
}
