/**
 * A path as it reaches a server once a real HTTP client has sent it. fetch parses
 * `${baseUrl}${path}` as a WHATWG URL: it percent-encodes spaces and non-ASCII, drops a fragment
 * and a bare trailing `?`, resolves `.` and `..` segments (`%2e` too) and turns `\` into `/`.
 * The direct transport applies the same parse, so a fake sees the same path whichever
 * transport carried the request.
 */

/** Characters the URL parser leaves alone in a path and in a query (`'` is encoded in a query). */
const UNCHANGED_PATTERN = /^[A-Za-z0-9\-._~!$&()*+,;=:@/%?]*$/;
/** What may still change among those characters: a dot segment, an encoded dot, a bare trailing `?`. */
const MAY_CHANGE_PATTERN = /\/\.|%2e|\?$/i;

/** The path with query the server sees for `path` sent to `baseUrl` (a URL origin). */
export function wirePath(baseUrl: string, path: string): string {
  // The common case, checked in well under a microsecond: nothing to change, no URL object built.
  if (UNCHANGED_PATTERN.test(path) && !MAY_CHANGE_PATTERN.test(path)) return path;
  const url = new URL(`${baseUrl}${path}`);
  return url.pathname + url.search;
}
