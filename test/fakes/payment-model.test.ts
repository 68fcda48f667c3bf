/**
 * Model-based test of the gateway: random sequences of authorise / capture / void / refund /
 * time passing, with idempotency keys drawn from a small pool so they are reused on purpose,
 * checked against a model of amounts that is much simpler than the gateway: a few numbers per
 * authorisation and a table of keys.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { FakeHttpRequest, FakeHttpResponse } from '../../legacy-fakes/http.ts';
import type { PaymentFake } from '../../legacy-fakes/payment/payment-fake.ts';
import { START_MS, startGateway } from './payment-helpers.ts';
import { HOUR_MS } from './test-env.ts';
import type { TestEnv } from './test-env.ts';

const TTL_HOURS = 48;
const RETENTION_HOURS = 24;

type Status = 'AUTHORIZED' | 'CAPTURED' | 'VOIDED' | 'EXPIRED';

interface ModelCapture {
  captureId: string;
  amount: number;
  refunded: number;
}

interface ModelAuthorization {
  authorizationId: string;
  amount: number;
  captured: number;
  status: Status;
  expiresAtMs: number;
  captures: ModelCapture[];
}

interface Model {
  nowMs: number;
  authorizations: ModelAuthorization[];
  captures: ModelCapture[];
  /** Key -> what was asked (in the model's own words) and what came back. */
  keys: Map<string, { asked: string; response: FakeHttpResponse; storedAtMs: number }>;
}

interface Real {
  env: TestEnv;
  gateway: PaymentFake;
}

/** What the model expects of one request that reaches the books. */
interface Expected {
  status: number;
  error?: string;
  /** Applies the effect to the model once the gateway has answered (ids come from the answer). */
  apply?: (body: Record<string, unknown>) => void;
}

function expireDue(model: Model): void {
  for (const auth of model.authorizations) {
    if (auth.status === 'AUTHORIZED' && auth.expiresAtMs <= model.nowMs) auth.status = 'EXPIRED';
  }
  for (const [key, stored] of model.keys) {
    if (model.nowMs - stored.storedAtMs >= RETENTION_HOURS * HOUR_MS) model.keys.delete(key);
  }
}

function checkAgainstModel(model: Model, real: Real): void {
  const truth = real.gateway.truth().authorizations;
  expect(truth.map((auth) => [auth.authorizationId, auth.status, auth.amountCents, auth.capturedCents])).toEqual(
    model.authorizations.map((auth) => [auth.authorizationId, auth.status, auth.amount, auth.captured]),
  );
  for (const auth of truth) {
    // The money invariants, on the gateway's own books.
    expect(auth.captures.reduce((sum, capture) => sum + capture.amountCents, 0)).toBe(auth.capturedCents);
    expect(auth.capturedCents).toBeLessThanOrEqual(auth.amountCents);
    expect(auth.captures.reduce((sum, capture) => sum + capture.refundedCents, 0)).toBe(auth.refundedCents);
    for (const capture of auth.captures) {
      expect(capture.refunds.reduce((sum, refund) => sum + refund.amountCents, 0)).toBe(capture.refundedCents);
      expect(capture.refundedCents).toBeLessThanOrEqual(capture.amountCents);
    }
  }
  const byId = (a: [string, number, number], b: [string, number, number]): number => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
  const refunded = truth.flatMap((auth) => auth.captures.map((capture): [string, number, number] => [capture.captureId, capture.amountCents, capture.refundedCents]));
  expect(refunded.sort(byId)).toEqual(model.captures.map((capture): [string, number, number] => [capture.captureId, capture.amount, capture.refunded]).sort(byId));
}

/**
 * Sends a POST, with or without a key, and checks the answer: a replay of the stored response,
 * a 422 for a reused key, or what the model expects of a fresh request.
 */
