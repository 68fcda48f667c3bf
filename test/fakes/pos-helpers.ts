/** Shorthands for talking to the POS fake in tests. */
import { PosFake } from '../../legacy-fakes/pos/pos-fake.ts';
import type { PosHold, PosStoreConfig } from '../../legacy-fakes/pos/pos-fake.ts';
import type { FakeExchange, FakeHttpRequest, FakeHttpResponse } from '../../legacy-fakes/http.ts';
import { TestEnv } from './test-env.ts';

/** 2026-11-27T14:05:00Z: 09:05 in New York, 23:05 in Tokyo. */
export const START_MS = Date.UTC(2026, 10, 27, 14, 5, 0);

export const NEW_YORK: PosStoreConfig = {
  storeId: 'S1',
  timeZone: 'America/New_York',
  openLocal: '09:00',
  closeLocal: '21:00',
  stock: { 'SKU-2': 0, 'SKU-1': 10, 'SKU-3': 5 },
  staffPickDelayMinutes: { min: 5, max: 30 },
};

export const TOKYO: PosStoreConfig = {
  storeId: 'S2',
  timeZone: 'Asia/Tokyo',
  openLocal: '10:00',
  closeLocal: '20:00',
  stock: { 'SKU-1': 4 },
  staffPickDelayMinutes: { min: 10, max: 10 },
};

export function setUp(stores: readonly PosStoreConfig[] = [NEW_YORK, TOKYO], startMs = START_MS, seed = 1): { env: TestEnv; pos: PosFake } {
  const env = new TestEnv(startMs, seed);
  return { env, pos: new PosFake(env, stores) };
}

/** A valid new-hold body. */
export function holdBody(externalRef: string, sku = 'SKU-1', quantity = 1, purpose: 'SHIP' | 'PICKUP' = 'SHIP'): Record<string, unknown> {
  return { externalRef, sku, quantity, purpose };
}

export class PosClient {
  constructor(
    private readonly pos: PosFake,
    private readonly storeId: string,
    private readonly headers: Readonly<Record<string, string>> = {},
  ) {}

  get(path: string): FakeHttpResponse {
    return this.pos.handle(this.storeId, { method: 'GET', path, headers: this.headers });
  }

  post(path: string, body?: unknown): FakeHttpResponse {
    return this.pos.handle(this.storeId, { method: 'POST', path, headers: this.headers, body });
  }

  delete(path: string): FakeHttpResponse {
    return this.pos.handle(this.storeId, { method: 'DELETE', path, headers: this.headers });
  }

  /** One request through the store's quirks, as a transport would send it. */
  exchange(method: FakeHttpRequest['method'], path: string, body?: unknown): FakeExchange {
    return this.pos.exchange(this.storeId, { method, path, headers: this.headers, body });
  }

  /** Creates a hold and returns it, failing the test if the POS refused. */
  hold(externalRef: string, sku: string, quantity: number, purpose: 'SHIP' | 'PICKUP' = 'SHIP'): PosHold {
    const response = this.post('/holds', { externalRef, sku, quantity, purpose });
    if (response.status !== 201) throw new Error(`hold ${externalRef} refused: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body as PosHold;
  }

  available(sku: string): number | undefined {
    const body = this.get('/inventory').body as { items: { sku: string; available: number }[] };
    return body.items.find((item) => item.sku === sku)?.available;
  }

  holdsOf(externalRef: string): PosHold[] {
    return (this.get(`/holds?externalRef=${encodeURIComponent(externalRef)}`).body as { holds: PosHold[] }).holds;
  }
}
