/**
 * Plain HTTP shapes as the fakes see them. Structurally the same as the orchestrator's port
 * types (the harness checks that at compile time), declared here so the fakes import nothing
 * from the orchestrator.
 */
/**
 * Set by the simulated network on the copy of a request it delivers twice (`network.duplicate`).
 * No real system sends it; a fake keeps it only as ground truth (which POS hold a copy made), and
 * answers exactly as it would without it.
 */
export const NETWORK_COPY_HEADER = 'x-converge-network-copy';

export interface FakeHttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  headers: Readonly<Record<string, string>>;
  body?: unknown;
}

export interface FakeHttpResponse {
  status: number;
  headers: Readonly<Record<string, string>>;
  body?: unknown;
}

export function json(status: number, body: unknown, headers?: Record<string, string>): FakeHttpResponse {
  // Most answers carry no header of their own: no spread for them.
  return { status, headers: headers === undefined ? { 'content-type': 'application/json' } : { 'content-type': 'application/json', ...headers }, body };
}

/**
 * The first of the header names that reads `lowerCaseName` in any case, or undefined: header
 * names are case-insensitive on the wire.
 */
export function findHeaderName(headers: Readonly<Record<string, unknown>>, lowerCaseName: string): string | undefined {
  for (const name of Object.keys(headers)) if (name === lowerCaseName || name.toLowerCase() === lowerCaseName) return name;
  return undefined;
}

export interface ParsedPath {
  segments: string[];
  query: URLSearchParams;
}

/**
 * Most paths are read for their segments alone (a route, a trace's reference), so the query is
 * parsed the first time someone asks for it. URLSearchParams never throws, so reading it later
 * changes no outcome.
 */
class LazyQueryPath implements ParsedPath {
  private parsedQuery: URLSearchParams | undefined;

  constructor(
    readonly segments: string[],
    private readonly search: string,
  ) {}

  get query(): URLSearchParams {
    this.parsedQuery ??= new URLSearchParams(this.search);
    return this.parsedQuery;
  }
}

/**
 * Splits `/a/b?x=1&y=2` into segments (empty ones dropped) and query parameters. Throws URIError
 * on a broken %-escape. Every request is routed through here: the segments are cut straight out
 * of the path, without splitting off the pathname and a list of parts first.
 */
export function parsePath(path: string): ParsedPath {
  const questionMark = path.indexOf('?');
  const pathEnd = questionMark < 0 ? path.length : questionMark;
  const segments: string[] = [];
  for (let start = 0; start < pathEnd; ) {
    const slash = path.indexOf('/', start);
    const end = slash < 0 || slash > pathEnd ? pathEnd : slash;
    if (end > start) {
      const segment = path.slice(start, end);
      segments.push(segment.includes('%') ? decodeURIComponent(segment) : segment);
    }
    start = end + 1;
  }
  return new LazyQueryPath(segments, questionMark < 0 ? '' : path.slice(questionMark + 1));
}

/** parsePath(), or undefined for a path it cannot read: the caller sent a bad URL, which is not a bug here. */
export function tryParsePath(path: string): ParsedPath | undefined {
  try {
    return parsePath(path);
  } catch {
    return undefined;
  }
}

/**
 * What became of one request inside a fake, for a transport (direct, msw, live server) to carry
 * out. The fake decides its own quirks, seeded; the transport only delivers the outcome, so the
 * behaviour is defined once for every transport.
 */
export type FakeExchange =
  /** Applied (or refused) and answered after `serviceMs` of server time (queueing included). */
  | { kind: 'answered'; response: FakeHttpResponse; serviceMs: number }
  /** Applied, but the reply never reaches the caller: a ghost success once the caller times out. */
  | { kind: 'reply-lost'; response: FakeHttpResponse; serviceMs: number }
  /** Never applied and never answered (the caller times out). */
  | { kind: 'request-lost' }
  /** The server is unreachable and the connection hangs until the caller gives up. */
  | { kind: 'hung' }
  /** The server is unreachable and the connection is refused at once. */
  | { kind: 'refused' };

/** Where a quirk fired, for the run's "did the fault really happen" report. */
export interface QuirkCounts {
  /** Quirk name (`pos.ghost_success`, `wms.duplicate_confirmation`, ...) to times it fired. */
  readonly [quirk: string]: number;
}

/** An integer probability [numerator, denominator]; [0, 1] never fires. */
export type Ratio = readonly [number, number];
