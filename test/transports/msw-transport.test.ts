/**
 * What only the msw transport has: real fetch objects at the edge. A body that is not JSON or a
 * method no fake speaks is answered before the fake sees it; a request no handler matches is an
 * error, never a pass to the real network; a fake that throws stops the run loudly.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { json } from '../../legacy-fakes/http.ts';
import { SimKernel } from '../../sim/kernel/kernel.ts';
import { answerEveryRequest } from '../../sim/transports/endpoint.ts';
import { EXCHANGE_HEADER } from '../../sim/transports/fetch-exchange.ts';
import { MswTransport, MswTransportError } from '../../sim/transports/msw-transport.node.ts';
import { SILENT_OBSERVER } from '../../sim/transports/transport-observer.ts';
import { posWorld, type PosWorld } from './pos-world.ts';

const S1 = 'http://pos-s1.stores.local';
let open: { close(): void }[] = [];

afterEach(() => {
  for (const closable of open) closable.close();
  open = [];
});

function world(): PosWorld {
  // Plain protocol, no quirks: what reaches the fake is answered as the protocol says.
  const built = posWorld('msw', 1, (pos, storeId) => answerEveryRequest((request) => pos.handle(storeId, request)));
  open.push(built);
  return built;
}

describe('MswTransport at the HTTP edge', () => {
  it('answers a body that is not JSON with 400 MALFORMED_JSON, without calling the fake', async () => {
    const { pos, history } = world();
    const before = pos.truth();
    const response = await fetch(`${S1}/holds`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"externalRef": "R-1", ' });
    expect(response.status).toBe(400);
    expect(response.headers.get(EXCHANGE_HEADER)).toBe('answered');
    expect(await response.json()).toMatchObject({ error: 'MALFORMED_JSON' });
    expect(pos.truth()).toEqual(before);
    expect(history).toEqual([]);
  });

  it('answers a method no fake speaks with the protocol 404 NO_ROUTE', async () => {
    world();
    const response = await fetch(`${S1}/holds`, { method: 'PATCH', body: '{}' });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: 'NO_ROUTE' });
  });

  it('lets nothing through to the real network: a host without a route fails the fetch', async () => {
    world();
    await expect(fetch('http://pos-s9.stores.local/inventory')).rejects.toThrow();
  });

  it('refuses to send before listen(), rather than reach the real network', async () => {
    const kernel = new SimKernel({ seed: 1, startEpochMs: 0 });
    const transport = new MswTransport(kernel, { latencyMs: { min: 1, max: 1 } }, SILENT_OBSERVER);
    transport.route(S1, () => ({ kind: 'hung' }));
    await expect(transport.send({ method: 'GET', baseUrl: S1, path: '/inventory', headers: {}, timeoutMs: 10 })).rejects.toThrow(MswTransportError);
  });

  it('stops the run with the fake\'s own error when a fake throws inside a handler', async () => {
    const kernel = new SimKernel({ seed: 1, startEpochMs: 0 });
    const transport = new MswTransport(kernel, { latencyMs: { min: 1, max: 1 } }, SILENT_OBSERVER);
    transport.route(S1, () => {
      throw new RangeError('the fake broke');
    });
    transport.listen();
    open.push(transport);
    kernel.schedule('send', 0, () => void transport.send({ method: 'GET', baseUrl: S1, path: '/inventory', headers: {}, timeoutMs: 1_000 }));
    const run = kernel.run({ untilMs: 10_000, maxEvents: 100 });
    await expect(run).rejects.toThrow(MswTransportError);
    await expect(run).rejects.toThrow(/GET http:\/\/pos-s1\.stores\.local\/inventory: RangeError: the fake broke/);
  });

  it('carries status, headers and JSON body through real Response objects, marker headers stripped', async () => {
    const kernel = new SimKernel({ seed: 1, startEpochMs: 0 });
    const transport = new MswTransport(kernel, { latencyMs: { min: 2, max: 2 } }, SILENT_OBSERVER);
    transport.route(S1, answerEveryRequest((request) => json(418, { echo: request.body, path: request.path }, { 'Retry-After': '7' })));
    transport.listen();
    open.push(transport);
    let outcome: unknown;
    kernel.schedule('send', 0, () => {
      void transport.send({ method: 'POST', baseUrl: S1, path: '/holds?x=1', headers: {}, body: { n: [1, 'two', null] }, timeoutMs: 1_000 }).then((result) => {
        outcome = { result, atMs: kernel.elapsedMs };
      });
    });
    await kernel.run({ untilMs: 10_000, maxEvents: 100 });
    expect(outcome).toEqual({
      atMs: 4,
      result: { kind: 'response', status: 418, headers: { 'content-type': 'application/json', 'retry-after': '7' }, body: { echo: { n: [1, 'two', null] }, path: '/holds?x=1' } },
    });
  });
});
