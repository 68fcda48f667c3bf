import { closeSync, openSync, writeSync } from 'node:fs';
import type { TraceEvent } from '../kernel/trace.ts';

const FLUSH_AT_CHARS = 1 << 16;

/**
 * Streams a run's trace to a JSONL file, one event per line with the trace's own field names
 * (index, atMs, kind, source, orderId, ref, detail), buffered so a million events cost little.
 * The file is written as the run goes: nothing is kept in memory.
 */
export class TraceFile {
  private readonly fd: number;
  private buffer = '';

  constructor(readonly path: string) {
    this.fd = openSync(path, 'w');
  }

  write(event: TraceEvent): void {
    this.buffer += `${JSON.stringify({ index: event.index, atMs: event.atMs, kind: event.kind, source: event.source, orderId: event.orderId, ref: event.ref, detail: event.detail })}\n`;
    if (this.buffer.length >= FLUSH_AT_CHARS) this.flush();
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }

  private flush(): void {
    if (this.buffer === '') return;
    writeSync(this.fd, this.buffer);
    this.buffer = '';
  }
}
