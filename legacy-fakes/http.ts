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

export function json(status: number, body: unknown, headers: Record<string, string> = {}): FakeHttpResponse {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body };
}

export interface ParsedPath {
  segments: string[];
  query: URLSearchParams;
}

/** Splits `/a/b?x=1&y=2` into segments and query parameters. Throws URIError on a broken %-escape. */
export function parsePath(path: string): ParsedPath {
  const questionMark = path.indexOf('?');
  const pathname = questionMark < 0 ? path : path.slice(0, questionMark);
  const query = new URLSearchParams(questionMark < 0 ? '' : path.slice(questionMark + 1));
  const segments: string[] = [];
  for (const segment of pathname.split('/')) if (segment.length > 0) segments.push(segment.includes('%') ? decodeURIComponent(segment) : segment);
  return { segments, query };
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
