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
  /** Compact, deterministic description (no object identity, no wall-clock). */
  readonly detail: string;
}

export type TraceListener = (event: TraceEvent) => void;

const SEPARATOR = 0x1f;

/**
 * The run's history, folded into a rolling hash as it is written. Two independent 32-bit lanes
 * (FNV-1a and a multiply-xorshift) give a 64-bit fingerprint without BigInt on the hot path.
 */
export class Trace {
  private count = 0;
  private laneA = 0x811c9dc5;
  private laneB = 0x9e3779b9;
  private readonly listeners: TraceListener[] = [];

  get length(): number {
    return this.count;
  }

  listen(listener: TraceListener): void {
    this.listeners.push(listener);
  }

  record(atMs: number, kind: string, source: TraceSource, orderId: string, ref: string, detail: string): TraceEvent {
    const event: TraceEvent = { index: this.count++, atMs, kind, source, orderId, ref, detail };
    this.fold(String(atMs));
    this.fold(kind);
    this.fold(source);
    this.fold(orderId);
    this.fold(ref);
    this.fold(detail);
    for (const listener of this.listeners) listener(event);
    return event;
  }

  /** 16 hex digits identifying the whole history so far. */
  hash(): string {
    return (this.laneA >>> 0).toString(16).padStart(8, '0') + (this.laneB >>> 0).toString(16).padStart(8, '0');
  }

  /** Each field is folded with its length first, so no two splits of the same text collide. */
  private fold(text: string): void {
    let a = Math.imul(this.laneA ^ text.length, 0x01000193);
    let b = Math.imul(this.laneB ^ text.length, 0x85ebca6b);
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      a = Math.imul(a ^ code, 0x01000193);
      b = Math.imul(b ^ code, 0x85ebca6b);
      b ^= b >>> 13;
    }
    a = Math.imul(a ^ SEPARATOR, 0x01000193);
    b = Math.imul(b ^ SEPARATOR, 0xc2b2ae35);
    b ^= b >>> 16;
    this.laneA = a;
    this.laneB = b;
  }
}

/** A cheap 8-hex-digit fingerprint of a text (file contents in the trace, without storing them). */
export function fingerprint(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return (hash >>> 0).toString(16).padStart(8, '0');
}
