import { describe, expect, it } from 'vitest';
import type { FakeExchange, FakeHttpRequest } from '../../legacy-fakes/http.ts';
import type { PaymentQuirks } from '../../legacy-fakes/payment/payment-fake.ts';
import { CONFIG, START_MS, startGateway } from './payment-helpers.ts';
import { HOUR_MS } from './test-env.ts';

const ALWAYS = [1, 1] as const;

function authorizeRequest(reference = 'o1', amountCents = 1_000): FakeHttpRequest {
  return { method: 'POST', path: '/authorizations', headers: {}, body: { reference, amountCents, currency: 'USD' } };
}

function captureRequest(amountCents: number, key?: string): FakeHttpRequest {
  return { method: 'POST', path: '/authorizations/auth_1/captures', headers: key === undefined ? {} : { 'Idempotency-Key': key }, body: { amountCents } };
}

function withQuirks(quirks: PaymentQuirks, seed = 1): ReturnType<typeof startGateway> {
  return startGateway({ ...CONFIG, quirks }, seed);
}

describe('payment quirks off', () => {
  it('answers every exchange at once, draws from no random stream and counts nothing', () => {
    const { env, gateway } = startGateway();
    expect(gateway.exchange(authorizeRequest())).toMatchObject({ kind: 'answered', serviceMs: 0, response: { status: 201 } });
    expect(gateway.exchange(captureRequest(10))).toMatchObject({ kind: 'answered', serviceMs: 0, response: { status: 201 } });
    expect(env.streamsAsked).toEqual([]);
    expect(gateway.quirkCounts()).toEqual({});
  });

  it('gives exchange() the same answers as handle()', () => {
    const first = startGateway();
    const second = startGateway();
    for (const request of [authorizeRequest(), captureRequest(10), captureRequest(5_000), { method: 'GET', path: '/authorizations?reference=o1', headers: {} } as const]) {
      const exchange = first.gateway.exchange(request);
      expect(exchange.kind).toBe('answered');
      expect(exchange.kind === 'answered' ? exchange.response : undefined).toEqual(second.gateway.handle(request));
    }
  });
});

describe('payment quirk serviceMs', () => {
  it('takes a seeded whole number of ms within the range per answered request, the same for the same seed', () => {
    const times = (seed: number): number[] => {
      const { gateway } = withQuirks({ serviceMs: { min: 20, max: 80 } }, seed);
      return Array.from({ length: 50 }, () => {
        const exchange = gateway.exchange(authorizeRequest());
        return exchange.kind === 'answered' ? exchange.serviceMs : -1;
      });
    };
    const first = times(5);
    expect(first.every((ms) => Number.isInteger(ms) && ms >= 20 && ms <= 80)).toBe(true);
    expect(new Set(first).size).toBeGreaterThan(10);
    expect(times(5)).toEqual(first);
    expect(times(6)).not.toEqual(first);
  });
});

describe('payment quirk captureGhostSuccess', () => {
  it('applies the capture and loses the reply; a look-up finds it; a retry with the key gets the capture', () => {
    const { env, gateway } = withQuirks({ captureGhostSuccess: ALWAYS });
    expect(gateway.exchange(authorizeRequest()).kind).toBe('answered'); // only captures are ghosted
    const ghost = gateway.exchange(captureRequest(300, 'o1:capture:1'));
    expect(ghost).toMatchObject({ kind: 'reply-lost', response: { status: 201, body: { captureId: 'cap_1', amountCents: 300 } } });
    expect(gateway.truth().authorizations[0]?.capturedCents).toBe(300);
    expect(gateway.handle({ method: 'GET', path: '/authorizations?reference=o1', headers: {} }).body).toMatchObject({
      authorizations: [{ capturedCents: 300, captures: [{ captureId: 'cap_1' }] }],
    });
    // The caller retries with the same key: the stored capture, answered, no second capture.
    const retry = gateway.exchange(captureRequest(300, 'o1:capture:1'));
    expect(retry).toMatchObject({ kind: 'answered', response: { status: 201, body: { captureId: 'cap_1' }, headers: { 'idempotent-replayed': 'true' } } });
    expect(gateway.truth().authorizations[0]?.captures).toHaveLength(1);
    // A capture the books refuse has nothing to ghost.
    expect(gateway.exchange(captureRequest(5_000)).kind).toBe('answered');
    expect(env.recordsOf('payment.quirk.capture_ghost_success').map((record) => `${record.reference} ${record.detail}`)).toEqual([
      'o1 POST /authorizations/auth_1/captures applied, reply lost',
    ]);
    expect(gateway.quirkCounts()).toEqual({ 'payment.capture_ghost_success': 1 });
  });
});

