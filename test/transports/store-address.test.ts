/** How a live POS request names its store: a /stores/<id> path prefix, else the Host header. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { storeAddress } from '../../sim/live/store-address.ts';

const IDS = ['S1', 'S2', 'STORE-10'];

describe('storeAddress', () => {
  it.each([
    ['/stores/S1/holds?externalRef=x', undefined, { ok: true, storeId: 'S1', path: '/holds?externalRef=x' }],
    ['/stores/s2/inventory', 'localhost', { ok: true, storeId: 'S2', path: '/inventory' }],
    ['/stores/S1', undefined, { ok: true, storeId: 'S1', path: '/' }],
    ['/stores/S1?x=1', undefined, { ok: true, storeId: 'S1', path: '/?x=1' }],
    ['/stores/STORE-10/holds/H-1/pick', 'pos-s1.stores.local', { ok: true, storeId: 'STORE-10', path: '/holds/H-1/pick' }],
    ['/inventory', 'pos-s1.stores.local', { ok: true, storeId: 'S1', path: '/inventory' }],
    ['/inventory', 'POS-STORE-10.stores.local:8400', { ok: true, storeId: 'STORE-10', path: '/inventory' }],
    ['/inventory', 'pos-s9.stores.local', { ok: false, reason: 'unknown-store', named: 's9' }],
    ['/stores/S9/inventory', 'pos-s1.stores.local', { ok: false, reason: 'unknown-store', named: 'S9' }],
    ['/stores/%ZZ/inventory', undefined, { ok: false, reason: 'unknown-store', named: '%ZZ' }],
    ['/inventory', '127.0.0.1:8400', { ok: false, reason: 'no-store', named: '' }],
    ['/inventory', undefined, { ok: false, reason: 'no-store', named: '' }],
    ['http://pos-s1.stores.local/inventory', 'pos-s1.stores.local', { ok: false, reason: 'bad-target', named: '' }],
  ])('%s with Host %s', (target, host, expected) => {
    expect(storeAddress(target, host, IDS)).toEqual(expected);
  });

  it('never throws, and any path it hands on starts with "/"', () => {
    fc.assert(
      fc.property(fc.string(), fc.option(fc.string(), { nil: undefined }), (target, host) => {
        const address = storeAddress(target, host, IDS);
        if (address.ok) expect(address.path.startsWith('/')).toBe(true);
      }),
      { numRuns: 2_000 },
    );
  });
});
