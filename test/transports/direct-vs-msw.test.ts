/**
 * The point of the msw transport: the same seed and the same requests give the same outcomes as
 * the direct transport, to the status, body, header and virtual millisecond, including timeouts,
 * ghost successes, refusals and every network fault, and leave the fake in the same state.
 *
 * The plan mixes valid and invalid POS requests: holds created (and created again with the same
 * reference), lookups, picks, releases, bad bodies, bad queries, unknown routes and an unknown
 * host, sent with timeouts short enough for late replies. The POS has its quirks on (register
 * queue, ghost success, lost requests, errors in a 200 body, 503 with retry-after, an outage that
 * hangs and one that refuses, an API key), so every FakeExchange kind crosses both transports.
 */
import { describe, expect, it } from 'vitest';
import type { HttpOutcome, HttpRequest } from '../../orchestrator/ports.ts';
import { RandomStreams, type RandomStream } from '../../sim/kernel/random.ts';
import { posBaseUrl } from '../../sim/world/topology.ts';
import { API_KEY, posWorld, type PosWorld, type TransportKind } from './pos-world.ts';

const WORLD_SEED = 20261127;
const PLAN_SEED = 7;
const REQUESTS = 500;
/** Past the last request plus staff delays, so picked holds ship in both worlds. */
const RUN_UNTIL_MS = 2 * 3_600_000;

interface Planned {
  atMs: number;
  request: HttpRequest;
}

const BAD_BODIES: readonly unknown[] = [
  'just a string',
  42,
  null,
  [],
  [{ externalRef: 'R-1', sku: 'SKU-1', quantity: 1, purpose: 'SHIP' }],
  {},
  { externalRef: '', sku: 'SKU-1', quantity: 1, purpose: 'SHIP' },
  { externalRef: 'R-bad', sku: 'SKU-1', quantity: '2', purpose: 'SHIP' },
  { externalRef: 'R-bad', sku: 'SKU-1', quantity: 0, purpose: 'SHIP' },
  { externalRef: 'R-bad', sku: 'SKU-1', quantity: 1.5, purpose: 'SHIP' },
  { externalRef: 'R-bad', sku: 'SKU-1', quantity: 1, purpose: 'DELIVER' },
  { externalref: 'R-bad', SKU: 'SKU-1', qty: 1 },
  { externalRef: 'R-bad', sku: 'SKU-404', quantity: 1, purpose: 'SHIP' },
  { externalRef: 'R-bad', sku: 'SKU-1', quantity: 999, purpose: 'PICKUP' },
  { externalRef: 'x'.repeat(5_000), sku: 'SKU-1', quantity: 1, purpose: 'SHIP' },
];

const ODD_ROUTES: readonly [HttpRequest['method'], string][] = [
  ['GET', '/nope'],
  ['GET', '/'],
  ['PUT', '/holds'],
  ['POST', '/inventory'],
  ['DELETE', '/holds'],
  ['GET', '/holds/H-S1-1/pick/extra'],
  ['POST', '/holds/%ZZ/pick'],
  ['GET', '/holds'],
  ['GET', '/holds?externalRef=R-1&changedSince=1'],
  ['GET', '/holds?changedSince=-1'],
  ['GET', '/holds?changedSince=abc'],
  ['GET', '/holds?externalRef=R 1'],
  ['GET', '/holds?externalRef=R%C3%A9-%F0%9F%99%82'],
  ['GET', '/holds?externalRef=Ré ☃'],
  // What a URL parser rewrites before any server sees it: both transports must agree.
  ['GET', '/holds/../inventory'],
  ['GET', '/holds/%2e%2e/inventory'],
  ['GET', '/inventory?'],
  ['GET', '/inventory#fragment'],
  ['POST', '/holds\\H-S1-2\\pick'],
];

const TIMEOUTS_MS = [40, 90, 150, 400, 2_000];

/** The same requests for both worlds, drawn from their own seed, independent of what comes back. */
function plan(): Planned[] {
  const random: RandomStream = new RandomStreams(PLAN_SEED).stream('plan');
  const created: { storeId: string; body: unknown }[] = [];
  const planned: Planned[] = [];
  let atMs = 0;
  for (let index = 0; index < REQUESTS; index += 1) {
    atMs += random.between(0, 40);
    const storeId = random.chance(7, 10) ? 'S1' : 'S2';
    // S2 wants its key, in any case of the header name; now and then it is missing (401).
    const auth: Record<string, string> = storeId === 'S1' || random.chance(1, 8) ? {} : random.chance(1, 2) ? { 'X-Api-Key': API_KEY } : { 'x-api-key': API_KEY };
    const base = { baseUrl: posBaseUrl(storeId), headers: auth, timeoutMs: random.pick(TIMEOUTS_MS) };
    const withBody = (body: unknown): Partial<HttpRequest> => ({ body, headers: random.chance(1, 2) ? { ...auth, 'content-type': 'application/json' } : auth });
    const holdId = `H-${storeId}-${random.between(1, 30)}`;
    const roll = random.int(100);
    let request: HttpRequest;
    if (roll < 22) {
      const body = { externalRef: `R-${random.between(1, 60)}:1`, sku: random.pick(['SKU-1', 'SKU-2', 'SKU-3']), quantity: random.between(1, 3), purpose: random.pick(['SHIP', 'PICKUP']) };
      created.push({ storeId, body });
      request = { ...base, method: 'POST', path: '/holds', ...withBody(body) };
    } else if (roll < 30 && created.length > 0) {
      // The same body again, to the same store: a caller's retry, and a second hold.
      const earlier = random.pick(created);
      request = { ...base, baseUrl: posBaseUrl(earlier.storeId), method: 'POST', path: '/holds', ...withBody(earlier.body) };
    } else if (roll < 38) {
      request = { ...base, method: 'GET', path: `/holds?externalRef=${encodeURIComponent(`R-${random.between(1, 60)}:1`)}` };
    } else if (roll < 42) {
      request = { ...base, method: 'GET', path: `/holds?changedSince=${random.between(0, 20)}` };
    } else if (roll < 47) {
      request = { ...base, method: 'GET', path: '/inventory' };
    } else if (roll < 57) {
      request = { ...base, method: 'POST', path: `/holds/${holdId}/pick` };
    } else if (roll < 64) {
      request = { ...base, method: 'DELETE', path: `/holds/${holdId}` };
    } else if (roll < 80) {
      request = { ...base, method: 'POST', path: '/holds', ...withBody(random.pick(BAD_BODIES)) };
    } else if (roll < 97) {
      const [method, path] = random.pick(ODD_ROUTES);
      request = { ...base, method, path };
    } else {
      request = { ...base, baseUrl: 'http://pos-s9.stores.local', method: 'GET', path: '/inventory' };
    }
    planned.push({ atMs, request });
  }
  return planned;
}

