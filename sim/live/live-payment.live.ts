/**
 * A scenario's payment gateway as a live server: the same HTTP edge as the POS (timeouts, body
 * limits, lost replies carried out for real), with one endpoint that answers every path. What
 * `converge serve payment` runs, and what the live soak starts in-process.
 */
import { PaymentFake } from '../../legacy-fakes/payment/payment-fake.ts';
import type { Scenario } from '../world/scenario-schema.ts';
import { buildTopology } from '../world/topology.ts';
import { startPosServer, type PosServer } from './pos-server.live.ts';
import type { RealTimeEnv } from './real-time-env.live.ts';
import type { StoreAddress } from './store-address.ts';

const GATEWAY = 'gateway';

/** Every request goes to the gateway, path unchanged. */
function gatewayAddress(target: string): StoreAddress {
  return target.startsWith('/') ? { ok: true, storeId: GATEWAY, path: target } : { ok: false, reason: 'bad-target', named: '' };
}

export interface LivePayment {
  server: PosServer;
  payment: PaymentFake;
}

export async function startLivePayment(options: { scenario: Scenario; env: RealTimeEnv; startEpochMs: number; speed: number; port: number; log: (line: string) => void }): Promise<LivePayment> {
  const topology = buildTopology({ ...options.scenario, startInstant: new Date(options.startEpochMs).toISOString() }, options.scenario.workload.orders);
  const { env } = options;
  const payment = new PaymentFake(env.fake('payment'), topology.payment);
  const server = await startPosServer({ stores: new Map([[GATEWAY, (request) => env.atOneInstant(() => payment.exchange(request))]]), speed: options.speed, port: options.port, log: options.log, address: gatewayAddress });
  return { server, payment };
}
