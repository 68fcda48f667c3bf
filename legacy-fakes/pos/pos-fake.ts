/**
 * The POS fake: one cash-register HTTP server per store, as docs/legacy-protocols.md
 * describes, with the real ones' quirks (docs/fakes/pos.md). This file is the public entry:
 * configuration checks and wiring; each server, the state, the routes, the staff, the shoppers
 * and every quirk live in their own file.
 */
import type { FakeEnv } from '../env.ts';
import { json } from '../http.ts';
import type { FakeExchange, FakeHttpRequest, FakeHttpResponse, QuirkCounts } from '../http.ts';
import { FakeConfigError } from '../config-error.ts';
import { checkId, checkLocalTime, checkNonNegativeInteger, checkStock, checkTimeZone, checkUnique } from '../config-check.ts';
import { PosQuirkLog } from './pos-quirk-log.ts';
import { checkPosQuirks } from './pos-quirks-check.ts';
import { PosServer } from './pos-server.ts';
import type { PosHold, PosInventoryItem, PosStoreConfig, PosStoreTruth } from './pos-types.ts';

export type {
  PosHold,
  PosHoldPurpose,
  PosHoldStatus,
  PosInventoryItem,
  PosOfflineWindow,
  PosQuirks,
  PosStoreConfig,
  PosStoreTruth,
} from './pos-types.ts';
export { isLiveStatus } from './pos-types.ts';
export { HOLD_ENDING_TRACE_KINDS, HOLD_STATUS_BY_TRACE_KIND } from './pos-store.ts';
export type { PosQuirkName } from './pos-quirk-log.ts';
export { POS_QUIRK_NAMES } from './pos-quirk-log.ts';

/** Store ids end up in host names, hold ids, tracking numbers and random stream names. */
const STORE_ID_PATTERN = /^[A-Za-z0-9_-]+$/;
/** More register workers than this is a typo (or a scale factor gone wrong), not a store. */
const REGISTERS_MAX = 100_000;
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
  checkPosQuirks(`${where}.quirks`, config.quirks);
  if (config.registers !== undefined && (!Number.isInteger(config.registers) || config.registers < 1 || config.registers > REGISTERS_MAX)) {
    throw new FakeConfigError(`${where}.registers: expected a whole number from 1 to ${REGISTERS_MAX}, got ${JSON.stringify(config.registers)}`);
  }
}

function unknownStore(): FakeHttpResponse {
  return json(404, { error: 'UNKNOWN_STORE' });
}

export class PosFake {
  private readonly servers = new Map<string, PosServer>();
  private readonly quirks: PosQuirkLog;

  /**
   * Throws FakeConfigError naming the store and field if a configuration is invalid. A store with
   * in-store shoppers books its first arrival here, on `env`.
   */
  constructor(env: FakeEnv, stores: readonly PosStoreConfig[]) {
    stores.forEach((config, index) => checkStoreConfig(`stores[${index}]`, config));
    checkUnique('stores[].storeId', stores.map((config) => config.storeId));
    this.quirks = new PosQuirkLog(env.trace);
    for (const config of stores) this.servers.set(config.storeId, new PosServer(env, config, this.quirks));
  }

  /**
   * One request to store `storeId`'s server, as the protocol defines it: the API key and the
   * routes, none of the per-request faults (the contract tests' path). Bodies are fresh copies.
   */
  handle(storeId: string, request: FakeHttpRequest): FakeHttpResponse {
    const server = this.servers.get(storeId);
    return server === undefined ? unknownStore() : server.handle(request);
  }

  /**
   * One request as the real store would treat it now: an outage, then the seeded faults, then
   * the protocol, then the register's queue and service time. A transport carries out the outcome.
   */
  exchange(storeId: string, request: FakeHttpRequest): FakeExchange {
    const server = this.servers.get(storeId);
    return server === undefined ? { kind: 'answered', response: unknownStore(), serviceMs: 0 } : server.exchange(request);
  }

  /** Times each quirk fired, across stores, every quirk named (`pos.ghost_success`: 0 included); a copy. */
  quirkCounts(): QuirkCounts {
    return this.quirks.snapshot();
  }

  /** A customer at the till collects every READY hold whose reference starts with the prefix. */
  tillPickup(storeId: string, externalRefPrefix: string): number {
    return this.server('tillPickup', storeId).store.tillPickup(externalRefPrefix);
  }

  /** Every hold with that reference at every store (stores in configuration order, oldest first); copies. */
  holdsWithReference(externalRef: string): { storeId: string; hold: PosHold }[] {
    const found: { storeId: string; hold: PosHold }[] = [];
    for (const { store } of this.servers.values()) for (const hold of store.holdsWithRef(externalRef)) found.push({ storeId: store.storeId, hold });
    return found;
  }

  /** The store that issued this hold id and the hold, if any store did (ids are per store). */
  issuerOf(holdId: string): { storeId: string; hold: PosHold } | undefined {
    for (const { store } of this.servers.values()) {
      const hold = store.holdById(holdId);
      if (hold !== undefined) return { storeId: store.storeId, hold };
    }
    return undefined;
  }

  /** Whether the network's copy of a create request (`network.duplicate`) made this hold, not a request the caller sent. */
  madeByNetworkCopy(storeId: string, holdId: string): boolean {
    return this.server('madeByNetworkCopy', storeId).store.madeByNetworkCopy(holdId);
  }

  /** Stores that refused a hold under this reference for lack of stock (configuration order). */
  storesRefusing(externalRef: string): string[] {
    return [...this.servers.values()].filter(({ store }) => store.refusedStock(externalRef)).map(({ store }) => store.storeId);
  }

  /** One SKU's shelf position at one store, without copying the whole store as truth() does. */
  position(storeId: string, sku: string): PosInventoryItem {
    return this.server('position', storeId).store.position(sku);
  }

  /** Ground truth for the invariant checkers, stores in configuration order; copies throughout. */
  truth(): readonly PosStoreTruth[] {
    return [...this.servers.values()].map(({ store }) => store.truth());
  }

  private server(method: string, storeId: string): PosServer {
    const server = this.servers.get(storeId);
    // The harness names stores from the same configuration: an unknown one is a harness bug.
    if (server === undefined) throw new Error(`PosFake.${method}: unknown store ${JSON.stringify(storeId)}`);
    return server;
  }
}
