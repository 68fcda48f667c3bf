/**
 * One store's POS server: the register's protocol (`handle`: authentication, then the routes)
 * wrapped in the store's real-world quirks (`exchange`). The store's state, staff, shoppers and
 * register each live in their own file; this one only decides, per request, in a fixed order:
 * outage, then the per-request faults, then the real handling, then the register's time.
 */
import type { FakeEnv } from '../env.ts';
import { json, tryParsePath } from '../http.ts';
import type { FakeExchange, FakeHttpRequest, FakeHttpResponse } from '../http.ts';
import { offlineExchange, offlineWindowAt } from '../offline-windows.ts';
import { GARBLED_FORMS, garble } from '../garbled-reply.ts';
import { checkApiKey } from './pos-auth.ts';
import { PosFaults } from './pos-faults.ts';
import type { PosQuirkLog, PosQuirkName } from './pos-quirk-log.ts';
import { PosRegister } from './pos-register.ts';
import { TEXT_FIELD_LENGTH_MAX } from './pos-request.ts';
import { routePosRequest } from './pos-routes.ts';
import { PosShoppers } from './pos-shoppers.ts';
import { PosStaff } from './pos-staff.ts';
import { PosStore } from './pos-store.ts';
import type { PosStoreConfig } from './pos-types.ts';

/** The fields a caller finds a POS record by: what a garbling proxy may drop. */
const POS_ID_FIELDS = ['holdId', 'externalRef', 'sku'];

/** How much of a path a trace detail quotes. */
const PATH_SHOWN_MAX = 80;

/** What a register that swallowed an exception says: the stack trace never leaves the till. */
const SWALLOWED_EXCEPTION = 'HoldService: Object reference not set to an instance of an object.';

function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;
}

function isReference(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= TEXT_FIELD_LENGTH_MAX;
}

export class PosServer {
  readonly store: PosStore;
  private readonly faults: PosFaults;
  private readonly register: PosRegister;

  constructor(
    private readonly env: FakeEnv,
    private readonly config: PosStoreConfig,
    private readonly quirks: PosQuirkLog,
  ) {
    // The store tells staff when a hold is asked for; staff work the store. The hook first runs
    // on a request, long after both exist.
    this.store = new PosStore(env, config, (holdId) => staff.asked(holdId), quirks);
    const staff = new PosStaff(env, config, this.store);
    const configured = config.quirks ?? {};
    this.faults = new PosFaults(env, config.storeId, configured);
    this.register = new PosRegister(env, config.storeId, configured.serviceMs, config.registers);
    // Shoppers run from construction: nothing else starts them, and a store without them books nothing.
    if (configured.inStoreShoppers !== undefined) new PosShoppers(env, config, configured.inStoreShoppers, this.store).start();
  }

  /** The protocol without quirks: the API key, then the routes. Never throws; copies out. */
  handle(request: FakeHttpRequest): FakeHttpResponse {
    if (typeof request !== 'object' || request === null) {
      return json(400, { error: 'BAD_REQUEST', message: 'request: expected an object { method, path, headers, body }' });
    }
    const denied = checkApiKey(request.headers, this.config.quirks?.apiKey);
    if (denied !== undefined) {
      this.fire('unauthorized', request);
      return denied;
    }
    return routePosRequest(this.store, request);
  }

  /** The request as the real store would treat it today: maybe never arriving, never answered, or late. */
  exchange(request: FakeHttpRequest): FakeExchange {
    const outage = offlineWindowAt(this.config.quirks?.offline, this.env.nowMs());
    if (outage !== undefined) {
      this.fire(outage.mode === 'hang' ? 'offline_hang' : 'offline_refuse', request);
      return offlineExchange(outage);
    }
    const fault = this.faults.next();
    switch (fault) {
      case 'unavailable': {
        this.fire('unavailable', request);
        // Refused at the door, before the worker: no register time, no queue.
        const retryAfterSeconds = this.config.quirks?.unavailable?.retryAfterSeconds ?? 0;
        return { kind: 'answered', response: json(503, { error: 'UNAVAILABLE' }, { 'retry-after': String(retryAfterSeconds) }), serviceMs: 0 };
      }
      case 'lost_request':
        this.fire('lost_request', request);
        return { kind: 'request-lost' };
      case 'ghost_success': {
        const response = this.handle(request);
        this.fire('ghost_success', request);
        return { kind: 'reply-lost', response, serviceMs: this.serve(request) };
      }
      case 'error_in_body':
        this.fire('error_in_body', request);
        return { kind: 'answered', response: json(200, { error: 'POS_INTERNAL', message: SWALLOWED_EXCEPTION }), serviceMs: this.serve(request) };
      case 'garbled_reply': {
        const response = this.handle(request);
        if (response.status < 200 || response.status >= 300) return { kind: 'answered', response, serviceMs: this.serve(request) };
        this.fire('garbled_reply', request);
        return { kind: 'answered', response: { ...response, body: garble(response.body, this.faults.garbledForm(GARBLED_FORMS), POS_ID_FIELDS) }, serviceMs: this.serve(request) };
      }
      case undefined:
        return { kind: 'answered', response: this.handle(request), serviceMs: this.serve(request) };
      default:
        return fault satisfies never;
    }
  }

  /** The register works the request; one that waited behind another is counted as queued. */
  private serve(request: FakeHttpRequest): number {
    const { serviceMs, waitedMs } = this.register.serve();
    if (waitedMs > 0) this.quirks.fire('queued', this.referenceOf(request), `${this.describe(request)} waited ${waitedMs}ms`);
    return serviceMs;
  }

  private fire(name: PosQuirkName, request: FakeHttpRequest): void {
    this.quirks.fire(name, this.referenceOf(request), this.describe(request));
  }

  /**
   * The order reference a request concerns, for the trace: the body's or the query's
   * externalRef, or the reference of the hold the path names; '' when there is none.
   */
  private referenceOf(request: FakeHttpRequest): string {
    const fromBody = field(field(request, 'body'), 'externalRef');
    if (isReference(fromBody)) return fromBody;
    const path = field(request, 'path');
    if (typeof path !== 'string') return '';
    const parsed = tryParsePath(path);
    if (parsed === undefined) return ''; // a broken %-escape names nothing
    const fromQuery = parsed.query.get('externalRef');
    if (isReference(fromQuery)) return fromQuery;
    const [first, holdId] = parsed.segments;
    return first === 'holds' && holdId !== undefined ? this.store.referenceOf(holdId) : '';
  }

  private describe(request: FakeHttpRequest): string {
    const method = field(request, 'method');
    const path = field(request, 'path');
    const pathText = typeof path === 'string' ? path : '?';
    const shown = pathText.length <= PATH_SHOWN_MAX ? pathText : `${pathText.slice(0, PATH_SHOWN_MAX)}...`;
    return `${this.config.storeId} ${typeof method === 'string' ? method : '?'} ${shown}`;
  }
}
