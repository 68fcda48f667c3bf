/**
 * `converge orchestrate` as a real process against the live fakes in this process: it takes
 * commands over HTTP, publishes to its event log, and a SIGKILL loses nothing it answered: the
 * restarted process, on the same SQLite file, answers the channel's re-send from the first
 * outcome. No timing is asserted; the waits are hang detectors.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlaceOrderCommand } from '../../orchestrator/plugin.ts';
import { startLivePayment, type LivePayment } from '../../sim/live/live-payment.live.ts';
import { startLivePos, type LivePos } from '../../sim/live/live-pos.live.ts';
import { startLiveWms, wmsDcsOf, type LiveWms } from '../../sim/live/live-wms.live.ts';
import { wallNowMs } from '../../sim/live/live-clock.live.ts';
import { RealTimeEnv } from '../../sim/live/real-time-env.live.ts';
import { OrchestratorProcess } from '../../sim/live/soak/orchestrator-process.live.ts';
import { skuName } from '../../sim/workload/orders.ts';
import { loadScenario } from '../../sim/world/scenario-loader.node.ts';
import { converge } from '../cli/converge-cli.ts';

const SCENARIO_PATH = resolve('scenarios/live/kill-soak.json');
const { scenario } = loadScenario(SCENARIO_PATH);
const START_MS = Date.parse(scenario.startInstant);
const SPEED = 60;

const command: PlaceOrderCommand = {
  idempotencyKey: 'checkout-0001',
  channel: 'web',
  channelOrderId: '0000001',
  customerTier: 'STANDARD',
  delivery: { method: 'SHIP' },
  lines: [{ sku: skuName(0), quantity: 1, unitPriceCents: 1_000 }],
};

async function post(url: string, body: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function until(what: string, condition: () => boolean): Promise<void> {
  // A hang detector, not a timing assertion: a loaded machine only takes longer.
  for (let waited = 0; !condition(); waited += 50) {
    if (waited > 300_000) throw new Error(`still waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 50));
  }
}

describe('converge orchestrate: the reference orchestrator as a process, on SQLite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'orchestrate-'));
  const eventsPath = join(dir, 'events.jsonl');
  const originWallMs = wallNowMs();
  const env = new RealTimeEnv({ seed: 1, startEpochMs: START_MS, speed: SPEED, originWallMs, onTrace: () => undefined, onError: () => undefined });
  let pos: LivePos;
  let payment: LivePayment;
  let wms: LiveWms;
  let child: OrchestratorProcess;
  const exits: string[] = [];

  beforeAll(async () => {
    pos = await startLivePos({ scenario, seed: 1, speed: SPEED, startEpochMs: START_MS, port: 0, log: () => undefined, env });
    payment = await startLivePayment({ scenario, env, startEpochMs: START_MS, speed: SPEED, port: 0, log: () => undefined });
    wms = startLiveWms({ dcs: wmsDcsOf(scenario), seed: 1, speed: SPEED, startEpochMs: START_MS, dir: join(dir, 'wms'), log: () => undefined, env });
    const iso = (ms: number): string => new Date(ms).toISOString();
    child = new OrchestratorProcess({
      argv: [process.execPath, 'bin/converge.js', 'orchestrate', '--db', join(dir, 'o.sqlite'), '--events', eventsPath, '--wms', join(dir, 'wms'), '--pos', pos.server.url, '--payment', payment.server.url, '--scenario', SCENARIO_PATH, '--speed', String(SPEED), '--start', iso(START_MS), '--origin', iso(originWallMs)],
      cwd: process.cwd(),
      onUnexpectedExit: (description) => exits.push(description),
    });
  });

  afterAll(async () => {
    await child.stop('SIGKILL');
    env.stop();
    wms.stop();
    await pos.stop();
    await payment.server.close();
  });

  it('takes commands over HTTP, publishes them, and after SIGKILL answers a re-send from the first outcome', async () => {
    const url = await child.start();
    const health = await fetch(`${url}/health`);
    expect(await health.json()).toEqual({ status: 'ok', orchestrator: expect.stringMatching(/^reference@/) as unknown });
    expect((await post(`${url}/commands/place-order`, '{"idempotencyKey":')).body.error).toBe('MALFORMED_JSON');
    expect((await post(`${url}/commands/launch-rockets`, '{}')).status).toBe(404);

    const first = await post(`${url}/commands/place-order`, JSON.stringify(command));
    expect(first).toEqual({ status: 200, body: { kind: 'accepted', orderId: expect.any(String) as unknown } });
    const orderId = first.body.orderId as string;
    const created = (): boolean => readFileSync(eventsPath, 'utf8').split('\n').some((line) => line.includes('"order.created"') && line.includes(orderId));
    await until('order.created in the event log', () => {
      try {
        return created();
      } catch {
        return false;
      }
    });

    await child.kill();
    expect(child.url).toBeUndefined();
    const restarted = await child.start();
    const again = await post(`${restarted}/commands/place-order`, JSON.stringify(command));
    expect(again).toEqual({ status: 200, body: { kind: 'replayed', orderId } });
    const view = await fetch(`${restarted}/orders/${encodeURIComponent(orderId)}`);
    expect(view.status).toBe(200);
    expect(((await view.json()) as { orderId: string }).orderId).toBe(orderId);
    expect(exits).toEqual([]);
  });

  it('refuses flags that cannot work, with exit 2 and one line naming the flag', async () => {
    const badUrl = await converge('orchestrate', '--db', join(dir, 'x.sqlite'), '--pos', 'pos.local', '--payment', 'http://127.0.0.1:1', '--wms', dir);
    expect(badUrl.code).toBe(2);
    expect(badUrl.stderr).toContain('--pos expects an http:// URL');
    const noFolder = await converge('orchestrate', '--db', join(dir, 'x.sqlite'), '--pos', 'http://127.0.0.1:1', '--payment', 'http://127.0.0.1:1', '--wms', join(dir, 'missing'));
    expect(noFolder.code).toBe(2);
    expect(noFolder.stderr).toContain('--wms');
    expect(noFolder.stderr).toContain('expected an existing folder');
  });
});
