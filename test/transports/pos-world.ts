/**
 * A small seeded world for transport tests: a kernel, a POS fake on it (quirks on), and one
 * transport routing each store's base URL to `PosFake.exchange`. Two of these built with the same
 * seed differ only in their transport.
 */
import type { FakeEnv } from '../../legacy-fakes/env.ts';
import { PosFake, type PosStoreConfig } from '../../legacy-fakes/pos/pos-fake.ts';
import type { HttpPort } from '../../orchestrator/ports.ts';
import { SimKernel } from '../../sim/kernel/kernel.ts';
import { DirectTransport } from '../../sim/transports/direct-transport.ts';
import type { Endpoint } from '../../sim/transports/endpoint.ts';
import type { LinkOptions } from '../../sim/transports/link-options.ts';
import { MswTransport } from '../../sim/transports/msw-transport.node.ts';
import { posBaseUrl } from '../../sim/world/topology.ts';
import { recordingObserver } from './recording-observer.ts';

export const START_MS = Date.UTC(2026, 10, 27, 15); // 10:00 in New York, 09:00 in Chicago
export const API_KEY = 'key-s2';

export const STORES: readonly PosStoreConfig[] = [
  {
    storeId: 'S1',
    timeZone: 'America/New_York',
    openLocal: '09:00',
    closeLocal: '21:00',
    stock: { 'SKU-1': 12, 'SKU-2': 3, 'SKU-3': 0 },
    staffPickDelayMinutes: { min: 1, max: 5 },
    quirks: {
      serviceMs: { min: 0, max: 40 },
      ghostSuccess: [1, 9],
      lostRequest: [1, 20],
      errorInBody: [1, 15],
      unavailable: { ratio: [1, 12], retryAfterSeconds: 2 },
      offline: [
        { fromMs: START_MS + 3_000, toMs: START_MS + 3_600, mode: 'hang' },
        { fromMs: START_MS + 6_000, toMs: START_MS + 6_500, mode: 'refuse' },
      ],
    },
  },
  {
    storeId: 'S2',
    timeZone: 'America/Chicago',
    openLocal: '08:00',
    closeLocal: '20:00',
    stock: { 'SKU-1': 5, 'SKU-2': 8 },
    staffPickDelayMinutes: { min: 1, max: 3 },
    quirks: { apiKey: API_KEY },
  },
];

export const LINK: LinkOptions = {
  latencyMs: { min: 5, max: 60 },
  faults: { loss: [1, 25], duplicate: [1, 8], replyLoss: [1, 25] },
};

export type TransportKind = 'direct' | 'msw';

export interface PosWorld {
  kernel: SimKernel;
  pos: PosFake;
  transport: HttpPort & { faultCounts(): Readonly<Record<string, number>> };
  /** The fake's trace and the transport's observer, `<virtual ms> <what>`, in order. */
  history: string[];
  /** Stops msw intercepting (a no-op for direct). */
  close(): void;
}

function fakeEnv(kernel: SimKernel, history: string[]): FakeEnv {
  return {
    nowMs: () => kernel.clock.nowMs(),
    schedule: (label, delayMs, action) => void kernel.schedule(label, delayMs, action),
    random: (name) => kernel.random.stream(`pos.${name}`),
    trace: { record: (kind, reference, detail) => void history.push(`${kernel.elapsedMs} ${kind} ${reference} ${detail}`) },
  };
}

export function posWorld(kind: TransportKind, seed: number, endpointOf?: (pos: PosFake, storeId: string) => Endpoint): PosWorld {
  const kernel = new SimKernel({ seed, startEpochMs: START_MS });
  const history: string[] = [];
  const pos = new PosFake(fakeEnv(kernel, history), STORES);
  const observer = recordingObserver(history, () => kernel.elapsedMs);
  const route = endpointOf ?? ((fake, storeId) => (request) => fake.exchange(storeId, request));
  if (kind === 'direct') {
    const transport = new DirectTransport(kernel, LINK, observer);
    for (const store of STORES) transport.route(posBaseUrl(store.storeId), route(pos, store.storeId));
    return { kernel, pos, transport, history, close: () => undefined };
  }
  const transport = new MswTransport(kernel, LINK, observer);
  for (const store of STORES) transport.route(posBaseUrl(store.storeId), route(pos, store.storeId));
  transport.listen();
  return { kernel, pos, transport, history, close: () => transport.close() };
}
