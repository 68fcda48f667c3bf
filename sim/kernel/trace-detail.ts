/** The detail text last read (or primed) and its fields: every reader of one event asks in turn. */
let memoDetail: string | null = null;
let memoFields: Readonly<Record<string, unknown>> = {};

/**
 * Reading a trace event's `detail` back: orchestrator events carry their payload as compact JSON,
 * other sources a plain line, which reads as {}. Checkers, explain, replay's world state and the
 * dashboard take fields from it without trusting its shape. Every reader of one event asks for
 * the same text in turn (three checkers read each `fo.transitioned`), so the last reading is
 * kept; readers must not change it.
 */
export function detailFields(detail: string): Readonly<Record<string, unknown>> {
  if (detail === memoDetail) return memoFields;
  let fields: Readonly<Record<string, unknown>> = {};
  if (detail.startsWith('{')) {
    try {
      const value = JSON.parse(detail) as unknown;
      if (value !== null && typeof value === 'object') fields = value as Record<string, unknown>;
    } catch {
      fields = {};
    }
  }
  memoDetail = detail;
  memoFields = fields;
  return fields;
}

/**
 * Tells detailFields() that `detail` is the JSON of `payload`, which the writer of the event still
 * holds: its readers then skip the parse. Payloads are JSON values (the plugin API says so), so
 * the object and its parsed text read the same.
 */
export function primePayload(detail: string, payload: Readonly<Record<string, unknown>>): void {
  memoDetail = detail;
  memoFields = payload;
}

/** A field as text: a string stays, anything else is ''. */
export function textField(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
