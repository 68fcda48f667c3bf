/**
 * Plain HTTP shapes as the fakes see them. Structurally the same as the orchestrator's port
 * types (the harness checks that at compile time), declared here so the fakes import nothing
 * from the orchestrator.
 */
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

/** Splits `/a/b?x=1&y=2` into segments and query parameters. */
export function parsePath(path: string): { segments: string[]; query: URLSearchParams } {
  const questionMark = path.indexOf('?');
  const pathname = questionMark < 0 ? path : path.slice(0, questionMark);
  const query = new URLSearchParams(questionMark < 0 ? '' : path.slice(questionMark + 1));
  return { segments: pathname.split('/').filter((segment) => segment.length > 0).map(decodeURIComponent), query };
}
