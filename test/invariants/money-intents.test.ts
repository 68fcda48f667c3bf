import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FakeHttpRequest } from '../../legacy-fakes/http.ts';
import type { PaymentFake } from '../../legacy-fakes/payment/payment-fake.ts';
import { moneyIntentsChecker } from '../../sim/invariants/money-intents.ts';
import { judgeIntents, type IntentClaims } from '../../sim/invariants/payment-intents.ts';
import { CONFIG, startGateway } from '../fakes/payment-helpers.ts';
import type { TestEnv } from '../fakes/test-env.ts';
import { HOUR_MS } from '../fakes/test-env.ts';
import { checkContextOf } from './check-context.ts';
import { feed, published } from './published.ts';

const TTL_HOURS = CONFIG.authorizationTtlHours;

type Body = Record<string, unknown>;

/**
 * A client that keeps the rule: one key per intent, the same key on every retry (after a 503, a
 * lost reply, a refusal), a new authorisation only once the last one stopped holding the card,
 * partial captures per FO, refunds per return and capture. It records the claims an orchestrator
 * would publish. `retries` says how often each call is sent again under its key.
 */
class Client {
  readonly claims = { keyFo: new Map<string, string | null>(), captureFo: new Map<string, string>(), keyReturn: new Map<string, string>(), refundReturn: new Map<string, string>() };

  constructor(
    readonly gateway: PaymentFake,
    readonly env: TestEnv,
    private readonly retries: () => number,
  ) {}

  /** Sends until the gateway answers something other than a 503, then as many more times as `retries` says. */
  send(path: string, body: Body, key: string): { status: number; body: Body } {
    const request: FakeHttpRequest = { method: 'POST', path, headers: { 'Idempotency-Key': key }, body };
    for (let guard = 0; guard < 50; guard++) {
      const exchange = this.gateway.exchange(request);
      if (exchange.kind === 'answered' && exchange.response.status === 503) continue;
      if (exchange.kind !== 'answered' && exchange.kind !== 'reply-lost') continue;
      for (let again = this.retries(); again > 0; again--) this.gateway.exchange(request);
      // A lost reply is asked again under the same key: the stored answer.
      const answer = exchange.kind === 'answered' ? exchange.response : this.gateway.handle(request);
      return { status: answer.status, body: answer.body as Body };
    }
    throw new Error('the gateway never answered');
  }
}

interface Plan {
  orders: { fos: number[]; expireBeforeFo: number | null; refunds: number }[];
}

const plan: fc.Arbitrary<Plan> = fc.record({
  orders: fc.array(
    fc.record({ fos: fc.array(fc.integer({ min: 1, max: 400 }), { minLength: 1, maxLength: 3 }), expireBeforeFo: fc.option(fc.nat({ max: 2 }), { nil: null }), refunds: fc.nat({ max: 2 }) }),
    { minLength: 1, maxLength: 3 },
  ),
});