interface Observed {
  outcomes: { index: number; atMs: number; outcome: HttpOutcome }[];
  history: string[];
  truth: unknown;
  quirks: unknown;
  faults: unknown;
  endedAtMs: number;
}

async function drive(kind: TransportKind, requests: readonly Planned[]): Promise<Observed> {
  const world: PosWorld = posWorld(kind, WORLD_SEED);
  const outcomes: Observed['outcomes'] = [];
  try {
    requests.forEach(({ atMs, request }, index) => {
      world.kernel.scheduleAt('test.send', atMs, () => {
        void world.transport.send(request).then((outcome) => outcomes.push({ index, atMs: world.kernel.elapsedMs, outcome }));
      });
    });
    await world.kernel.run({ untilMs: RUN_UNTIL_MS, maxEvents: 200_000 });
  } finally {
    world.close();
  }
  return {
    outcomes,
    history: world.history,
    truth: world.pos.truth(),
    quirks: world.pos.quirkCounts(),
    faults: world.transport.faultCounts(),
    endedAtMs: world.kernel.elapsedMs,
  };
}

describe('direct and msw transports, same seed, same requests', () => {
  const requests = plan();
  let direct: Observed;
  let msw: Observed;

  it('runs both worlds', async () => {
    direct = await drive('direct', requests);
    msw = await drive('msw', requests);
    expect(direct.outcomes).toHaveLength(REQUESTS);
  });

  it('gives every request the same outcome at the same virtual ms: status, headers, body, timeout, refusal', () => {
    expect(msw.outcomes).toHaveLength(direct.outcomes.length);
    direct.outcomes.forEach((expected, position) => {
      expect(msw.outcomes[position], `outcome #${position} (request ${expected.index}: ${JSON.stringify(requests[expected.index]?.request)})`).toEqual(expected);
    });
  });

  it('gives the same history: deliveries, duplicates, losses, lost replies, the fake trace', () => {
    expect(msw.history.length).toBe(direct.history.length);
    const firstDifference = direct.history.findIndex((line, index) => msw.history[index] !== line);
    expect(firstDifference, `first differing line: direct ${direct.history[firstDifference]} / msw ${msw.history[firstDifference]}`).toBe(-1);
  });

  it('leaves the fake with the same truth and the same quirk and network fault counts', () => {
    expect(msw.truth).toEqual(direct.truth);
    expect(msw.quirks).toEqual(direct.quirks);
    expect(msw.faults).toEqual(direct.faults);
    expect(msw.endedAtMs).toBe(direct.endedAtMs);
  });

  it('really exercised every outcome (a comparison of two quiet runs would prove nothing)', () => {
    const kinds = new Set(direct.outcomes.map(({ outcome }) => outcome.kind));
    expect([...kinds].sort()).toEqual(['network-error', 'response', 'timeout']);
    const statuses = new Set(direct.outcomes.flatMap(({ outcome }) => (outcome.kind === 'response' ? [outcome.status] : [])));
    for (const status of [200, 201, 400, 401, 404, 409, 503]) expect(statuses, `status ${status}`).toContain(status);
    const retryAfter = direct.outcomes.find(({ outcome }) => outcome.kind === 'response' && outcome.status === 503);
    expect(retryAfter?.outcome).toMatchObject({ headers: { 'retry-after': '2' } });
    const errorInBody = direct.outcomes.find(({ outcome }) => outcome.kind === 'response' && outcome.status === 200 && (outcome.body as { error?: string }).error === 'POS_INTERNAL');
    expect(errorInBody, 'a 200 with an error in its body').toBeDefined();
    for (const marker of [
      'reply lost (server)',
      'reply lost (late)',
      'reply lost (network)',
      'reply lost (superseded)',
      'duplicated',
      ' lost',
      'unanswered request-lost',
      'unanswered hung',
      'refused',
      'unroutable',
      'pos.hold.created',
      'pos.hold.shipped',
    ]) {
      expect(direct.history.some((line) => line.includes(marker)), marker).toBe(true);
    }
    for (const [quirk, count] of Object.entries(direct.quirks as Record<string, number>)) {
      if (['pos.ghost_success', 'pos.lost_request', 'pos.error_in_body', 'pos.unavailable', 'pos.offline_hang', 'pos.offline_refuse', 'pos.unauthorized', 'pos.queued'].includes(quirk)) {
        expect(count, quirk).toBeGreaterThan(0);
      }
    }
    for (const [fault, count] of Object.entries(direct.faults as Record<string, number>)) expect(count, fault).toBeGreaterThan(0);
  });
});