function send(model: Model, real: Real, request: FakeHttpRequest, asked: string, key: string | undefined, expected: () => Expected): void {
  expireDue(model);
  const before = real.gateway.truth();
  const response = real.gateway.handle(key === undefined ? request : { ...request, headers: { 'Idempotency-Key': key } });
  const stored = key === undefined ? undefined : model.keys.get(key);
  if (stored !== undefined) {
    if (stored.asked === asked) {
      expect(response.status).toBe(stored.response.status);
      expect(response.body).toEqual(stored.response.body);
      expect(response.headers['idempotent-replayed']).toBe('true');
    } else {
      expect(response.status).toBe(422);
      expect(response.body).toMatchObject({ error: 'IDEMPOTENCY_KEY_REUSED' });
    }
    expect(real.gateway.truth()).toEqual(before);
    return;
  }
  const outcome = expected();
  expect(response.status).toBe(outcome.status);
  if (outcome.error !== undefined) expect(response.body).toMatchObject({ error: outcome.error });
  if (response.status >= 400) expect(real.gateway.truth()).toEqual(before);
  outcome.apply?.(response.body as Record<string, unknown>);
  if (key !== undefined) model.keys.set(key, { asked, response, storedAtMs: model.nowMs });
  checkAgainstModel(model, real);
}

const keyArb = fc.option(fc.constantFrom('k0', 'k1', 'k2', 'k3', 'k4', 'k5'), { nil: undefined, freq: 2 });
const amountArb = fc.integer({ min: 1, max: 120 });

/** Every command may run in any state: a request about an id that does not exist gets an answer too. */
abstract class GatewayCommand implements fc.Command<Model, Real> {
  check(): boolean {
    return true;
  }
  abstract run(model: Model, real: Real): void;
  abstract toString(): string;
}

/** The item `pick` lands on, or undefined while there is none. */
function pickFrom<T>(items: readonly T[], pick: number): T | undefined {
  return items[pick % Math.max(1, items.length)];
}

function post(path: string, body?: unknown): FakeHttpRequest {
  return { method: 'POST', path, headers: {}, body };
}

class Authorize extends GatewayCommand {
  constructor(
    private readonly amount: number,
    private readonly key: string | undefined,
  ) {
    super();
  }
  run(model: Model, real: Real): void {
    const body = { reference: `o${this.amount % 3}`, amountCents: this.amount, currency: 'EUR' };
    send(model, real, post('/authorizations', body), `authorize ${body.reference} ${this.amount}`, this.key, () => ({
      status: 201,
      apply: (answer) => {
        model.authorizations.push({
          authorizationId: answer['authorizationId'] as string,
          amount: this.amount,
          captured: 0,
          status: 'AUTHORIZED',
          expiresAtMs: model.nowMs + TTL_HOURS * HOUR_MS,
          captures: [],
        });
      },
    }));
  }
  toString(): string {
    return `authorize(${this.amount}, ${String(this.key)})`;
  }
}

/** A capture of, or a refund on, the `pick`-th authorisation or capture. */
abstract class AmountCommand extends GatewayCommand {
  protected abstract readonly verb: 'capture' | 'refund';

  constructor(
    protected readonly pick: number,
    protected readonly amount: number,
    protected readonly key: string | undefined,
  ) {
    super();
  }
  toString(): string {
    return `${this.verb}(#${this.pick}, ${this.amount}, ${String(this.key)})`;
  }
}

class Capture extends AmountCommand {
  protected readonly verb = 'capture';

  run(model: Model, real: Real): void {
    const auth = pickFrom(model.authorizations, this.pick);
    const id = auth?.authorizationId ?? 'auth_404';
    send(model, real, post(`/authorizations/${id}/captures`, { amountCents: this.amount }), `capture ${id} ${this.amount}`, this.key, () => {
      if (auth === undefined) return { status: 404, error: 'UNKNOWN_AUTHORIZATION' };
      if (auth.status === 'EXPIRED') return { status: 409, error: 'AUTHORIZATION_EXPIRED' };
      if (auth.status === 'VOIDED') return { status: 409, error: 'AUTHORIZATION_VOIDED' };
      if (this.amount > auth.amount - auth.captured) return { status: 409, error: 'AMOUNT_EXCEEDS_AUTHORIZATION' };
      return {
        status: 201,
        apply: (answer) => {
          const capture = { captureId: answer['captureId'] as string, amount: this.amount, refunded: 0 };
          auth.captured += this.amount;
          auth.captures.push(capture);
          model.captures.push(capture);
          if (auth.captured === auth.amount) auth.status = 'CAPTURED';
        },
      };
    });
  }
}

