import { afterAll, describe, expect, it } from 'vitest';
import { startLivePayment } from '../../sim/live/live-payment.live.ts';
import { RealTimeEnv } from '../../sim/live/real-time-env.live.ts';
import { loadScenario } from '../../sim/world/scenario-loader.node.ts';

const { scenario } = loadScenario('baseline');
const START_MS = Date.parse(scenario.startInstant);

describe('the payment gateway served live (`converge serve payment`)', () => {
  const env = new RealTimeEnv({ seed: 1, startEpochMs: START_MS, speed: 1, onTrace: () => undefined, onError: () => undefined });
  const started = startLivePayment({ scenario, env, startEpochMs: START_MS, speed: 1, port: 0, log: () => undefined });

  afterAll(async () => {
    env.stop();
    await (await started).server.close();
  });

  it('answers every path as the gateway, with no store prefix: its own routes and its own 404', async () => {
    const { server } = await started;
    const unknown = await fetch(`${server.url}/stores/S1/holds`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: 'NO_ROUTE', path: '/stores/S1/holds' });
    const refused = await fetch(`${server.url}/authorizations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ error: 'BAD_REQUEST' });
  });
});
