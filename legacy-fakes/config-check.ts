/**
 * Checks for the fakes' configurations. Each failure names where the value sits
 * (`stores[1].timeZone`), the value and what was expected.
 */
import { FakeConfigError } from './config-error.ts';
import { isLocalTime, isValidTimeZone } from './local-time.ts';

function show(value: unknown): string {
  return value === undefined ? 'undefined' : JSON.stringify(value);
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
  if (typeof stock !== 'object' || stock === null || Array.isArray(stock)) {
    throw new FakeConfigError(`${where}: expected an object of sku -> quantity, got ${show(stock)}`);
  }
  for (const [sku, quantity] of Object.entries(stock)) {
    if (sku.trim().length === 0) throw new FakeConfigError(`${where}: expected non-blank SKU codes, got ${show(sku)}`);
    checkNonNegativeInteger(`${where}[${JSON.stringify(sku)}]`, quantity);
  }
}

/** A copy of the stock as a Map, in SKU order, so every listing comes out sorted. */
export function stockMap(stock: Readonly<Record<string, number>>): Map<string, number> {
  return new Map(Object.entries(stock).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
