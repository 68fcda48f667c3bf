/**
 * The POS fake as a real HTTP server (node:http on 127.0.0.1), for orchestrators outside this
 * process or language. One server answers for every store (store-address.ts says how a request
 * names its store). Each request goes to the store's Endpoint and what the fake decided is
 * carried out for real:
 *
 * - answered: the response, after `serviceMs / speed` real ms;
 * - reply-lost: applied, then the connection is destroyed (after `serviceMs / speed`), so the
 *   caller never learns the outcome: a ghost success once it gives up or retries;
 * - refused: the connection is destroyed at once (a real refusal happens before HTTP; this is as
 *   close as a server that has accepted the connection can come);
 * - hung, request-lost: no answer; the connection stays open until the client gives up, or at
 *   most `hungMaxMs` of real time, then it is destroyed.
 *
 * Before the fake sees a request: bodies above `bodyLimitBytes` get 413, bodies that are not
 * JSON 400 MALFORMED_JSON, methods no fake speaks 404 NO_ROUTE, unknown stores 404
 * UNKNOWN_STORE. No input crashes the server: anything unexpected is a 500 and a log line.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { json } from '../../legacy-fakes/http.ts';
import type { FakeExchange, FakeHttpRequest, FakeHttpResponse } from '../../legacy-fakes/http.ts';
import type { Endpoint } from '../transports/endpoint.ts';
import { isFakeMethod, noRoute, parseJsonBody } from '../transports/wire-body.ts';
import { describeError } from './real-time-env.live.ts';
import { storeAddress, type StoreAddress } from './store-address.ts';

export interface PosServerOptions {
  /** Each store's POS by store id, in configuration order. */
  stores: ReadonlyMap<string, Endpoint>;
  /** Simulated ms per real ms: a `serviceMs` of 300 at speed 10 is answered after 30 real ms. */
  speed: number;
  /** 0 picks any free port; read the real one back from `PosServer.port`. */
  port: number;
  /** Default 127.0.0.1: the fakes are test doubles, not services for the network. */
  host?: string;
  /** Default 64 KiB; a POS request body is a few hundred bytes. */
  bodyLimitBytes?: number;
  /** Real ms a hung connection is kept open at most. Default 5 minutes. */
  hungMaxMs?: number;
  /** Slow clients: headers within `headersMs` (default 20 s), the whole request within `requestMs` (default 60 s). */
  slowClientTimeouts?: SlowClientTimeouts;
  /** One line per request and per problem. */
  log?: (line: string) => void;
  /** Which endpoint a request is for; default `storeAddress` (a path prefix or a Host name per store). */
  address?: (target: string, host: string | undefined, endpointIds: readonly string[]) => StoreAddress;
}

export interface SlowClientTimeouts {
  headersMs: number;
  requestMs: number;
}

export const SLOW_CLIENT_TIMEOUTS: SlowClientTimeouts = { headersMs: 20_000, requestMs: 60_000 };

/**
 * How often Node checks connections against those timeouts. Its default (30 s) let a slow client
 * hold a connection 50 s and 80 s instead of the documented 20 s and 60 s; a check every
 * twentieth of the headers timeout keeps each within 5 % of its value.
 */
function checkingIntervalMs(timeouts: SlowClientTimeouts): number {
  return Math.max(10, Math.floor(timeouts.headersMs / 20));
}

export interface PosServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  /** Stops listening, drops every connection (hung ones too) and cancels pending replies. */
  close(): Promise<void>;
}

export const BODY_LIMIT_BYTES_DEFAULT = 64 * 1024;
export const HUNG_MAX_MS_DEFAULT = 5 * 60_000;
/** Past the limit the body is still read (so the client gets its 413) up to this much, then cut off. */
const DISCARD_BYTES_MAX = 8 * 1024 * 1024;
/** Every 4xx is JSON with an `error`, even for bytes that are not HTTP. */
const MALFORMED_HTTP = JSON.stringify({ error: 'BAD_REQUEST', message: 'not a valid HTTP/1.1 request' });
const SLOW_CLIENT = JSON.stringify({ error: 'REQUEST_TIMEOUT', message: 'headers or body not received in time (headers within 20 s, the whole request within 60 s by default)' });

