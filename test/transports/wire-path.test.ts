/**
 * wirePath is what fetch does to a path: the URL parser is the oracle, and the fast path (no URL
 * object) must never disagree with it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { wirePath } from '../../sim/transports/wire-path.ts';

const BASE_URL = 'http://pos-s1.stores.local';

function oracle(path: string): string {
  const url = new URL(`${BASE_URL}${path}`);
  return url.pathname + url.search;
}

/** Paths built from the characters that matter to a URL parser, plus anything at all. */
const pathArb = fc
  .array(
    fc.oneof(
      fc.constantFrom('/', '.', '..', '%2e', '%2E', '%', '%ZZ', '%41', '?', '#', '\\', ' ', "'", '"', '<', '>', '`', '{', '}', '|', '^', '[', ']', '&', '=', '+', ':', '@', 'é', '☃', '\t', '\n'),
      fc.string({ minLength: 1, maxLength: 6 }),
      fc.constantFrom('holds', 'inventory', 'H-S1-1', 'pick', 'externalRef=R-1:1'),
    ),
    { maxLength: 12 },
  )
  .map((parts) => `/${parts.join('')}`);

describe('wirePath', () => {
  it('agrees with the URL parser on any path', () => {
    fc.assert(
      fc.property(pathArb, (path) => {
        expect(wirePath(BASE_URL, path)).toBe(oracle(path));
      }),
      { numRuns: 5_000 },
    );
  });

  it.each([
    ['/holds?externalRef=R 1', '/holds?externalRef=R%201'],
    ['/holds/../inventory', '/inventory'],
    ['/holds/%2e%2e/inventory', '/inventory'],
    ['/inventory?', '/inventory'],
    ['/inventory#top', '/inventory'],
    ['/holds\\H-1\\pick', '/holds/H-1/pick'],
    ['//evil.example/x', '//evil.example/x'],
    ['/holds/H-S1-1/pick', '/holds/H-S1-1/pick'],
  ])('%s reaches the server as %s', (path, expected) => {
    expect(wirePath(BASE_URL, path)).toBe(expected);
  });

  it('hands back the very same string when nothing changes (no allocation on the hot path)', () => {
    const path = '/holds?externalRef=FO-o42-1%3A1';
    expect(wirePath(BASE_URL, path)).toBe(path);
  });
});
