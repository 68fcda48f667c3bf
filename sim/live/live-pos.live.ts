/**
 * A scenario's POS stores as one live server: the fake on a real-time env, each store's
 * `PosFake.exchange` behind the server. What `converge serve pos` runs, and what tests start
 * in-process.
 */
import { PosFake, type PosStoreConfig } from '../../legacy-fakes/pos/pos-fake.ts';
import type { Endpoint } from '../transports/endpoint.ts';
import type { Scenario } from '../world/scenario-schema.ts';
import { buildTopology, posBaseUrl } from '../world/topology.ts';
import { loggingRealTimeEnv, type RealTimeEnv } from './real-time-env.live.ts';
import { startPosServer, type PosServer } from './pos-server.live.ts';

export interface LivePosOptions {
  scenario: Scenario;
  seed: number;
  speed: number;
  /** Simulated instant at start; the scenario's offline windows (hours from its start) count from here. */
  startEpochMs: number;
  /** The wall-clock instant simulated time was `startEpochMs` (default: now): processes given the same one share a clock. */
  originWallMs?: number;
  port: number;
  log: (line: string) => void;
  /** Share this environment (its clock and trace) instead of starting one; its owner stops it. */
  env?: RealTimeEnv;
}

export interface LivePos {
  server: PosServer;
  pos: PosFake;
  env: RealTimeEnv;
  stores: readonly PosStoreConfig[];
  /** How a client names each store: by path prefix, or by the simulation's base URL as Host. */
  storeUrls: readonly { storeId: string; pathUrl: string; host: string }[];
  stop(): Promise<void>;
}

export async function startLivePos(options: LivePosOptions): Promise<LivePos> {
  const live = { ...options.scenario, startInstant: new Date(options.startEpochMs).toISOString() };
  const topology = buildTopology(live, options.scenario.workload.orders);
  const env = options.env ?? loggingRealTimeEnv(options);
  const ownsEnv = options.env === undefined;
  const pos = new PosFake(env.fake('pos'), topology.posStores);
  const endpoints = new Map<string, Endpoint>(topology.posStores.map((store) => [store.storeId, (request) => env.atOneInstant(() => pos.exchange(store.storeId, request))]));
  let server: PosServer;
  try {
    server = await startPosServer({ stores: endpoints, speed: options.speed, port: options.port, log: options.log });
  } catch (error) {
    if (ownsEnv) env.stop();
    throw error;
  }
  return {
    server,
    pos,
    env,
    stores: topology.posStores,
    storeUrls: topology.posStores.map((store) => ({ storeId: store.storeId, pathUrl: `${server.url}/stores/${store.storeId}`, host: new URL(posBaseUrl(store.storeId)).host })),
    stop: async () => {
      if (ownsEnv) env.stop();
      await server.close();
    },
  };
}
