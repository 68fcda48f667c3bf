import type { TraceEvent } from './trace.ts';

/** The detail text last parsed and its fields: every reader of one text event asks in turn. */
let memoDetail: string | null = null;
let memoFields: Readonly<Record<string, unknown>> = {};

const NO_FIELDS: Readonly<Record<string, unknown>> = Object.freeze({});

/**
 * A trace event's fields: an orchestrator event's payload as the event carries it; for an event
 * that has only text, its `detail` read as JSON (a plain line reads as {}). Checkers, explain,
 * replay's world state and the dashboard take fields from it without trusting its shape; they
 * must not change what it returns.
 */
export function fieldsOf(event: TraceEvent): Readonly<Record<string, unknown>> {
  const { data } = event;
  if (data !== undefined) return event.head === '' && data !== null && typeof data === 'object' && !Array.isArray(data) ? (data as Readonly<Record<string, unknown>>) : NO_FIELDS;
  return detailFields(event.detail);
}

/**
 * Reading a detail text back: compact JSON reads as its fields, other text as {}. The last text
 * read is kept, since several readers of one event ask in turn.
 */
export function detailFields(detail: string): Readonly<Record<string, unknown>> {
  if (detail === memoDetail) return memoFields;
  let fields: Readonly<Record<string, unknown>> = NO_FIELDS;
  if (detail.startsWith('{')) {
    try {
      const value = JSON.parse(detail) as unknown;
      if (value !== null && typeof value === 'object') fields = value as Record<string, unknown>;
    } catch {
      fields = NO_FIELDS;
    }
  }
  memoDetail = detail;
  memoFields = fields;
  return fields;
}

/** A field as text: a string stays, anything else is ''. */
export function textField(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
