/**
 * The direct transport's network, against a scripted endpoint: every FakeExchange kind carried
 * out on virtual time, each network fault, the caller's timeout, and the promise that a network
 * without faults draws nothing but the two latencies (so histories stay stable).
 */
import { describe, expect, it } from 'vitest';
import type { HttpOutcome, HttpRequest } from '../../orchestrator/ports.ts';
import type { FakeExchange, FakeHttpRequest } from '../../legacy-fakes/http.ts';
import { json } from '../../legacy-fakes/http.ts';
import { SimKernel } from '../../sim/kernel/kernel.ts';
import { RandomStreams } from '../../sim/kernel/random.ts';
import { DirectTransport } from '../../sim/transports/direct-transport.ts';
import { TransportConfigError, type LinkOptions, type NetworkFaults } from '../../sim/transports/link-options.ts';
import { recordingObserver } from './recording-observer.ts';

const SEED = 11;
const BASE_URL = 'http://pos-s1.stores.local';
const LATENCY = { min: 5, max: 60 };
const START_MS = Date.UTC(2026, 10, 27, 15);

interface Harness {
  kernel: SimKernel;
  transport: DirectTransport;
  seen: FakeHttpRequest[];
  events: string[];
  /** Sends at virtual time `atMs`; the outcome and the ms it arrived at land in `outcomes`. */
  sendAt(atMs: number, request: Partial<HttpRequest>): void;
  outcomes: { atMs: number; outcome: HttpOutcome }[];
}

function request(overrides: Partial<HttpRequest> = {}): HttpRequest {
  return { method: 'POST', baseUrl: BASE_URL, path: '/holds', headers: { 'content-type': 'application/json' }, body: { a: 1 }, timeoutMs: 500, ...overrides };
}

function harness(decide: (request: FakeHttpRequest, index: number) => FakeExchange, faults?: NetworkFaults): Harness {
  const kernel = new SimKernel({ seed: SEED, startEpochMs: START_MS });
  const events: string[] = [];
  const options: LinkOptions = { latencyMs: LATENCY, ...(faults === undefined ? {} : { faults }) };
  const transport = new DirectTransport(kernel, options, recordingObserver(events, () => kernel.elapsedMs));
  const seen: FakeHttpRequest[] = [];
  transport.route(BASE_URL, (incoming) => {
    seen.push(incoming);
    return decide(incoming, seen.length - 1);
  });
  const outcomes: Harness['outcomes'] = [];
  return {
    kernel,
    transport,
    seen,
    events,
    outcomes,
    sendAt: (atMs, overrides) => {
      kernel.scheduleAt('test.send', atMs, () => {
        void transport.send(request(overrides)).then((outcome) => outcomes.push({ atMs: kernel.elapsedMs, outcome }));
      });
    },
  };
}

/** The draws a transport without faults must make: out then back, from the base URL's stream. */
function latencies(count: number): number[] {
  const stream = new RandomStreams(SEED).stream(`network.${BASE_URL}`);
  return Array.from({ length: count }, () => stream.between(LATENCY.min, LATENCY.max));
}

const answered = (serviceMs = 0): FakeExchange => ({ kind: 'answered', response: json(201, { ok: true }), serviceMs });

async function run(h: Harness): Promise<void> {
  await h.kernel.run({ untilMs: 60_000, maxEvents: 10_000 });
}

