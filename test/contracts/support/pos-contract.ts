/**
 * The POS contract, once: each case is one interaction (provider state, request, response) and
 * what the real POS adapter must make of it. The consumer test declares every case to Pact; the
 * broken-adapter test replays one of them with a deliberately broken adapter.
 *
 * Responses name only what the adapter reads (consumer-driven: the store may send more). Times
 * and ids the store makes up are matched by shape; what the store must echo is matched exactly.
 * No latency, no timeouts: timing belongs to the fault layer (docs/fakes/pos.md), not to a pact.
 */
import './pact-env.ts';
import { expect } from 'vitest';
import { MatchersV3 } from '@pact-foundation/pact';
import { PosAdapter } from '../../../orchestrator/adapters/pos/pos-adapter.ts';
import type { HttpPort } from '../../../orchestrator/ports.ts';
import type { HttpContractCase } from './http-contract.ts';
import { CONTRACT_TIMEOUT_MS, NO_RANDOM, NO_TIMERS } from './http-port.ts';

const { eachLike, integer, regex, string } = MatchersV3;

export const POS_CONSUMER = 'orchestrator-pos-adapter';
export const POS_PROVIDER = 'pos-fake';

export const STORE_ID = 'S1';
export const STORE_TIME_ZONE = 'America/New_York';
export const LOCAL_ISO = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}$';

/** Provider states: what the POS fake is set up to be before the interaction. */
export const POS_STATES = {
  stock: 'store S1 holds 5 of SKU-A',
  lowStock: 'store S1 holds 1 of SKU-A',
  replyLost: 'hold FO-o1-1:1 was applied at store S1 but its reply was lost',
  holdExists: 'store S1 holds 5 of SKU-A and hold H-S1-1 takes 2 of them',
  holdReleased: 'hold H-S1-1 at store S1 was released',
  sheddingLoad: 'store S1 is shedding load with Retry-After 30',
  failsInside: 'store S1 answers 200 with an error in the body',
  apiKey: 'store S1 requires the API key s1-key-2026',
} as const;

export const EXTERNAL_REF = 'FO-o1-1:1';
const NEW_HOLD = { externalRef: EXTERNAL_REF, sku: 'SKU-A', quantity: 2, purpose: 'SHIP' as const };
const EXAMPLE_LOCAL = '2026-11-27T09:05:00';
/** EXAMPLE_LOCAL in New York (EST, UTC-5), as the adapter must convert it. */
const EXAMPLE_UTC_MS = Date.parse('2026-11-27T14:05:00Z');

/** A hold as the adapter reads it: what it needs, nothing it ignores. */
function hold(status: string, seq: number): Record<string, unknown> {
  return {
    holdId: regex('^H-S1-\\d+$', 'H-S1-1'),
    externalRef: NEW_HOLD.externalRef,
    sku: NEW_HOLD.sku,
    quantity: NEW_HOLD.quantity,
    purpose: NEW_HOLD.purpose,
    status,
    seq: integer(seq),
    updatedLocal: regex(LOCAL_ISO, EXAMPLE_LOCAL),
  };
}

/** A POS case; `apiKey` is the key the adapter is configured with, if any. */
export interface PosContractCase extends HttpContractCase<PosAdapter> {
  apiKey?: string;
}

export function posAdapter(http: HttpPort, baseUrl: string, apiKey?: string): PosAdapter {
  return new PosAdapter(
    http,
    NO_TIMERS,
    NO_RANDOM,
    { nodeId: STORE_ID, kind: 'STORE', timeZone: STORE_TIME_ZONE, methods: ['SHIP_FROM_STORE'], safetyStock: 0, posBaseUrl: baseUrl, ...(apiKey === undefined ? {} : { posApiKey: apiKey }) },
    {
      posTimeoutMs: CONTRACT_TIMEOUT_MS,
      posMaxAttempts: 1,
      storePollIntervalMs: 60_000,
      wmsPollIntervalMs: 60_000,
      releaseIntervalMs: 60_000,
      backorderRetryIntervalMs: 60_000,
      backorderTimeoutMs: 3_600_000,
      maxReroutes: 3,
    },
  );
}

const STOCK_ITEMS = { items: eachLike({ sku: string('SKU-A'), onHand: integer(5), held: integer(0), available: integer(5) }) };

