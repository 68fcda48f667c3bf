/**
 * The orchestrator's ports for real: the wall clock (sped up), Node timers, real HTTP (fetch),
 * a real folder, SQLite on disk and an append-only event log. What `converge orchestrate` hands
 * the orchestrator; the code behind the ports is the code every simulated run exercises.
 */
import { appendFileSync } from 'node:fs';
import type { FilesPort, HttpOutcome, HttpPort, HttpRequest, Ports, TimersPort } from '../../orchestrator/ports.ts';
import { SqliteStore } from '../../orchestrator/store/sqlite-store.node.ts';
import { RandomStreams } from '../kernel/random.ts';
import type { LiveClock } from './live-clock.live.ts';
import { LiveWmsFolder } from './wms-folder.live.ts';

export interface RealPortsOptions {
  clock: LiveClock;
  /** The SQLite file (created if missing): what survives the process. */
  storePath: string;
  /** The WMS shared folder's root (the DC folders `<root>/<dcId>/in|out` are under it). */
  wmsRoot: string;
  /** Published events are appended here, one JSON object a line (the bus's stand-in). */
  eventsPath: string;
  /** Seeds the orchestrator's random stream (with the process id: a restart draws afresh). */
  seed: number;
  /**
   * A request's timeout in real ms is its simulated timeout scaled by the speed, but never below
   * this: a loopback round trip under load takes milliseconds of real time, which at speed 240
   * is already a simulated second. Default 1,000 ms.
   */
  minimumTimeoutRealMs?: number;
  log: (line: string) => void;
}

export interface RealPorts extends Ports {
  store: SqliteStore;
}

export function realPorts(options: RealPortsOptions): RealPorts {
  const { clock } = options;
  const random = new RandomStreams(options.seed).stream(`orchestrator.live.${process.pid}`);
  return {
    clock: { nowMs: () => clock.nowMs() },
    timers: realTimers(clock),
    random,
    http: realHttp(clock, options.minimumTimeoutRealMs ?? 1_000),
    files: realFiles(new LiveWmsFolder(options.wmsRoot, (line) => options.log(`folder ${line}`))),
    store: new SqliteStore(options.storePath),
    events: {
      // appendFileSync returns once the kernel has the bytes: a SIGKILL after it loses nothing.
      publish: (event) => appendFileSync(options.eventsPath, `${JSON.stringify(event)}\n`),
    },
  };
}

function realTimers(clock: LiveClock): TimersPort {
  return {
    setTimer: (_label, delayMs, callback) => {
      const timer = setTimeout(callback, clock.timerMs(delayMs));
      return { cancel: () => clearTimeout(timer) };
    },
    sleep: (delayMs) => new Promise((resolve) => setTimeout(resolve, clock.timerMs(delayMs))),
  };
}

function realHttp(clock: LiveClock, minimumTimeoutRealMs: number): HttpPort {
  return {
    async send(request: HttpRequest): Promise<HttpOutcome> {
      const timeoutMs = Math.max(minimumTimeoutRealMs, clock.timerMs(request.timeoutMs));
      try {
        const response = await fetch(request.baseUrl + request.path, {
          method: request.method,
          headers: request.body === undefined ? request.headers : { 'content-type': 'application/json', ...request.headers },
          ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
          signal: AbortSignal.timeout(timeoutMs),
        });
        const headers: Record<string, string> = {};
        response.headers.forEach((value, name) => {
          headers[name] = value;
        });
        const text = await response.text();
        return { kind: 'response', status: response.status, headers, ...(text === '' ? {} : { body: jsonOrText(text) }) };
      } catch (error) {
        if (error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError')) return { kind: 'timeout' };
        return { kind: 'network-error', message: describeCause(error) };
      }
    },
  };
}

/** A body that is not JSON reaches the adapter as its text: answering it is the adapter's job. */
function jsonOrText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** fetch wraps the socket's error (ECONNREFUSED, ECONNRESET) in a TypeError's cause. */
function describeCause(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as Error & { cause?: unknown }).cause;
  const code = (cause as NodeJS.ErrnoException | undefined)?.code;
  return code === undefined ? error.message : `${error.message} (${code})`;
}

function realFiles(folder: LiveWmsFolder): FilesPort {
  return {
    write: async (path, content) => folder.write(path, content),
    rename: async (fromPath, toPath) => folder.rename(fromPath, toPath),
    read: async (path) => folder.read(path),
    list: async (dir) => folder.list(dir),
  };
}
