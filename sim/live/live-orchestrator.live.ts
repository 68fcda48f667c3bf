/**
 * An orchestrator live (the reference one unless another plugin is named): its own process, SQLite on disk, real HTTP to the POS and the
 * gateway (`converge serve pos|payment`), the WMS's real folder (`converge serve wms`), on the
 * sped-up wall clock every live process shares. Commands come over HTTP, as a sales channel or an
 * admin tool would send them; published events are appended to a JSONL file.
 *
 * Crash-only: nothing is flushed on the way down, because nothing needs to be. A process killed
 * at any instant (SIGKILL) restarts from the same file and resumes from what it committed.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Orchestrator, OrchestratorConfig, OrchestratorPlugin } from '../../orchestrator/plugin.ts';
import type { Scenario } from '../world/scenario-schema.ts';
import { buildTopology } from '../world/topology.ts';
import { LiveClock, type LiveClockSpec } from './live-clock.live.ts';
import { realPorts } from './real-ports.live.ts';
import { describeError } from './real-time-env.live.ts';

export interface LiveOrchestratorOptions {
  /** The orchestrator to run: the bundled reference one, or any plugin. */
  plugin: OrchestratorPlugin;
  scenario: Scenario;
  seed: number;
  clock: LiveClockSpec;
  /** The POS server (`converge serve pos`): stores are reached at `<posUrl>/stores/<storeId>`. */
  posUrl: string;
  /** The gateway (`converge serve payment`). */
  paymentUrl: string;
  /** The WMS shared folder (`converge serve wms --dir`). */
  wmsDir: string;
  storePath: string;
  eventsPath: string;
  /** Command API port on 127.0.0.1; 0 picks a free one. */
  port: number;
  log: (line: string) => void;
}

export interface LiveOrchestrator {
  readonly url: string;
  readonly orchestrator: Orchestrator;
  stop(): Promise<void>;
}

/** The orchestrator's configuration for a scenario, pointed at the live servers. */
export function liveOrchestratorConfig(scenario: Scenario, startEpochMs: number, posUrl: string, paymentUrl: string): OrchestratorConfig {
  const topology = buildTopology({ ...scenario, startInstant: new Date(startEpochMs).toISOString() }, scenario.workload.orders);
  const config = topology.orchestratorConfig;
  return {
    ...config,
    nodes: config.nodes.map((node) => (node.posBaseUrl === undefined ? node : { ...node, posBaseUrl: `${posUrl}/stores/${encodeURIComponent(node.nodeId)}` })),
    ...(config.payment === undefined ? {} : { payment: { ...config.payment, baseUrl: paymentUrl } }),
  };
}

const BODY_LIMIT_BYTES = 256 * 1024;

/** The command API: each route names the plugin method it calls. */
const COMMANDS: Readonly<Record<string, (orchestrator: Orchestrator, body: never) => Promise<unknown> | undefined>> = {
  '/commands/place-order': (orchestrator, body) => orchestrator.placeOrder(body),
  '/commands/cancel-order': (orchestrator, body) => orchestrator.cancelOrder?.(body),
  '/commands/request-return': (orchestrator, body) => orchestrator.requestReturn?.(body),
  '/commands/replay-dead-letter': (orchestrator, body) => orchestrator.replayDeadLetter?.(body),
};

export async function startLiveOrchestrator(options: LiveOrchestratorOptions): Promise<LiveOrchestrator> {
  const clock = new LiveClock(options.clock);
  const ports = realPorts({ clock, storePath: options.storePath, wmsRoot: options.wmsDir, eventsPath: options.eventsPath, seed: options.seed, log: options.log });
  const config = liveOrchestratorConfig(options.scenario, options.clock.startEpochMs, options.posUrl, options.paymentUrl);
  const orchestrator = options.plugin.create(ports, config);
  const server = createServer((request, response) => {
    answer(orchestrator, request, response).catch((error: unknown) => {
      options.log(`${request.method ?? '?'} ${request.url ?? '?'} failed: ${describeError(error)}`);
      send(response, 500, { error: 'INTERNAL_ERROR', message: error instanceof Error ? error.message : String(error) });
    });
  });
  const url = await listen(server, options.port);
  await orchestrator.start();
  return {
    url,
    orchestrator,
    stop: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function listen(server: Server, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    });
  });
}

async function answer(orchestrator: Orchestrator, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const path = (request.url ?? '').split('?')[0] ?? '';
  if (request.method === 'GET') {
    if (path === '/health') return send(response, 200, { status: 'ok', orchestrator: `${orchestrator.name}@${orchestrator.version}` });
    const order = /^\/orders\/([^/]+)$/.exec(path);
    if (order !== null) {
      const view = orchestrator.view().order(decodeURIComponent(order[1] as string));
      return view === undefined ? send(response, 404, { error: 'UNKNOWN_ORDER' }) : send(response, 200, view);
    }
    if (path === '/exceptions') return send(response, 200, orchestrator.view().openExceptions());
    return send(response, 404, { error: 'NO_ROUTE', routes: ['GET /health', 'GET /orders/<orderId>', 'GET /exceptions', ...Object.keys(COMMANDS).map((route) => `POST ${route}`)] });
  }
  const command = COMMANDS[path];
  if (request.method !== 'POST' || command === undefined) return send(response, 404, { error: 'NO_ROUTE', message: `expected POST to one of ${Object.keys(COMMANDS).join(', ')}` });
  const text = await readText(request);
  if (text === undefined) return send(response, 413, { error: 'PAYLOAD_TOO_LARGE', limitBytes: BODY_LIMIT_BYTES });
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return send(response, 400, { error: 'MALFORMED_JSON', message: 'expected the command as a JSON object' });
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return send(response, 400, { error: 'MALFORMED_JSON', message: 'expected the command as a JSON object' });
  const result = await command(orchestrator, body as never);
  if (result === undefined) return send(response, 501, { error: 'NOT_SUPPORTED', message: `${orchestrator.name} does not take ${path}` });
  return send(response, 200, result);
}

function readText(request: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    request.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes <= BODY_LIMIT_BYTES) chunks.push(chunk);
    });
    request.on('end', () => resolve(bytes > BODY_LIMIT_BYTES ? undefined : Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function send(response: ServerResponse, status: number, body: unknown): void {
  if (response.headersSent) return;
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}
