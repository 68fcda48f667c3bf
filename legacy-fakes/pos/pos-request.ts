/**
 * Validation of what callers send the POS. Strict, because the fake is also how the adapters
 * learn they send the wrong thing: each message names the field, the value and what was expected.
 */
import { isRecord } from '../is-record.ts';
import type { NewHold } from './pos-store.ts';

export type Checked<T> = { ok: true; value: T } | { ok: false; message: string };

/** References and SKUs longer than this are refused: the real POS stores them in fixed columns. */
export const TEXT_FIELD_LENGTH_MAX = 200;
/** An error message quotes at most this much of a bad value, so a huge body cannot bloat the reply. */
const SHOWN_LENGTH_MAX = 80;

/** A value for a message, cut to SHOWN_LENGTH_MAX characters. */
export function show(value: unknown): string {
  if (value === undefined) return 'nothing (missing)';
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value); // a cyclic object or a BigInt cannot come over the wire, but a test might pass one
  }
  if (text.length <= SHOWN_LENGTH_MAX) return text;
  // The length that matters to the caller is the value's own, not its JSON's.
  if (typeof value === 'string') return `${JSON.stringify(value.slice(0, SHOWN_LENGTH_MAX))}... (${value.length} characters)`;
  return `${text.slice(0, SHOWN_LENGTH_MAX)}... (${text.length} characters of JSON)`;
}

function fail(field: string, value: unknown, expected: string): { ok: false; message: string } {
  return { ok: false, message: `${field}: expected ${expected}, got ${show(value)}` };
}

/** A UTF-16 surrogate without its other half: JSON.parse lets it through, strict parsers and UTF-8 do not. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * A reference or SKU: present, a string, not empty, not longer than the POS stores, and
 * well-formed Unicode. A lone surrogate stored here would come back in the change feed and break
 * every strict JSON reader of it, so it is refused at the door.
 */
export function checkText(field: string, value: unknown): Checked<string> {
  if (typeof value !== 'string' || value.length === 0) return fail(field, value, 'a non-empty string');
  if (value.length > TEXT_FIELD_LENGTH_MAX) return fail(field, value, `at most ${TEXT_FIELD_LENGTH_MAX} characters`);
  const broken = LONE_SURROGATE.exec(value);
  if (broken !== null) return { ok: false, message: `${field}: expected well-formed Unicode text, got a lone surrogate U+${broken[0].charCodeAt(0).toString(16).toUpperCase()} at character ${broken.index}` };
  return { ok: true, value };
}

/** The body of `POST /holds`. Fields the POS does not know are ignored, as the real one does. */
export function checkNewHold(body: unknown): Checked<NewHold> {
  if (!isRecord(body)) return fail('body', body, 'a JSON object { externalRef, sku, quantity, purpose }');
  const { quantity, purpose } = body;
  const externalRef = checkText('externalRef', body['externalRef']);
  if (!externalRef.ok) return externalRef;
  const sku = checkText('sku', body['sku']);
  if (!sku.ok) return sku;
  if (typeof quantity !== 'number' || !Number.isSafeInteger(quantity) || quantity <= 0) {
    return fail('quantity', quantity, 'a positive integer');
  }
  if (purpose !== 'SHIP' && purpose !== 'PICKUP') return fail('purpose', purpose, '"SHIP" or "PICKUP"');
  return { ok: true, value: { externalRef: externalRef.value, sku: sku.value, quantity, purpose } };
}

/** The `changedSince` query parameter: a non-negative integer in plain decimal. */
export function checkSeq(text: string): Checked<number> {
  const value = /^\d{1,15}$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value)) return fail('changedSince', text, 'a non-negative integer');
  return { ok: true, value };
}