describe('DirectTransport: what the fake decided, carried out', () => {
  it('answered: the reply arrives after out latency + serviceMs + back latency', async () => {
    const h = harness(() => answered(25));
    h.sendAt(0, {});
    await run(h);
    const [outMs, backMs] = latencies(2) as [number, number];
    expect(h.outcomes).toEqual([{ atMs: outMs + 25 + backMs, outcome: { kind: 'response', status: 201, headers: { 'content-type': 'application/json' }, body: { ok: true } } }]);
    expect(h.events).toEqual([`${outMs} delivered POST /holds`, `${outMs + 25 + backMs} response 201`]);
  });

  it('without faults draws only the two latencies per request, so the history does not depend on fault settings', async () => {
    const plain = harness(() => answered());
    const zeroes = harness(() => answered(), { loss: [0, 5], duplicate: [0, 1], replyLoss: [0, 100] });
    for (const h of [plain, zeroes]) {
      for (let i = 0; i < 20; i += 1) h.sendAt(i * 7, { path: `/holds?n=${i}` });
      await run(h);
    }
    expect(zeroes.outcomes).toEqual(plain.outcomes);
    expect(zeroes.events).toEqual(plain.events);
    // Exactly 40 latency draws (the next is the 41st of a fresh stream) and no fault draw at all.
    for (const h of [plain, zeroes]) {
      expect(h.kernel.random.stream(`network.${BASE_URL}`).between(LATENCY.min, LATENCY.max)).toBe(latencies(41)[40]);
      expect(h.kernel.random.stream(`network.${BASE_URL}.faults`).next()).toBe(new RandomStreams(SEED).stream(`network.${BASE_URL}.faults`).next());
    }
  });

  it('reply-lost: applied, the caller times out at its timeoutMs (a ghost success)', async () => {
    const h = harness(() => ({ kind: 'reply-lost', response: json(201, { holdId: 'H-1' }), serviceMs: 3 }));
    h.sendAt(100, { timeoutMs: 400 });
    await run(h);
    expect(h.seen).toHaveLength(1);
    expect(h.outcomes).toEqual([{ atMs: 500, outcome: { kind: 'timeout' } }]);
    expect(h.events.map((event) => event.split(' ').slice(1).join(' '))).toEqual(['delivered POST /holds', 'reply lost (server) 201', 'timed out']);
  });

  it.each(['request-lost', 'hung'] as const)('%s: the caller times out at its timeoutMs', async (kind) => {
    const h = harness(() => ({ kind }));
    h.sendAt(0, { timeoutMs: 250 });
    await run(h);
    expect(h.outcomes).toEqual([{ atMs: 250, outcome: { kind: 'timeout' } }]);
    expect(h.events).toContain(`${latencies(1)[0]} unanswered ${kind}`);
  });

  it('refused: a network error after one (outbound) latency, and no second draw', async () => {
    const h = harness(() => ({ kind: 'refused' }));
    h.sendAt(0, {});
    h.sendAt(1000, {});
    await run(h);
    const [first, second] = latencies(2) as [number, number];
    expect(h.outcomes).toEqual([
      { atMs: first, outcome: { kind: 'network-error', message: `connection refused by ${BASE_URL}` } },
      { atMs: 1000 + second, outcome: { kind: 'network-error', message: `connection refused by ${BASE_URL}` } },
    ]);
  });

  it('a reply after the caller gave up is lost, and the observer is told', async () => {
    const h = harness(() => answered(1000));
    h.sendAt(0, { timeoutMs: 300 });
    await run(h);
    const [outMs, backMs] = latencies(2) as [number, number];
    expect(h.outcomes).toEqual([{ atMs: 300, outcome: { kind: 'timeout' } }]);
    expect(h.events).toEqual([`${outMs} delivered POST /holds`, '300 timed out', `${outMs + 1000 + backMs} reply lost (late) 201`]);
  });

  it('a reply due at the very ms of the timeout is too late', async () => {
    const [outMs, backMs] = latencies(2) as [number, number];
    const h = harness(() => answered(0));
    h.sendAt(0, { timeoutMs: outMs + backMs });
    await run(h);
    expect(h.outcomes).toEqual([{ atMs: outMs + backMs, outcome: { kind: 'timeout' } }]);
  });

  it('a base URL nobody routes gives a network error at once', async () => {
    const h = harness(() => answered());
    h.sendAt(40, { baseUrl: 'http://pos-s9.stores.local' });
    await run(h);
    expect(h.outcomes).toEqual([{ atMs: 40, outcome: { kind: 'network-error', message: 'no route to http://pos-s9.stores.local' } }]);
    expect(h.seen).toEqual([]);
  });

  it('hands the fake wire headers: lower-case names, and a JSON content type when there is a body', async () => {
    const h = harness(() => answered());
    h.sendAt(0, { headers: { 'X-Api-Key': 'k' } });
    h.sendAt(0, { method: 'GET', path: '/inventory', headers: { Accept: 'application/json' }, body: undefined });
    await run(h);
    expect(h.seen.map((seen) => seen.headers)).toEqual([{ 'x-api-key': 'k', 'content-type': 'application/json' }, { accept: 'application/json' }]);
    expect(h.seen[1]).not.toHaveProperty('body');
  });

  it('rejects what real fetch refuses: a GET with a body, a path without its leading slash', async () => {
    const h = harness(() => answered());
    await expect(h.transport.send(request({ method: 'GET', body: {} }))).rejects.toThrow(/GET request cannot have a body/);
    await expect(h.transport.send(request({ path: 'holds' }))).rejects.toThrow(/must start with "\/"/);
  });
});

