/**
 * The POS provider as the contract verification sees it: the real POS fake behind the live HTTP
 * server, the same code `converge serve pos` runs. Each provider state builds a fresh fake from
 * a store configuration; error shapes come from the fake's own quirks turned on for certain.
 */
import './pact-env.ts';
import type { VerifierOptions } from '@pact-foundation/pact';
import { PosFake, type PosQuirks, type PosStoreConfig } from '../../../legacy-fakes/pos/pos-fake.ts';
import { expectSetUpStatus, LiveFake } from './live-fake.ts';
import { EXTERNAL_REF, POS_STATES, STORE_ID, STORE_TIME_ZONE } from './pos-contract.ts';

function storeConfig(stock: number, quirks: PosQuirks = {}): PosStoreConfig {
  return { storeId: STORE_ID, timeZone: STORE_TIME_ZONE, openLocal: '08:00', closeLocal: '22:00', stock: { 'SKU-A': stock }, staffPickDelayMinutes: { min: 5, max: 30 }, quirks };
}

const NEW_HOLD = { externalRef: EXTERNAL_REF, sku: 'SKU-A', quantity: 2, purpose: 'SHIP' };

export function startPosProvider(): Promise<LiveFake<PosFake>> {
  return LiveFake.start<PosFake>(STORE_ID, (fake, request) => fake.exchange(STORE_ID, request));
}

/** One handler per provider state the POS pact names. */
export function posStateHandlers(live: LiveFake<PosFake>): NonNullable<VerifierOptions['stateHandlers']> {
  const store = (config: PosStoreConfig): PosFake => live.rebuild((env) => new PosFake(env, [config]));
  /** A store with hold H-S1-1 applied through the protocol (its answer thrown away, as in a ghost success). */
  const withHold = (): PosFake => {
    const fake = store(storeConfig(5));
    expectSetUpStatus('POST /holds', fake.handle(STORE_ID, { method: 'POST', path: '/holds', headers: {}, body: NEW_HOLD }).status, 201);
    return fake;
  };
  const handlers: Record<(typeof POS_STATES)[keyof typeof POS_STATES], () => void> = {
    [POS_STATES.stock]: () => store(storeConfig(5)),
    [POS_STATES.lowStock]: () => store(storeConfig(1)),
    [POS_STATES.replyLost]: () => withHold(),
    [POS_STATES.holdExists]: () => withHold(),
    [POS_STATES.holdReleased]: () => {
      expectSetUpStatus('DELETE /holds/H-S1-1', withHold().handle(STORE_ID, { method: 'DELETE', path: '/holds/H-S1-1', headers: {} }).status, 200);
    },
    [POS_STATES.sheddingLoad]: () => store(storeConfig(5, { unavailable: { ratio: [1, 1], retryAfterSeconds: 30 } })),
    [POS_STATES.failsInside]: () => store(storeConfig(5, { errorInBody: [1, 1] })),
    [POS_STATES.apiKey]: () => store(storeConfig(5, { apiKey: 's1-key-2026' })),
  };
  return Object.fromEntries(Object.entries(handlers).map(([state, setUp]) => [state, () => Promise.resolve(setUp()).then(() => undefined)]));
}
