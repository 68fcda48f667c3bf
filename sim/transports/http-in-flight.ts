/**
 * How each network trace kind moves the count of requests in flight at a system. The network
 * (simulated-network.ts) decides when each happens and tells its observer; the world names the
 * trace kinds (world.ts, the transport observer). Every copy of a request the network hands to a system
 * (`http.request` for the first, `http.duplicated` for a copy the network made) ends in exactly
 * one of `http.response`, `http.reply_lost` (lost on the way back, by the server, or too late
 * for a caller that timed out or was already answered), `http.unanswered` (the system kept it or
 * hung) or `http.refused` (the system is offline). Counting copies on both sides keeps the
 * count exact: a duplicate's own ending must not close the original.
 *
 * Not counted, because no copy reached a system: `http.lost` (lost on the way there) and
 * `http.unroutable`. Not an end either: `http.timeout` is the caller giving up; the copy still
 * ends on its own later (a late `http.reply_lost`) or has already (`http.unanswered`).
 */
const STARTS = new Set(['http.request', 'http.duplicated']);
const ENDS = new Set(['http.response', 'http.reply_lost', 'http.unanswered', 'http.refused']);

/** +1 when a copy reaches a system, -1 when it ends there, 0 for anything else. */
export function inFlightDelta(kind: string): 1 | -1 | 0 {
  if (STARTS.has(kind)) return 1;
  return ENDS.has(kind) ? -1 : 0;
}