/** Plays the plan by the rule; `mutate` (by step number) sends that step once more under a fresh key. */
function play(client: Client, { orders }: Plan, mutate?: number): void {
  let step = 0;
  const call = (path: string, body: Body, key: string): { status: number; body: Body } => {
    const answer = client.send(path, body, key);
    if (step++ === mutate) client.send(path, body, `${key}:fresh`);
    return answer;
  };
  orders.forEach((order, o) => {
    const reference = `o${o}`;
    const value = order.fos.reduce((a, b) => a + b, 0);
    let generation = 1;
    let captured = 0;
    let auth = String(call('/authorizations', { reference, amountCents: value, currency: 'USD' }, `${reference}:authorize:1`).body['authorizationId']);
    const captures: { captureId: string; amountCents: number }[] = [];
    order.fos.forEach((amount, f) => {
      const foId = `FO-${reference}-${f + 1}`;
      if (order.expireBeforeFo === f) client.env.advance((TTL_HOURS + 1) * HOUR_MS);
      let answer = call(`/authorizations/${auth}/captures`, { amountCents: amount }, `${foId}:capture:${generation}`);
      if (answer.body['error'] === 'AUTHORIZATION_EXPIRED') {
        generation++;
        auth = String(call('/authorizations', { reference, amountCents: value - captured, currency: 'USD' }, `${reference}:authorize:${generation}`).body['authorizationId']);
        answer = call(`/authorizations/${auth}/captures`, { amountCents: amount }, `${foId}:capture:${generation}`);
      }
      if (answer.status !== 201) return;
      captured += amount;
      const captureId = String(answer.body['captureId']);
      captures.push({ captureId, amountCents: amount });
      client.claims.captureFo.set(captureId, foId);
      client.claims.keyFo.set(`${foId}:capture:${generation}`, foId);
    });
    if (captured < value) call(`/authorizations/${auth}/void`, {}, `${reference}:void:${auth}`);
    for (let r = 0; r < order.refunds; r++) {
      const returnId = `${reference}:R${r + 1}`;
      for (const capture of captures) {
        const key = `${returnId}:refund:${capture.captureId}`;
        const answer = call(`/captures/${capture.captureId}/refunds`, { amountCents: 1 }, key);
        if (answer.status !== 201) continue;
        client.claims.refundReturn.set(String(answer.body['refundId']), returnId);
        client.claims.keyReturn.set(key, returnId);
      }
    }
  });
}

function faultyClient(seed: number, retries: number): Client {
  const { env, gateway } = startGateway({ ...CONFIG, quirks: { unavailable: { ratio: [1, 3], retryAfterSeconds: 1 }, captureGhostSuccess: [1, 3] } }, seed);
  let left = retries;
  return new Client(gateway, env, () => (left-- > 0 ? 1 : 0));
}

function judge(client: Client): ReturnType<typeof judgeIntents> {
  const claims: IntentClaims = client.claims;
  return judgeIntents(client.gateway.attempts(), client.gateway.truth().authorizations, claims);
}

