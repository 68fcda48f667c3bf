/**
 * The POS fake: one cash-register HTTP server per store, as docs/legacy-protocols.md
 * describes. This file is the public entry: configuration checks and wiring; the state, the
 * routes and the staff each live in their own file.
 */
import type { FakeEnv } from '../env.ts';
import { json } from '../http.ts';
import type { FakeHttpRequest, FakeHttpResponse } from '../http.ts';
import { FakeConfigError } from '../config-error.ts';
import { checkId, checkLocalTime, checkNonNegativeInteger, checkStock, checkTimeZone, checkUnique } from '../config-check.ts';
import { routePosRequest } from './pos-routes.ts';
import { PosStaff } from './pos-staff.ts';
import { PosStore } from './pos-store.ts';
import type { PosHold, PosInventoryItem, PosStoreConfig, PosStoreTruth } from './pos-types.ts';

export type { PosHold, PosHoldPurpose, PosHoldStatus, PosInventoryItem, PosStoreConfig, PosStoreTruth } from './pos-types.ts';

/** Store ids end up in host names, hold ids and tracking numbers. */
const STORE_ID_PATTERN = /^[A-Za-z0-9_-]+$/;
/** A staff delay longer than this is a typo in a scenario, not a slow store. */
const STAFF_DELAY_MINUTES_MAX = 7 * 24 * 60;

function checkStoreConfig(where: string, config: PosStoreConfig): void {
  checkId(`${where}.storeId`, config.storeId, STORE_ID_PATTERN, 'letters, digits, "_" or "-"');
  checkTimeZone(`${where}.timeZone`, config.timeZone);
  checkLocalTime(`${where}.openLocal`, config.openLocal);
  checkLocalTime(`${where}.closeLocal`, config.closeLocal);
  checkStock(`${where}.stock`, config.stock);
  const delay = config.staffPickDelayMinutes;
  checkNonNegativeInteger(`${where}.staffPickDelayMinutes.min`, delay?.min);
  checkNonNegativeInteger(`${where}.staffPickDelayMinutes.max`, delay?.max);
  if (delay.max < delay.min || delay.max > STAFF_DELAY_MINUTES_MAX) {
    throw new FakeConfigError(
      `${where}.staffPickDelayMinutes: expected min <= max <= ${STAFF_DELAY_MINUTES_MAX}, got ${JSON.stringify(delay)}`,
    );
  }
}

export class PosFake {
  private readonly stores = new Map<string, PosStore>();

  /** Throws FakeConfigError naming the store and field if a configuration is invalid. */
  constructor(env: FakeEnv, stores: readonly PosStoreConfig[]) {
    stores.forEach((config, index) => checkStoreConfig(`stores[${index}]`, config));
    checkUnique('stores[].storeId', stores.map((config) => config.storeId));
    for (const config of stores) {
      // The store tells staff when a hold is asked for; staff work the store. The hook first
      // runs on a request, long after both exist.
      const store: PosStore = new PosStore(env, config, (holdId) => staff.asked(holdId));
      const staff = new PosStaff(env, config, store);
      this.stores.set(config.storeId, store);
    }
  }

  /** One request to store `storeId`'s server; response bodies are fresh copies. */
  handle(storeId: string, request: FakeHttpRequest): FakeHttpResponse {
    const store = this.stores.get(storeId);
    if (store === undefined) return json(404, { error: 'UNKNOWN_STORE' });
    return routePosRequest(store, request);
  }

  /** A customer at the till collects every READY hold whose reference starts with the prefix. */
  tillPickup(storeId: string, externalRefPrefix: string): number {
    const store = this.stores.get(storeId);
    // The harness names stores from the same configuration: an unknown one is a harness bug.
    if (store === undefined) throw new Error(`PosFake.tillPickup: unknown store ${JSON.stringify(storeId)}`);
    return store.tillPickup(externalRefPrefix);
  }

  /** Every hold with that reference at every store (stores in configuration order, oldest first); copies. */
  holdsWithReference(externalRef: string): { storeId: string; hold: PosHold }[] {
    return [...this.stores.values()].flatMap((store) => store.holdsWithRef(externalRef).map((hold) => ({ storeId: store.storeId, hold })));
  }

  /** One SKU's shelf position at one store, without copying the whole store as truth() does. */
  position(storeId: string, sku: string): PosInventoryItem {
    const store = this.stores.get(storeId);
    if (store === undefined) throw new Error(`PosFake.position: unknown store ${JSON.stringify(storeId)}`);
    return store.position(sku);
  }

  /** Ground truth for the invariant checkers, stores in configuration order; copies throughout. */
  truth(): readonly PosStoreTruth[] {
    return [...this.stores.values()].map((store) => store.truth());
  }
}
