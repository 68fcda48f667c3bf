/**
 * The payment gateway fake: one card gateway over HTTP/JSON (authorise, capture, void, refund,
 * look up), with Stripe's idempotency keys, as docs/legacy-protocols.md describes. This file is
 * the public entry: configuration checks and wiring; the books, the routes, the keys and the
 * quirks each live in their own file.
 */
import type { FakeEnv } from '../env.ts';
import { parsePath } from '../http.ts';
import type { FakeExchange, FakeHttpRequest, FakeHttpResponse, QuirkCounts } from '../http.ts';
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

export class PaymentFake {
  private readonly ledger: PaymentLedger;
  private readonly keys: IdempotencyStore;
  private readonly dice: PaymentQuirkDice;

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
    this.ledger.expireDue();
    return routePaymentRequest(this.ledger, this.keys, request).response;
  }

  /** The request as the network and the gateway's load treat it (quirks included), for a transport to deliver. */
  exchange(request: FakeHttpRequest): FakeExchange {
    return this.dice.exchange(
      request,
      () => this.referenceOf(request),
      () => {
        this.ledger.expireDue();
        return routePaymentRequest(this.ledger, this.keys, request);
      },
    );
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
