/**
 * What a simulated transport tells the world, so the world can trace every request's fate. The
 * calls say what happened on the wire and at the server; what the caller got follows from them
 * (a reply it saw, a timeout, a refusal).
 */
import type { HttpRequest } from '../../orchestrator/ports.ts';
import type { FakeHttpResponse } from '../../legacy-fakes/http.ts';

/**
 * Why a reply never reached its caller:
 * `late` it arrived after the caller's timeout; `superseded` the caller already had the other
 * copy's reply (a duplicated request); `server` the fake applied the request and dropped the reply
 * (exchange `reply-lost`); `network` the network lost it on the way back (fault `replyLoss`).
 */
export type ReplyLossCause = 'late' | 'superseded' | 'server' | 'network';

export interface TransportObserver {
  /** The request reached the server (the first copy). */
  requestDelivered(request: HttpRequest): void;
  /** A second copy of the request reached the server (fault `duplicate`). */
  duplicated(request: HttpRequest): void;
  /** The network lost the request before the server saw it (fault `loss`). */
  lost(request: HttpRequest): void;
  /** The caller got this reply. */
  responseDelivered(request: HttpRequest, response: FakeHttpResponse): void;
  /** The server answered (and applied the request, if it changes anything), but the caller never saw it. */
  responseLost(request: HttpRequest, response: FakeHttpResponse, cause: ReplyLossCause): void;
  /** The fake took the request and will never answer: `request-lost` (not applied) or `hung`. */
  unanswered(request: HttpRequest, kind: 'request-lost' | 'hung'): void;
  /** The server refused the connection; the caller gets a network error unless it already gave up. */
  refused(request: HttpRequest): void;
  /** The caller gave up waiting. */
  timedOut(request: HttpRequest): void;
  /** No fake answers at that base URL. */
  unroutable(request: HttpRequest): void;
}

/** For tests and tools that do not trace. */
export const SILENT_OBSERVER: TransportObserver = {
  requestDelivered: () => undefined,
  duplicated: () => undefined,
  lost: () => undefined,
  responseDelivered: () => undefined,
  responseLost: () => undefined,
  unanswered: () => undefined,
  refused: () => undefined,
  timedOut: () => undefined,
  unroutable: () => undefined,
};
