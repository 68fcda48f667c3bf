/**
 * Reading a trace event's `detail` back: orchestrator events carry their payload as compact JSON,
 * other sources a plain line. Tools that read traces (explain, replay's world state, the
 * dashboard) take fields from it without trusting its shape.
 */
export function detailFields(detail: string): Record<string, unknown> {
  if (!detail.startsWith('{')) return {};
  try {
    const value = JSON.parse(detail) as unknown;
    return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** A field as text: a string stays, anything else is ''. */
export function textField(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** The detail text last read (or primed) and its payload: every checker reads the same event in turn. */
let memoDetail: string | null = null;
let memoPayload: unknown = undefined;

/**
 * An orchestrator event's payload, parsed from its `detail` once however many checkers read it
 * (several read each `fo.transitioned`; parsing was a visible share of a run's profile).
 * Readers must not mutate it: the next reader of the same event gets the same object.
 */
export function payloadOf<T>(event: { readonly detail: string }): Partial<T> {
  if (memoDetail !== event.detail) {
    memoPayload = JSON.parse(event.detail) as unknown;
    memoDetail = event.detail;
  }
  return memoPayload as Partial<T>;
}

/**
 * Tells payloadOf() that `detail` is the JSON of `payload`, which the writer of the event still
 * holds: the checkers reading that event then skip the parse. Payloads are JSON values (the
 * plugin API says so), so the object and its parsed text read the same.
 */
export function primePayload(detail: string, payload: unknown): void {
  memoDetail = detail;
  memoPayload = payload;
}