describe('payment quirk lostRequest', () => {
  it('loses the request: nothing applied, nothing answered', () => {
    const { env, gateway } = withQuirks({ lostRequest: ALWAYS });
    expect(gateway.exchange(authorizeRequest('o7'))).toEqual({ kind: 'request-lost' });
    expect(gateway.truth().authorizations).toEqual([]);
    expect(env.recordsOf('payment.quirk.lost_request').map((record) => record.reference)).toEqual(['o7']);
    expect(gateway.quirkCounts()).toEqual({ 'payment.lost_request': 1 });
  });
});

describe('payment quirk unavailable', () => {
  it('sheds load: 503 with retry-after, nothing applied', () => {
    const { gateway } = withQuirks({ unavailable: { ratio: ALWAYS, retryAfterSeconds: 30 } });
    const exchange = gateway.exchange(authorizeRequest());
    expect(exchange).toEqual({
      kind: 'answered',
      serviceMs: 0,
      response: {
        status: 503,
        headers: { 'content-type': 'application/json', 'retry-after': '30' },
        body: { error: 'SERVICE_UNAVAILABLE', message: 'the gateway is overloaded; retry after 30 seconds', retryAfterSeconds: 30 },
      },
    });
    expect(gateway.truth().authorizations).toEqual([]);
    expect(gateway.quirkCounts()).toEqual({ 'payment.unavailable': 1 });
  });
});

describe('payment quirk offline', () => {
  it('hangs or refuses inside its windows, [fromMs, toMs), and applies nothing there', () => {
    const hangFrom = START_MS + HOUR_MS;
    const refuseFrom = START_MS + 3 * HOUR_MS;
    const { env, gateway } = withQuirks({
      offline: [
        { fromMs: hangFrom, toMs: hangFrom + HOUR_MS, mode: 'hang' },
        { fromMs: refuseFrom, toMs: refuseFrom + HOUR_MS, mode: 'refuse' },
      ],
    });
    const kinds: FakeExchange['kind'][] = [];
    for (const atMs of [START_MS, hangFrom, hangFrom + HOUR_MS - 1, hangFrom + HOUR_MS, refuseFrom, refuseFrom + HOUR_MS]) {
      env.runUntil(atMs);
      kinds.push(gateway.exchange(authorizeRequest()).kind);
    }
    expect(kinds).toEqual(['answered', 'hung', 'hung', 'answered', 'refused', 'answered']);
    expect(gateway.truth().authorizations).toHaveLength(3);
    expect(env.streamsAsked).toEqual([]);
    expect(gateway.quirkCounts()).toEqual({ 'payment.offline': 3 });
  });
});

describe('payment quirks together', () => {
  const quirks: PaymentQuirks = {
    serviceMs: { min: 5, max: 500 },
    captureGhostSuccess: [1, 3],
    lostRequest: [1, 5],
    unavailable: { ratio: [1, 6], retryAfterSeconds: 2 },
  };

  function run(seed: number): { exchanges: string; truth: string; streams: string[] } {
    const { env, gateway } = withQuirks(quirks, seed);
    const exchanges: FakeExchange[] = [];
    for (let index = 0; index < 40; index += 1) {
      exchanges.push(gateway.exchange(authorizeRequest(`o${index}`, 500)));
      exchanges.push(gateway.exchange({ method: 'POST', path: `/authorizations/auth_${index + 1}/captures`, headers: {}, body: { amountCents: 100 } }));
    }
    return { exchanges: JSON.stringify(exchanges), truth: JSON.stringify(gateway.truth()), streams: [...new Set(env.streamsAsked)].sort() };
  }

  it('keep each fault where it was when another fault\'s ratio changes', () => {
    const shedAt = (lostRequest: readonly [number, number]): number[] => {
      const { gateway } = withQuirks({ unavailable: { ratio: [1, 4], retryAfterSeconds: 1 }, lostRequest }, 4);
      return Array.from({ length: 60 }, (_, index) => index).filter((index) => {
        const exchange = gateway.exchange(authorizeRequest(`o${index}`));
        return exchange.kind === 'answered' && exchange.response.status === 503;
      });
    };
    const without = shedAt([0, 1]);
    const withLosses = shedAt([1, 3]);
    expect(without.length).toBeGreaterThan(5);
    // A lost request never reaches the load shedder, so it can only remove 503s, never move them.
    expect(withLosses.every((index) => without.includes(index))).toBe(true);
    expect(withLosses.length).toBeGreaterThan(0);
  });

  it('give the same exchanges and books for the same seed, and others for another seed, each quirk on its own stream', () => {
    const first = run(9);
    expect(run(9)).toEqual(first);
    expect(run(10).exchanges).not.toEqual(first.exchanges);
    expect(first.streams).toEqual(['payment.capture_ghost_success', 'payment.lost_request', 'payment.service_ms', 'payment.unavailable']);
  });
});
