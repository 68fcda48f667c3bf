import { TAG_DATA_DETAIL, TAG_TEXT_DETAIL, TraceHasher } from './trace-hasher.ts';

/** Who produced a trace event. */
export type TraceSource = 'world' | 'orchestrator' | 'pos' | 'wms' | 'payment' | 'network' | 'files' | 'customer';

/** One line of a run's history. Field names are stable: JSONL exports and replays depend on them. */
export interface TraceEvent {
  /** Position in the history, from 0. */
  readonly index: number;
  /** Virtual ms since the scenario's start. */
  readonly atMs: number;
  /** Dotted kind, e.g. `pos.hold.created`, `fo.transition`, `http.request`. */
  readonly kind: string;
  readonly source: TraceSource;
  /** The order this event belongs to, or '' for none. */
  readonly orderId: string;
  /** The external reference it concerns (hold reference, FO id, file name), or ''. */
  readonly ref: string;
  /**
   * Compact, deterministic description (no object identity, no wall-clock). For a structured
   * event it is `head` and the compact JSON of `data` (joined by a space when `head` is not
   * empty), formatted only when first read.
   */
  readonly detail: string;
  /**
   * Structured events only: the JSON value the detail ends with, as the writer handed it over (an
   * orchestrator event's payload, an HTTP body). Read it rather than parsing `detail`; never
   * change it.
   */
  readonly data?: unknown;
  /** Structured events only: the text before `data` in `detail` ('' for orchestrator events). */
  readonly head?: string;
  /** Structured events only: a 32-bit fingerprint of `data` (half of what the trace hash folds in for it). */
  readonly dataPrint?: number;
}

export type TraceListener = (event: TraceEvent) => void;

/** The compact JSON of a structured event's value: '' for nothing. */
export function compactJson(value: unknown): string {
  return value === undefined ? '' : JSON.stringify(value);
}

/** A structured event's detail text: what `--trace`, incidents, explain and the dashboard show. */
export function structuredDetail(head: string, data: unknown): string {
  return head === '' ? compactJson(data) : `${head} ${compactJson(data)}`;
}

/**
 * A structured event keeps its value and formats its text on first read: most events of a run
 * are never shown to anyone. A class, not a literal with a getter (V8 builds such a literal
 * through the runtime, which cost more than the formatting saved); `toJSON` shows the detail.
 */
class StructuredEvent implements TraceEvent {
  #text: string | undefined;

  constructor(
    readonly index: number,
    readonly atMs: number,
    readonly kind: string,
    readonly source: TraceSource,
    readonly orderId: string,
    readonly ref: string,
    readonly head: string,
    readonly data: unknown,
    readonly dataPrint: number,
  ) {}

  get detail(): string {
    this.#text ??= structuredDetail(this.head, this.data);
    return this.#text;
  }

  toJSON(): Record<string, unknown> {
    return { index: this.index, atMs: this.atMs, kind: this.kind, source: this.source, orderId: this.orderId, ref: this.ref, detail: this.detail, data: this.data };
  }
}

/**
 * The run's history, folded into a rolling hash as it is written. A structured event is folded
 * on its value, not on its text, so most events are never formatted.
 */
export class Trace {
  private count = 0;
  private readonly hasher = new TraceHasher();
  /** A structured event's value is fingerprinted alone first: its consumers reuse the print. */
  private readonly printer = new TraceHasher();
  private readonly listeners: TraceListener[] = [];

  get length(): number {
    return this.count;
  }

  listen(listener: TraceListener): void {
    this.listeners.push(listener);
  }

  /** An event described by a line of text. */
  record(atMs: number, kind: string, source: TraceSource, orderId: string, ref: string, detail: string): TraceEvent {
    this.foldHeader(atMs, kind, source, orderId, ref);
    this.hasher.foldWord(TAG_TEXT_DETAIL);
    this.hasher.fold(detail);
    return this.emit({ index: this.count++, atMs, kind, source, orderId, ref, detail });
  }

  /**
   * A structured event: `head` (may be empty) then a JSON value. The value must not change
   * afterwards (its text is formatted when read); undefined is not a value here: use record().
   */
  recordData(atMs: number, kind: string, source: TraceSource, orderId: string, ref: string, head: string, data: unknown): TraceEvent {
    this.foldHeader(atMs, kind, source, orderId, ref);
    this.hasher.foldWord(TAG_DATA_DETAIL);
    this.hasher.fold(head);
    const dataPrint = this.printer.printOf(data);
    this.hasher.foldWord(this.printer.laneA);
    this.hasher.foldWord(this.printer.laneB);
    return this.emit(new StructuredEvent(this.count++, atMs, kind, source, orderId, ref, head, data, dataPrint));
  }

  /** 16 hex digits identifying the whole history so far. */
  hash(): string {
    return this.hasher.hex();
  }

  private emit(event: TraceEvent): TraceEvent {
    for (const listener of this.listeners) listener(event);
    return event;
  }

  private foldHeader(atMs: number, kind: string, source: TraceSource, orderId: string, ref: string): void {
    this.hasher.foldNumber(atMs);
    this.hasher.fold(kind);
    this.hasher.fold(source);
    this.hasher.fold(orderId);
    this.hasher.fold(ref);
  }
}

/** A cheap 8-hex-digit fingerprint of a text (file contents in the trace, without storing them). */
export function fingerprint(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return (hash >>> 0).toString(16).padStart(8, '0');
}
