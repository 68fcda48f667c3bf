/**
 * The ports: everything the orchestrator needs from the world that is not pure logic.
 *
 * In a simulated run the harness implements them on virtual time with seeded randomness; in
 * production (and in live mode) they are real. The orchestrator must reach time, timers,
 * randomness, HTTP, files and storage only through these interfaces, so the same code runs
 * deterministically in simulation and for real.
 */

/** Wall clock. Epoch milliseconds (UTC); in simulation, virtual time. */
export interface ClockPort {
  nowMs(): number;
}

export interface TimerHandle {
  cancel(): void;
}

/** Timers. `label` names the timer in the simulation trace; production may ignore it. */
export interface TimersPort {
  /** Runs `callback` once, `delayMs` from now. */
  setTimer(label: string, delayMs: number, callback: () => void): TimerHandle;
  /** Resolves `delayMs` from now. */
  sleep(delayMs: number): Promise<void>;
}

/** A seeded random stream (in production, any decent generator). */
export interface RandomPort {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, maxExclusive). */
  int(maxExclusive: number): number;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** A plain HTTP request: no WHATWG objects on the simulation's hot path. */
export interface HttpRequest {
  method: HttpMethod;
  /** Base URL of the target system, e.g. `http://pos.store-s1`. */
  baseUrl: string;
  /** Path with query string, e.g. `/holds?externalRef=o1:1`. */
  path: string;
  headers: Readonly<Record<string, string>>;
  /** A JSON-compatible value, or undefined for no body. */
  body?: unknown;
  /** The caller gives up after this long and gets `{ kind: 'timeout' }`. */
  timeoutMs: number;
}

export interface HttpResponse {
  kind: 'response';
  status: number;
  headers: Readonly<Record<string, string>>;
  body?: unknown;
}

/** Expected transport failures are values, not exceptions. */
export type HttpOutcome =
  | HttpResponse
  | { kind: 'timeout' }
  | { kind: 'network-error'; message: string };

export interface HttpPort {
  send(request: HttpRequest): Promise<HttpOutcome>;
}

/** A shared folder (SFTP drop box, NFS share) used to trade batch files. */
export interface FilesPort {
  /** Writes (or overwrites) a file. Readers may see it at once: write under a temp name, then rename. */
  write(path: string, content: string): Promise<void>;
  /** Atomic rename: readers see the old name or the new one, never half a file. */
  rename(fromPath: string, toPath: string): Promise<void>;
  read(path: string): Promise<string | undefined>;
  /** File names (not paths) directly inside `dir`, sorted. */
  list(dir: string): Promise<string[]>;
}

/**
 * Durable key-value storage, in namespaces, synchronous (like SQLite through better-sqlite3).
 * Values are JSON-compatible and treated as immutable: store a new object to change one.
 * A write outside a transaction is committed when `put`/`delete` returns; inside one, when the
 * transaction returns. What was committed survives a crash; nothing else does.
 */
export interface StorePort {
  get<T>(namespace: string, key: string): T | undefined;
  put<T>(namespace: string, key: string, value: T): void;
  delete(namespace: string, key: string): void;
  /**
   * Values of a namespace in first-insertion order (re-putting a key keeps its place), as they
   * were when called: writes made while iterating do not show up in the iteration.
   */
  values<T>(namespace: string): IterableIterator<T>;
  /** Runs `work` atomically: all its writes commit together, or none if it throws. No awaits inside. */
  transaction<T>(work: () => T): T;
  /**
   * Whether a transaction is open here and now. Writes that must commit with others (an event's
   * outbox entry, an inbox record, a change to an order) assert it, so a step that forgot its
   * transaction fails at once instead of being torn by the first crash.
   */
  inTransaction(): boolean;
}

/** An event the orchestrator publishes to the outside world (the outbox relay's target). */
export interface PublishedEvent {
  eventId: string;
  type: string;
  aggregateId: string;
  sequence: number;
  occurredAtMs: number;
  source: string;
  correlationId: string;
  causationId?: string;
  schemaVersion: number;
  /** JSON values only (strings, finite numbers, booleans, null, arrays, plain objects): it goes on a bus as JSON, and the harness reads it both ways. Not mutated after publishing. */
  payload: Readonly<Record<string, unknown>>;
}

export interface EventsPort {
  publish(event: PublishedEvent): void;
}

/** Everything an orchestrator gets from the world. */
export interface Ports {
  clock: ClockPort;
  timers: TimersPort;
  random: RandomPort;
  http: HttpPort;
  files: FilesPort;
  store: StorePort;
  events: EventsPort;
}
