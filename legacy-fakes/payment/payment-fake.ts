/**
 * The payment gateway fake: one card gateway over HTTP/JSON (authorise, capture, void, refund,
 * look up), with Stripe's idempotency keys, as docs/legacy-protocols.md describes. This file is
 * the public entry: configuration checks and wiring; the books, the routes, the keys and the
 * quirks each live in their own file.
 */
import type { FakeEnv } from '../env.ts';
import { parsePath } from '../http.ts';
import type { FakeExchange, FakeHttpRequest, FakeHttpResponse, QuirkCounts } from '../http.ts';
import { PaymentAttemptLog, type PaymentAttempt } from './payment-attempts.ts';
import { checkPaymentConfig } from './payment-config.ts';
import { IdempotencyStore } from './payment-idempotency.ts';
import { PaymentLedger } from './payment-ledger.ts';
import { PaymentQuirkDice } from './payment-quirks.ts';
import { routePaymentRequest } from './payment-routes.ts';
import type { PaymentConfig, PaymentTruth } from './payment-types.ts';

export type {
  PaymentAuthorization,
  PaymentAuthorizationStatus,
  PaymentAuthorizationTruth,
  PaymentCapture,
  PaymentCaptureTruth,
  PaymentConfig,
  PaymentOfflineWindow,
  PaymentQuirks,
  PaymentRefund,
  PaymentRefundTruth,
  PaymentTruth,
} from './payment-types.ts';
export type { PaymentQuirkName } from './payment-quirks.ts';
export type { PaymentAttempt, PaymentAttemptOutcome, PaymentOperation } from './payment-attempts.ts';

export class PaymentFake {
  private readonly ledger: PaymentLedger;
  private readonly keys: IdempotencyStore;
  private readonly dice: PaymentQuirkDice;
  private readonly log = new PaymentAttemptLog();
  /** The order an authorisation or capture id belongs to, for the attempt log: made once, not per request. */
  private readonly referenceOfId = (id: string): string => this.ledger.referenceOf(id);

  /** Throws FakeConfigError naming the field if the configuration is invalid. */
  constructor(
    private readonly env: FakeEnv,
    config: PaymentConfig,
  ) {
    checkPaymentConfig(config);
    this.ledger = new PaymentLedger(env, config.authorizationTtlHours);
    this.keys = new IdempotencyStore(env, config.idempotencyRetentionHours);
    this.dice = new PaymentQuirkDice(env, config.quirks);
  }

  /** The protocol alone: applies the request and answers it, no quirks. Never throws; bodies are fresh copies. */
  handle(request: FakeHttpRequest): FakeHttpResponse {
    return this.route(request).response;
  }

  /** The request as the network and the gateway's load treat it (quirks included), for a transport to deliver. */
  exchange(request: FakeHttpRequest): FakeExchange {
    let reached = false;
    const exchange = this.dice.exchange(
      request,
      () => this.referenceOf(request),
      () => {
        reached = true;
        return this.route(request);
      },
    );
    // Answered without reaching the books: shed under load (a 503). The gateway saw it and said no.
    if (!reached && exchange.kind === 'answered') this.log.record(request, this.env.nowMs(), exchange.response, false, this.referenceOfId);
    return exchange;
  }

  /**
   * Every POST that reached the gateway (refused and shed ones included), in order of arrival:
   * ground truth for money per intent. Requests lost on the way in or sent during an outage never
   * reached it. Frozen records, a fresh array.
   */
  attempts(): PaymentAttempt[] {
    return this.log.all();
  }

  /** How many attempts `attempts()` holds: cheap enough to ask after every event. */
  attemptCount(): number {
    return this.log.count;
  }

  /** The gateway's books at this instant (expiries due by now applied); copies throughout. */
  truth(): PaymentTruth {
    this.ledger.expireDue();
    return { authorizations: this.ledger.truth() };
  }

  /** `payment.<quirk>` for every configured quirk (0 if it never fired). */
  quirkCounts(): QuirkCounts {
    return this.dice.counts();
  }

  /** The protocol on the books, with the attempt logged. */
  private route(request: FakeHttpRequest): ReturnType<typeof routePaymentRequest> {
    this.ledger.expireDue();
    const handled = routePaymentRequest(this.ledger, this.keys, request);
    const replayed = handled.response.headers['idempotent-replayed'] === 'true';
    this.log.record(request, this.env.nowMs(), handled.response, replayed, this.referenceOfId);
    return handled;
  }

  /** Best effort, for the trace: the order reference a request is about, '' if it cannot tell. */
  private referenceOf(request: FakeHttpRequest): string {
    try {
      const { segments, query } = parsePath(request.path);
      const [collection, id] = segments;
      if (collection === 'authorizations' && id === undefined) {
        const body = request.body as { reference?: unknown } | undefined;
        const reference = request.method === 'GET' ? query.get('reference') : body?.reference;
        return typeof reference === 'string' ? reference : '';
      }
      return id === undefined ? '' : this.ledger.referenceOf(id);
    } catch {
      return ''; // a broken path names nothing; the request itself will be refused with 400
    }
  }
}
