/** Expected failures at the edges are values with a kind; only bugs throw. */
export type AdapterOutcome<T> =
  | { kind: 'ok'; value: T }
  /** No answer in time: the request may or may not have been applied. */
  | { kind: 'timeout' }
  /** The system answered no, for a business reason (`code` is its error code). */
  | { kind: 'rejected'; code: string; status: number; message: string }
  /** The system is down or asked us to come back later. */
  | { kind: 'unavailable'; retryAfterMs: number | null; message: string }
  /** The answer broke the protocol: a bug on one side, never retried blindly. */
  | { kind: 'malformed'; message: string };

export function ok<T>(value: T): AdapterOutcome<T> {
  return { kind: 'ok', value };
}
