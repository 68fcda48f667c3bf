import { compactJson } from '../kernel/trace.ts';
import type { TraceEvent, TraceSource } from '../kernel/trace.ts';

/**
 * One trace event as one JSON line, with the trace's own field names in a fixed order:
 * index, atMs, kind, source, orderId, ref, detail, and for a structured event its `data` (the
 * JSON value its detail ends with, which the trace hash is taken over; docs/incidents.md,
 * "Trace JSONL").
 */
export function traceEventLine(event: TraceEvent): string {
  const line = { index: event.index, atMs: event.atMs, kind: event.kind, source: event.source, orderId: event.orderId, ref: event.ref, detail: event.detail };
  return JSON.stringify(event.data === undefined ? line : { ...line, data: event.data });
}

/** The text before a structured event's data in its detail, or undefined when the detail does not end with that data. */
function headOf(detail: string, data: unknown): string | undefined {
  const tail = compactJson(data);
  if (detail === tail) return '';
  return detail.endsWith(` ${tail}`) ? detail.slice(0, detail.length - tail.length - 1) : undefined;
}

const SOURCES: ReadonlySet<string> = new Set<TraceSource>(['world', 'orchestrator', 'pos', 'wms', 'payment', 'network', 'files', 'customer']);

/** A trace line that cannot be read: `where` names the file and line. */
export class TraceLineError extends Error {
  override readonly name = 'TraceLineError';
}

/** Parses one JSONL line back into an event; the message names `where`, the field and the value. */
export function parseTraceLine(line: string, where: string): TraceEvent {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch (error) {
    throw new TraceLineError(`${where}: not valid JSON (truncated or corrupted?): ${(error as Error).message}`);
  }
  if (raw === null || typeof raw !== 'object') throw new TraceLineError(`${where}: expected a JSON object, got ${JSON.stringify(raw)}`);
  const record = raw as Record<string, unknown>;
  const whole = (field: string): number => {
    const value = record[field];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw new TraceLineError(`${where}: field ${field}: got ${JSON.stringify(value) ?? 'nothing'}; expected a whole number`);
    return value;
  };
  const text = (field: string): string => {
    const value = record[field];
    if (typeof value !== 'string') throw new TraceLineError(`${where}: field ${field}: got ${JSON.stringify(value) ?? 'nothing'}; expected a string`);
    return value;
  };
  const source = text('source');
  if (!SOURCES.has(source)) throw new TraceLineError(`${where}: field source: got ${JSON.stringify(source)}; expected one of ${[...SOURCES].join(', ')}`);
  const event = { index: whole('index'), atMs: whole('atMs'), kind: text('kind'), source: source as TraceSource, orderId: text('orderId'), ref: text('ref'), detail: text('detail') };
  if (!('data' in record)) return event;
  const { data } = record;
  const head = headOf(event.detail, data);
  if (head === undefined) throw new TraceLineError(`${where}: field detail: got ${JSON.stringify(event.detail)}; expected it to end with the line's data, ${compactJson(data)} (the recording was edited or damaged)`);
  return { ...event, head, data };
}

/** Parses a whole JSONL text; blank lines are skipped, indices must run 0, 1, 2, ... */
export function parseTraceJsonl(text: string, file: string): TraceEvent[] {
  const events: TraceEvent[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.trim() === '') continue;
    const event = parseTraceLine(line, `${file}: line ${i + 1}`);
    if (event.index !== events.length) throw new TraceLineError(`${file}: line ${i + 1}: field index: got ${event.index}; expected ${events.length} (events must be consecutive, from 0)`);
    events.push(event);
  }
  return events;
}