export const POS_CASES: readonly PosContractCase[] = [
  {
    state: POS_STATES.stock,
    description: 'a request to hold 2 of SKU-A for FO-o1-1:1',
    request: { method: 'POST', path: '/holds', body: NEW_HOLD },
    response: { status: 201, body: hold('HELD', 1) },
    run: async (adapter) => {
      const outcome = await adapter.createHold(NEW_HOLD, 'FO-o1-1:1:hold');
      expect(outcome).toEqual({
        kind: 'ok',
        value: { holdId: 'H-S1-1', externalRef: EXTERNAL_REF, sku: 'SKU-A', quantity: 2, purpose: 'SHIP', status: 'HELD', seq: 1, updatedAtMs: EXAMPLE_UTC_MS },
      });
    },
  },
  {
    state: POS_STATES.lowStock,
    description: 'a request to hold more of SKU-A than is available',
    request: { method: 'POST', path: '/holds', body: NEW_HOLD },
    response: { status: 409, body: { error: 'INSUFFICIENT_STOCK', available: integer(1) } },
    run: async (adapter) => {
      expect(await adapter.createHold(NEW_HOLD, 'FO-o1-1:1:hold')).toMatchObject({ kind: 'rejected', code: 'INSUFFICIENT_STOCK', status: 409 });
    },
  },
  {
    state: POS_STATES.stock,
    description: 'a request for the store inventory',
    request: { method: 'GET', path: '/inventory' },
    response: { status: 200, body: STOCK_ITEMS },
    run: async (adapter) => {
      expect(await adapter.inventory('S1:inventory')).toEqual({ kind: 'ok', value: [{ sku: 'SKU-A', onHand: 5, held: 0, available: 5 }] });
    },
  },
  {
    state: POS_STATES.replyLost,
    description: 'a look-up by reference of a hold whose reply was lost',
    request: { method: 'GET', path: '/holds', query: { externalRef: EXTERNAL_REF } },
    response: { status: 200, body: { holds: eachLike(hold('HELD', 1)) } },
    run: async (adapter) => {
      expect(await adapter.lookUpHolds(EXTERNAL_REF)).toMatchObject({ kind: 'ok', value: [{ holdId: 'H-S1-1', externalRef: EXTERNAL_REF, status: 'HELD' }] });
    },
  },
  {
    state: POS_STATES.holdExists,
    description: 'a request to pick hold H-S1-1',
    request: { method: 'POST', path: '/holds/H-S1-1/pick' },
    response: { status: 200, body: hold('PICK_REQUESTED', 2) },
    run: async (adapter) => {
      expect(await adapter.requestPick('H-S1-1', 'FO-o1-1:1:pick')).toMatchObject({ kind: 'ok', value: { holdId: 'H-S1-1', status: 'PICK_REQUESTED', seq: 2 } });
    },
  },
  {
    state: POS_STATES.holdReleased,
    description: 'a request to pick a released hold',
    request: { method: 'POST', path: '/holds/H-S1-1/pick' },
    response: { status: 409, body: { error: 'HOLD_RELEASED' } },
    run: async (adapter) => {
      expect(await adapter.requestPick('H-S1-1', 'FO-o1-1:1:pick')).toMatchObject({ kind: 'rejected', code: 'HOLD_RELEASED', status: 409 });
    },
  },
  {
    state: POS_STATES.holdExists,
    description: 'a request to release hold H-S1-1',
    request: { method: 'DELETE', path: '/holds/H-S1-1' },
    response: { status: 200, body: hold('RELEASED', 2) },
    run: async (adapter) => {
      expect(await adapter.releaseHold('H-S1-1', 'FO-o1-1:1:release')).toMatchObject({ kind: 'ok', value: { holdId: 'H-S1-1', status: 'RELEASED' } });
    },
  },
  {
    state: POS_STATES.holdExists,
    description: 'a request for the hold journal from the start',
    request: { method: 'GET', path: '/holds', query: { changedSince: '0' } },
    response: { status: 200, body: { holds: eachLike(hold('HELD', 1)), cursor: integer(1) } },
    run: async (adapter) => {
      expect(await adapter.changesSince(0, 'S1:changes:0')).toMatchObject({ kind: 'ok', value: { holds: [{ holdId: 'H-S1-1', seq: 1 }], unreadable: [], cursor: 1 } });
    },
  },
  {
    state: POS_STATES.sheddingLoad,
    description: 'a request while the store sheds load',
    request: { method: 'GET', path: '/inventory' },
    response: { status: 503, headers: { 'retry-after': regex('^\\d+$', '30') } },
    run: async (adapter) => {
      expect(await adapter.inventory('S1:inventory')).toMatchObject({ kind: 'unavailable', retryAfterMs: 30_000 });
    },
  },
  {
    state: POS_STATES.failsInside,
    description: 'a request the register fails inside',
    request: { method: 'POST', path: '/holds', body: NEW_HOLD },
    response: { status: 200, body: { error: string('POS_INTERNAL') } },
    run: async (adapter) => {
      // Not applied, so not a business refusal: a transient failure, retried after a look-up.
      expect(await adapter.createHold(NEW_HOLD, 'FO-o1-1:1:hold')).toMatchObject({ kind: 'unavailable', retryAfterMs: null });
    },
  },
  {
    state: POS_STATES.apiKey,
    description: 'a request with the store API key',
    apiKey: 's1-key-2026',
    request: { method: 'GET', path: '/inventory', headers: { 'x-api-key': 's1-key-2026' } },
    response: { status: 200, body: STOCK_ITEMS },
    run: async (adapter) => {
      expect(await adapter.inventory('S1:inventory')).toMatchObject({ kind: 'ok' });
    },
  },
  {
    state: POS_STATES.apiKey,
    description: 'a request with a stale API key',
    apiKey: 'stale-key',
    request: { method: 'GET', path: '/inventory', headers: { 'x-api-key': 'stale-key' } },
    response: { status: 401, body: { error: 'UNAUTHORIZED' } },
    run: async (adapter) => {
      expect(await adapter.inventory('S1:inventory')).toMatchObject({ kind: 'rejected', code: 'UNAUTHORIZED', status: 401 });
    },
  },
];