type Body = { kind: 'ok'; text: string } | { kind: 'too-large'; bytes: number } | { kind: 'cut-off' } | { kind: 'aborted' };

function readBody(request: IncomingMessage, limitBytes: number): Promise<Body> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    let settled = false;
    const settle = (body: Body): void => {
      if (settled) return;
      settled = true;
      resolve(body);
    };
    request.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes <= limitBytes) chunks.push(chunk);
      else if (bytes > limitBytes + DISCARD_BYTES_MAX) settle({ kind: 'cut-off' });
    });
    request.on('end', () => settle(bytes > limitBytes ? { kind: 'too-large', bytes } : { kind: 'ok', text: Buffer.concat(chunks).toString('utf8') }));
    request.on('error', () => settle({ kind: 'aborted' }));
    request.on('close', () => settle({ kind: 'aborted' }));
  });
}

function headersOf(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

class LivePosServer implements PosServer {
  readonly url: string;
  readonly port: number;
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private readonly storeIds: string[];
  private readonly bodyLimitBytes: number;
  private readonly hungMaxMs: number;
  private readonly log: (line: string) => void;

  constructor(
    private readonly server: Server,
    private readonly options: PosServerOptions,
    port: number,
  ) {
    this.port = port;
    this.url = `http://${options.host ?? '127.0.0.1'}:${port}`;
    this.storeIds = [...options.stores.keys()];
    this.bodyLimitBytes = options.bodyLimitBytes ?? BODY_LIMIT_BYTES_DEFAULT;
    this.hungMaxMs = options.hungMaxMs ?? HUNG_MAX_MS_DEFAULT;
    this.log = options.log ?? (() => undefined);
    server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      // serve() answers its own failures (500); this is for a failure of that answer itself.
      this.serve(request, response).then(undefined, (error: unknown) => {
        this.log(`request failed while answering it: ${describeError(error)}`);
        request.socket.destroy();
      });
    });
  }

  close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const line = `${request.method ?? '?'} ${request.url ?? '?'}`;
    try {
      const body = await readBody(request, this.bodyLimitBytes);
      if (body.kind === 'aborted') return;
      if (body.kind === 'cut-off') {
        this.reply(response, json(413, { error: 'PAYLOAD_TOO_LARGE', limitBytes: this.bodyLimitBytes }), line, { connection: 'close' });
        response.on('finish', () => request.socket.destroy());
        return;
      }
      if (body.kind === 'too-large') {
        this.reply(response, json(413, { error: 'PAYLOAD_TOO_LARGE', limitBytes: this.bodyLimitBytes }), line);
        return;
      }
      const decided = this.decide(request, body.text);
      if ('status' in decided) this.reply(response, decided, line);
      else this.carryOut(request, response, decided.exchange, `${line} [${decided.storeId}]`);
    } catch (error) {
      this.log(`${line} -> 500: ${describeError(error)}`);
      if (!response.headersSent && !response.destroyed) this.reply(response, json(500, { error: 'INTERNAL_ERROR' }), line);
      else request.socket.destroy();
    }
  }

  /** The edge's own answer, or the fake's decision for the store the request names. */
  private decide(request: IncomingMessage, text: string): FakeHttpResponse | { storeId: string; exchange: FakeExchange } {
    const address = (this.options.address ?? storeAddress)(request.url ?? '', request.headers.host, this.storeIds);
    if (!address.ok) {
      switch (address.reason) {
        case 'bad-target':
          return json(400, { error: 'BAD_REQUEST', message: 'request target: expected a path starting with "/"' });
        case 'no-store':
          return json(404, { error: 'UNKNOWN_STORE', message: 'name the store with a path /stores/<storeId>/... or a Host header pos-<storeid>...' });
        case 'unknown-store':
          return json(404, { error: 'UNKNOWN_STORE', store: address.named.slice(0, 100), stores: this.storeIds });
        default:
          return address.reason satisfies never;
      }
    }
    const method = request.method ?? '';
    if (!isFakeMethod(method)) return noRoute();
    const parsed = parseJsonBody(text);
    if (!parsed.ok) return parsed.response;
    const fakeRequest: FakeHttpRequest = { method, path: address.path, headers: headersOf(request), ...(parsed.body === undefined ? {} : { body: parsed.body }) };
    const endpoint = this.options.stores.get(address.storeId) as Endpoint;
    return { storeId: address.storeId, exchange: endpoint(fakeRequest) };
  }

  private carryOut(request: IncomingMessage, response: ServerResponse, exchange: FakeExchange, line: string): void {
    const socket = request.socket;
    switch (exchange.kind) {
      case 'answered':
        this.after(this.serviceRealMs(exchange.serviceMs), response, () => this.reply(response, exchange.response, line, {}, exchange.serviceMs));
        return;
      case 'reply-lost':
        this.log(`${line} -> reply lost (applied: ${exchange.response.status}), connection dropped after ${exchange.serviceMs} ms`);
        this.after(this.serviceRealMs(exchange.serviceMs), response, () => socket.destroy());
        return;
      case 'refused':
        this.log(`${line} -> refused, connection dropped`);
        socket.destroy();
        return;
      case 'request-lost':
      case 'hung':
        this.log(`${line} -> ${exchange.kind}, no answer (connection held at most ${this.hungMaxMs} ms)`);
        this.after(this.hungMaxMs, response, () => socket.destroy());
        return;
      default:
        exchange satisfies never;
    }
  }

  /** Runs `action` after `realMs`, unless the client went away first. */
  private after(realMs: number, response: ServerResponse, action: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      try {
        action();
      } catch (error) {
        this.log(`a delayed reply failed: ${error instanceof Error ? error.message : String(error)}`);
        response.socket?.destroy();
      }
    }, realMs);
    this.timers.add(timer);
    response.on('close', () => {
      clearTimeout(timer);
      this.timers.delete(timer);
    });
  }

  private serviceRealMs(serviceMs: number): number {
    return Math.max(0, serviceMs / this.options.speed);
  }

  private reply(response: ServerResponse, fake: FakeHttpResponse, line: string, extra: Record<string, string> = {}, serviceMs?: number): void {
    if (response.destroyed || response.headersSent) return;
    const text = fake.body === undefined ? '' : JSON.stringify(fake.body);
    response.writeHead(fake.status, { ...fake.headers, ...extra, 'content-length': String(Buffer.byteLength(text)) });
    response.end(text);
    this.log(`${line} -> ${fake.status}${serviceMs === undefined ? '' : ` after ${serviceMs} ms`}`);
  }
}

/** Starts listening; resolves once the port is bound (rejects if it cannot be, e.g. EADDRINUSE). */
export function startPosServer(options: PosServerOptions): Promise<PosServer> {
  if (!(options.speed > 0)) throw new RangeError(`startPosServer: speed must be above 0, got ${options.speed}`);
  const timeouts = options.slowClientTimeouts ?? SLOW_CLIENT_TIMEOUTS;
  const server = createServer({ requestTimeout: timeouts.requestMs, headersTimeout: timeouts.headersMs, connectionsCheckingInterval: checkingIntervalMs(timeouts) });
  const log = options.log ?? (() => undefined);
  // A malformed request line or headers never reaches 'request': answer it and move on.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (error.code !== 'ECONNRESET') log(`bad HTTP from a client: ${error.code ?? error.message}`);
    // Too slow is not malformed: the client is told which, as Node itself would (408).
    const [status, body] = error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? ['408 Request Timeout', SLOW_CLIENT] : ['400 Bad Request', MALFORMED_HTTP];
    if (socket.writable) socket.end(`HTTP/1.1 ${status}\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    else socket.destroy();
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      server.on('error', (error) => log(`server error: ${error.message}`));
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : options.port;
      resolve(new LivePosServer(server, options, port));
    });
  });
}