class Void extends GatewayCommand {
  constructor(
    private readonly pick: number,
    private readonly key: string | undefined,
  ) {
    super();
  }
  run(model: Model, real: Real): void {
    const auth = pickFrom(model.authorizations, this.pick);
    const id = auth?.authorizationId ?? 'auth_404';
    send(model, real, post(`/authorizations/${id}/void`), `void ${id}`, this.key, () => {
      if (auth === undefined) return { status: 404, error: 'UNKNOWN_AUTHORIZATION' };
      if (auth.status === 'EXPIRED') return { status: 409, error: 'AUTHORIZATION_EXPIRED' };
      if (auth.status === 'CAPTURED') return { status: 409, error: 'AUTHORIZATION_CAPTURED' };
      return {
        status: 200,
        apply: () => {
          auth.status = 'VOIDED';
        },
      };
    });
  }
  toString(): string {
    return `void(#${this.pick}, ${String(this.key)})`;
  }
}

class Refund extends AmountCommand {
  protected readonly verb = 'refund';

  run(model: Model, real: Real): void {
    const capture = pickFrom(model.captures, this.pick);
    const id = capture?.captureId ?? 'cap_404';
    send(model, real, post(`/captures/${id}/refunds`, { amountCents: this.amount }), `refund ${id} ${this.amount}`, this.key, () => {
      if (capture === undefined) return { status: 404, error: 'UNKNOWN_CAPTURE' };
      if (this.amount > capture.amount - capture.refunded) return { status: 409, error: 'REFUND_EXCEEDS_CAPTURE' };
      return {
        status: 201,
        apply: () => {
          capture.refunded += this.amount;
        },
      };
    });
  }
}

class PassTime extends GatewayCommand {
  constructor(private readonly hours: number) {
    super();
  }
  run(model: Model, real: Real): void {
    model.nowMs += this.hours * HOUR_MS;
    real.env.advance(this.hours * HOUR_MS);
    expireDue(model);
    checkAgainstModel(model, real);
  }
  toString(): string {
    return `passTime(${this.hours}h)`;
  }
}

const commandsArb = fc.commands(
  [
    fc.tuple(amountArb, keyArb).map(([amount, key]) => new Authorize(amount, key)),
    fc.tuple(fc.nat(), fc.integer({ min: 1, max: 80 }), keyArb).map(([pick, amount, key]) => new Capture(pick, amount, key)),
    fc.tuple(fc.nat(), keyArb).map(([pick, key]) => new Void(pick, key)),
    fc.tuple(fc.nat(), fc.integer({ min: 1, max: 60 }), keyArb).map(([pick, amount, key]) => new Refund(pick, amount, key)),
    fc.integer({ min: 1, max: 30 }).map((hours) => new PassTime(hours)),
  ],
  { maxCommands: 60 },
);

describe('payment gateway against a model of amounts', () => {
  it('never captures beyond the authorisation or refunds beyond a capture; replays are identical and change nothing', () => {
    fc.assert(
      fc.property(commandsArb, (commands) => {
        const { env, gateway } = startGateway({ authorizationTtlHours: TTL_HOURS, idempotencyRetentionHours: RETENTION_HOURS });
        const model: Model = { nowMs: START_MS, authorizations: [], captures: [], keys: new Map() };
        fc.modelRun(() => ({ model, real: { env, gateway } }), commands);
      }),
      { numRuns: 400 },
    );
  });
});
