/**
 * The POS provider as the contract verification sees it: the real POS fake behind the live HTTP
 * server (sim/live/pos-server.live.ts), the same code `converge serve pos` runs. Each provider
 * state builds a fresh fake from a store configuration, so no state leaks into the next
 * interaction; error shapes come from the fake's own quirks turned on for certain ([1, 1]).
 */
import { PosFake, type PosQuirks, type PosStoreConfig } from '../../../legacy-fakes/pos/pos-fake.ts';
import { RealTimeEnv } from '../../../sim/live/real-time-env.live.ts';
import { startPosServer, type PosServer } from '../../../sim/live/pos-server.live.ts';
import type { VerifierOptions } from '@pact-foundation/pact';
import { EXTERNAL_REF, POS_STATES, STORE_ID, STORE_TIME_ZONE } from './pos-contract.ts';

/** 2026-11-27 09:00 in New York: the store is open. */
const START_EPOCH_MS = Date.parse('2026-11-27T14:00:00Z');

function storeConfig(stock: number, quirks: PosQuirks = {}): PosStoreConfig {
  return {
    storeId: STORE_ID,
    timeZone: STORE_TIME_ZONE,
    openLocal: '08:00',
    closeLocal: '22:00',
    stock: { 'SKU-A': stock },
    staffPickDelayMinutes: { min: 5, max: 30 },
    quirks,
  };
}

const NEW_HOLD = { externalRef: EXTERNAL_REF, sku: 'SKU-A', quantity: 2, purpose: 'SHIP' };

export class PosProviderWorld {
  private env: RealTimeEnv | undefined;
  private fake: PosFake | undefined;

  private server: PosServer | undefined;

  private constructor() {}

  static async start(): Promise<PosProviderWorld> {
    const world = new PosProviderWorld();
    world.server = await startPosServer({ stores: new Map([[STORE_ID, (request) => world.current().exchange(STORE_ID, request)]]), speed: 1, port: 0 });
    return world;
  }

  /** The provider base URL: the live server names its store in the path. */
  get baseUrl(): string {
    if (this.server === undefined) throw new Error('the POS provider server is not started');
    return `${this.server.url}/stores/${STORE_ID}`;
  }

  async stop(): Promise<void> {
    this.env?.stop();
    await this.server?.close();
  }

  /** One handler per provider state the POS pact names. */
  stateHandlers(): NonNullable<VerifierOptions['stateHandlers']> {
    const handlers: Record<(typeof POS_STATES)[keyof typeof POS_STATES], () => Promise<undefined>> = {
      [POS_STATES.stock]: () => this.reset(storeConfig(5)),
      [POS_STATES.lowStock]: () => this.reset(storeConfig(1)),
      [POS_STATES.replyLost]: async () => {
        // Applied through the protocol, its answer thrown away: what the caller is left with after a ghost success.
        const fake = this.build(storeConfig(5));
        this.expectStatus(fake.handle(STORE_ID, { method: 'POST', path: '/holds', headers: {}, body: NEW_HOLD }).status, 201);
        return undefined;
      },
      [POS_STATES.holdExists]: async () => {
        const fake = this.build(storeConfig(5));
        this.expectStatus(fake.handle(STORE_ID, { method: 'POST', path: '/holds', headers: {}, body: NEW_HOLD }).status, 201);
        return undefined;
      },
      [POS_STATES.holdReleased]: async () => {
        const fake = this.build(storeConfig(5));
        this.expectStatus(fake.handle(STORE_ID, { method: 'POST', path: '/holds', headers: {}, body: NEW_HOLD }).status, 201);
        this.expectStatus(fake.handle(STORE_ID, { method: 'DELETE', path: '/holds/H-S1-1', headers: {} }).status, 200);
        return undefined;
      },
      [POS_STATES.sheddingLoad]: () => this.reset(storeConfig(5, { unavailable: { ratio: [1, 1], retryAfterSeconds: 30 } })),
      [POS_STATES.failsInside]: () => this.reset(storeConfig(5, { errorInBody: [1, 1] })),
      [POS_STATES.apiKey]: () => this.reset(storeConfig(5, { apiKey: 's1-key-2026' })),
    };
    return handlers;
  }

  private current(): PosFake {
    // A request before any provider state is a verification bug: say so rather than guess a store.
    if (this.fake === undefined) throw new Error('the POS provider got a request before any provider state was set up');
    return this.fake;
  }

  private async reset(config: PosStoreConfig): Promise<undefined> {
    this.build(config);
    return undefined;
  }

  private build(config: PosStoreConfig): PosFake {
    this.env?.stop();
    this.env = new RealTimeEnv({
      seed: 1,
      startEpochMs: START_EPOCH_MS,
      speed: 1,
      onTrace: () => undefined,
      onError: (label, error) => {
        throw new Error(`POS provider job ${label} failed: ${String(error)}`);
      },
    });
    this.fake = new PosFake(this.env.fake('pos'), [config]);
    return this.fake;
  }

  private expectStatus(actual: number, expected: number): void {
    if (actual !== expected) throw new Error(`setting up a POS provider state: expected HTTP ${expected}, got ${actual}`);
  }
}
