/**
 * Validation of what callers send the POS. Strict, because the fake is also how the adapters
 * learn they send the wrong thing: each message names the field, the value and what was expected.
 */
import type { NewHold } from './pos-store.ts';

export type Checked<T> = { ok: true; value: T } | { ok: false; message: string };

function show(value: unknown): string {
  if (value === undefined) return 'nothing (missing)';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value); // a cyclic object cannot come over the wire, but a test might pass one
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fail(field: string, value: unknown, expected: string): { ok: false; message: string } {
  return { ok: false, message: `${field}: expected ${expected}, got ${show(value)}` };
}

/** The body of `POST /holds`. Fields the POS does not know are ignored, as the real one does. */
export function checkNewHold(body: unknown): Checked<NewHold> {
  if (!isRecord(body)) return fail('body', body, 'a JSON object { externalRef, sku, quantity, purpose }');
  const { externalRef, sku, quantity, purpose } = body;
  if (typeof externalRef !== 'string' || externalRef.length === 0) return fail('externalRef', externalRef, 'a non-empty string');
  if (typeof sku !== 'string' || sku.length === 0) return fail('sku', sku, 'a non-empty string');
  if (typeof quantity !== 'number' || !Number.isSafeInteger(quantity) || quantity <= 0) {
    return fail('quantity', quantity, 'a positive integer');
  }
  if (purpose !== 'SHIP' && purpose !== 'PICKUP') return fail('purpose', purpose, '"SHIP" or "PICKUP"');
  return { ok: true, value: { externalRef, sku, quantity, purpose } };
}

/** The `changedSince` query parameter: a non-negative integer in plain decimal. */
export function checkSeq(text: string): Checked<number> {
  const value = /^\d{1,15}$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value)) return fail('changedSince', text, 'a non-negative integer');
  return { ok: true, value };
}