describe('money per intent: every attempt the gateway saw is one intent, sent under one key', () => {
  it('never flags a client that keeps the rule: retries under the same key, 503s, lost replies, re-authorising after an expiry, partial captures, refunds per return', () => {
    fc.assert(
      fc.property(plan, fc.integer({ min: 1, max: 1_000 }), fc.nat({ max: 6 }), (chosen, seed, retries) => {
        const client = faultyClient(seed, retries);
        play(client, chosen);
        expect(judge(client)).toEqual([]);
      }),
    );
  });

  it('flags any one intent sent again under a fresh key; a capture or refund the books then refused only if it came first', () => {
    fc.assert(
      fc.property(plan, fc.integer({ min: 1, max: 1_000 }), fc.nat({ max: 40 }), (chosen, seed, pick) => {
        const counting = faultyClient(seed, 0);
        play(counting, chosen);
        const steps = new Set(counting.gateway.attempts().map((attempt) => attempt.idempotencyKey)).size;
        const client = faultyClient(seed, 0);
        play(client, chosen, pick % steps);
        const fresh = client.gateway.attempts().filter((attempt) => attempt.idempotencyKey?.endsWith(':fresh') === true);
        // Refused after the intent's own key went through: to the gateway it looks like another
        // intent of that amount the books said no to (docs/invariants.md: what it cannot see).
        const invisible = fresh.every((attempt) => (attempt.operation === 'capture' || attempt.operation === 'refund') && attempt.outcome === 'refused');
        const findings = judge(client);
        if (invisible) return;
        expect(findings.some((finding) => finding.detail.includes(':fresh'))).toBe(true);
      }),
    );
  });

  it('flags a capture refused under one key and then sent under another (a retry after a 503 under a fresh key)', () => {
    const { gateway, env } = startGateway({ ...CONFIG, quirks: { unavailable: { ratio: [1, 2], retryAfterSeconds: 1 } } }, 3);
    const client = new Client(gateway, env, () => 0);
    const auth = String(client.send('/authorizations', { reference: 'o1', amountCents: 500, currency: 'USD' }, 'o1:a:1').body['authorizationId']);
    let attempt = 0;
    let answer = { status: 503, body: {} as Body };
    while (answer.status === 503) {
      const exchange = gateway.exchange({ method: 'POST', path: `/authorizations/${auth}/captures`, headers: { 'Idempotency-Key': `F1:c:${++attempt}` }, body: { amountCents: 200 } });
      answer = exchange.kind === 'answered' ? { status: exchange.response.status, body: exchange.response.body as Body } : answer;
    }
    client.claims.captureFo.set(String(answer.body['captureId']), 'F1');
    client.claims.keyFo.set(`F1:c:${attempt}`, 'F1');
    expect(attempt).toBeGreaterThan(1);
    expect(judge(client).map((finding) => finding.detail)).toContain(`capture of 200 cents on ${auth} under key "F1:c:1" (refused SERVICE_UNAVAILABLE), claimed by no intent; FO F1's capture of the same amount was sent again under key "F1:c:2": one intent, two keys`);
  });

  it('names what went wrong, per operation', () => {
    const { gateway, env } = startGateway();
    const client = new Client(gateway, env, () => 0);
    const auth = String(client.send('/authorizations', { reference: 'o1', amountCents: 500, currency: 'USD' }, 'o1:a:1').body['authorizationId']);
    client.send('/authorizations', { reference: 'o1', amountCents: 500, currency: 'USD' }, 'o1:a:again');
    const capture = String(client.send(`/authorizations/${auth}/captures`, { amountCents: 200 }, 'F1:c:1').body['captureId']);
    client.send(`/authorizations/${auth}/captures`, { amountCents: 200 }, 'F1:c:again');
    client.claims.captureFo.set(capture, 'F1');
    client.send(`/authorizations/${auth}/void`, {}, 'o1:v:1');
    client.send(`/authorizations/${auth}/void`, {}, 'o1:v:2');
    expect(judge(client).map((finding) => finding.detail)).toEqual([
      'authorisation of o1 sent under a new key "o1:a:again" (applied) while auth_1 from key "o1:a:1" still held 500 cents on the card: one intent, two keys',
      'capture cap_2 of 200 cents on auth_1 under key "F1:c:again": the gateway moved the money, no intent of the orchestrator claims it',
      'void of auth_1 sent under a second key "o1:v:2" (applied), after key "o1:v:1" (applied): one intent, two keys',
    ]);
  });

  it('reports through the run: the order, and the request where the second key reached the gateway', () => {
    const { context } = checkContextOf({ orders: [] });
    const request = (key: string): FakeHttpRequest => ({ method: 'POST', path: '/authorizations', headers: { 'Idempotency-Key': key }, body: { reference: 'web-7', amountCents: 900, currency: 'USD' } });
    const events = [published('order.created', 'web-7', 1, 'web-7'), published('payment.authorized', 'web-7', 2, 'web-7'), published('fo.transitioned', 'FO-web-7-1', 1, 'web-7', { foId: 'FO-web-7-1', to: 'ROUTING' })];
    // The gateway is called between the published events, as an orchestrator would.
    const findings = feed({ ...moneyIntentsChecker, onPublished: (published, traced, ctx, report) => {
      if (published.sequence === 1 && published.type === 'order.created') context.payment.handle(request('web-7:authorize:1'));
      if (published.type === 'payment.authorized') context.payment.handle(request('web-7:authorize:retry'));
      moneyIntentsChecker.onPublished?.(published, traced, ctx, report);
    } }, context, events);
    expect(findings.map((finding) => [finding.invariant, finding.orderId, finding.firstBadEvent?.index])).toEqual([['money.one-key-per-intent', 'web-7', 1]]);
  });
});
