/**
 * Checks for the fakes' configurations. Each failure names where the value sits
 * (`stores[1].timeZone`), the value and what was expected.
 */
import { FakeConfigError } from './config-error.ts';
import type { Ratio } from './http.ts';
import { isRecord } from './is-record.ts';
import { isLocalTime, isValidTimeZone } from './local-time.ts';

/**
 * The value as JSON, `undefined` spelled out. Never throws: what JSON cannot hold (a BigInt, a
 * cycle, a function) is shown with String(), so a bad configuration always gets its
 * FakeConfigError rather than a TypeError from the message itself.
 */
export function show(value: unknown): string {
  try {
    return value === undefined ? 'undefined' : (JSON.stringify(value) ?? String(value));
  } catch {
    return String(value);
  }
}

/** Throws FakeConfigError `<where>: expected <expected>, got <value>`. */
export function failConfig(where: string, expected: string, value: unknown): never {
  throw new FakeConfigError(`${where}: expected ${expected}, got ${show(value)}`);
}

/** A safe integer in [min, max]. */
export function isIntegerIn(value: unknown, min: number, max: number): value is number {
  return Number.isSafeInteger(value) && (value as number) >= min && (value as number) <= max;
}

/** An integer probability: [numerator, denominator], 0 <= numerator <= denominator, denominator >= 1. */
export function isRatio(value: unknown): value is Ratio {
  return Array.isArray(value) && value.length === 2 && isIntegerIn(value[1], 1, Number.MAX_SAFE_INTEGER) && isIntegerIn(value[0], 0, value[1] as number);
}

/** Throws FakeConfigError unless `value` is an integer ratio (see isRatio). */
export function checkRatio(where: string, value: unknown): void {
  if (!isRatio(value)) failConfig(where, 'a ratio [numerator, denominator] of integers with 0 <= numerator <= denominator and denominator >= 1', value);
}

/** `{ min, max }` in whole `unit`s (`ms`, `minutes`) with minAllowed <= min <= max <= maxAllowed. */
export function checkWholeRange(where: string, value: unknown, unit: string, minAllowed: number, maxAllowed: number): void {
  const min = isRecord(value) ? value['min'] : undefined;
  const max = isRecord(value) ? value['max'] : undefined;
  if (!isIntegerIn(min, minAllowed, maxAllowed) || !isIntegerIn(max, min, maxAllowed)) {
    failConfig(where, `whole ${unit} { min, max } with ${minAllowed} <= min <= max <= ${maxAllowed}`, value);
  }
}

export function checkId(where: string, value: string, pattern: RegExp, expected: string): void {
  if (typeof value !== 'string' || !pattern.test(value)) {
    throw new FakeConfigError(`${where}: expected ${expected}, got ${show(value)}`);
  }
}

export function checkUnique(where: string, ids: readonly string[]): void {
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) throw new FakeConfigError(`${where}: expected unique ids, got ${show(id)} twice`);
    seen.add(id);
  }
}

export function checkTimeZone(where: string, value: string): void {
  if (!isValidTimeZone(value)) throw new FakeConfigError(`${where}: expected an IANA time zone such as "Europe/Berlin", got ${show(value)}`);
}

export function checkLocalTime(where: string, value: string): void {
  if (!isLocalTime(value)) {
    throw new FakeConfigError(`${where}: expected a local time "HH:mm" between 00:00 and 23:59, got ${show(value)}`);
  }
}

export function checkNonNegativeInteger(where: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new FakeConfigError(`${where}: expected a non-negative integer, got ${show(value)}`);
}

/** Stock per SKU: a non-empty SKU code and a non-negative integer quantity. */
export function checkStock(where: string, stock: Readonly<Record<string, number>>): void {
  if (!isRecord(stock)) throw new FakeConfigError(`${where}: expected an object of sku -> quantity, got ${show(stock)}`);
  for (const [sku, quantity] of Object.entries(stock)) {
    if (sku.trim().length === 0) throw new FakeConfigError(`${where}: expected non-blank SKU codes, got ${show(sku)}`);
    checkNonNegativeInteger(`${where}[${JSON.stringify(sku)}]`, quantity);
  }
}

/** A copy of the stock as a Map, in SKU order, so every listing comes out sorted. */
export function stockMap(stock: Readonly<Record<string, number>>): Map<string, number> {
  return new Map(Object.entries(stock).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