describe('DirectTransport: network faults', () => {
  it('loss: the request never reaches the server; the caller times out', async () => {
    const h = harness(() => answered(), { loss: [1, 1], duplicate: [0, 1], replyLoss: [0, 1] });
    h.sendAt(0, { timeoutMs: 700 });
    await run(h);
    expect(h.seen).toEqual([]);
    expect(h.outcomes).toEqual([{ atMs: 700, outcome: { kind: 'timeout' } }]);
    expect(h.events).toEqual(['0 lost', '700 timed out']);
    expect(h.transport.faultCounts()).toEqual({ 'network.loss': 1, 'network.duplicate': 0, 'network.reply_loss': 0 });
  });

  it('duplicate: the server sees the request twice, a few ms apart; the caller sees the first reply', async () => {
    const h = harness((_request, index) => ({ kind: 'answered', response: json(201, { copy: index }), serviceMs: 0 }), {
      loss: [0, 1],
      duplicate: [1, 1],
      replyLoss: [0, 1],
      duplicateGapMs: { min: 200, max: 200 },
    });
    h.sendAt(0, { timeoutMs: 5_000 });
    await run(h);
    expect(h.seen).toHaveLength(2);
    expect(h.outcomes).toEqual([{ atMs: expect.any(Number) as number, outcome: expect.objectContaining({ status: 201, body: { copy: 0 } }) as HttpOutcome }]);
    const delivered = h.events.filter((event) => / (delivered|duplicated) /.test(event)).map((event) => Number(event.split(' ')[0]));
    expect((delivered[1] as number) - (delivered[0] as number)).toBe(200);
    expect(h.events.at(-1)).toMatch(/ reply lost \(superseded\) 201$/);
    expect(h.transport.faultCounts()['network.duplicate']).toBe(1);
  });

  it('replyLoss: applied, the reply vanishes on the way back; the caller times out', async () => {
    const h = harness(() => answered(), { loss: [0, 1], duplicate: [0, 1], replyLoss: [1, 1] });
    h.sendAt(0, { timeoutMs: 900 });
    await run(h);
    expect(h.seen).toHaveLength(1);
    expect(h.outcomes).toEqual([{ atMs: 900, outcome: { kind: 'timeout' } }]);
    expect(h.events.map((event) => event.split(' ').slice(1).join(' '))).toEqual(['delivered POST /holds', 'reply lost (network) 201', 'timed out']);
    expect(h.transport.faultCounts()['network.reply_loss']).toBe(1);
  });

  it('fires at about the configured ratio, and counts every firing', async () => {
    const h = harness(() => answered(), { loss: [1, 10], duplicate: [1, 5], replyLoss: [1, 4] });
    for (let i = 0; i < 2_000; i += 1) h.sendAt(i, { timeoutMs: 400 });
    await h.kernel.run({ untilMs: 60_000, maxEvents: 100_000 });
    const counts = h.transport.faultCounts();
    expect(counts['network.loss']).toBeGreaterThan(140);
    expect(counts['network.loss']).toBeLessThan(260);
    expect(counts['network.duplicate']).toBeGreaterThan(280);
    expect(counts['network.duplicate']).toBeLessThan(450);
    expect(h.events.filter((event) => event.endsWith('lost')).length).toBe(counts['network.loss']);
    expect(h.seen.length).toBe(2_000 - (counts['network.loss'] ?? 0) + (counts['network.duplicate'] ?? 0));
  });
});

describe('DirectTransport: options are checked when built', () => {
  const kernel = new SimKernel({ seed: 1, startEpochMs: START_MS });
  const observer = recordingObserver([], () => 0);
  it.each([
    [{ latencyMs: { min: 10, max: 5 } }, /latencyMs: expected whole ms/],
    [{ latencyMs: { min: -1, max: 5 } }, /latencyMs/],
    [{ latencyMs: LATENCY, faults: { loss: [2, 1], duplicate: [0, 1], replyLoss: [0, 1] } }, /faults\.loss: expected an integer ratio.*got \[2,1\]/],
    [{ latencyMs: LATENCY, faults: { loss: [0, 1], duplicate: [0.5, 1], replyLoss: [0, 1] } }, /faults\.duplicate/],
    [{ latencyMs: LATENCY, faults: { loss: [0, 1], duplicate: [0, 1], replyLoss: [0, 0] } }, /faults\.replyLoss/],
    [{ latencyMs: LATENCY, faults: { loss: [0, 1], duplicate: [0, 1], replyLoss: [0, 1], duplicateGapMs: { min: 0, max: 1e9 } } }, /faults\.duplicateGapMs/],
  ] as [LinkOptions, RegExp][])('refuses %j', (options, message) => {
    expect(() => new DirectTransport(kernel, options, observer)).toThrow(TransportConfigError);
    expect(() => new DirectTransport(kernel, options, observer)).toThrow(message);
  });

  it('refuses a base URL with a path or a trailing slash', () => {
    const transport = new DirectTransport(kernel, { latencyMs: LATENCY }, observer);
    expect(() => transport.route('http://pos-s1.stores.local/', () => ({ kind: 'hung' }))).toThrow(TransportConfigError);
    expect(() => transport.route('pos-s1', () => ({ kind: 'hung' }))).toThrow(/baseUrl/);
  });
});
