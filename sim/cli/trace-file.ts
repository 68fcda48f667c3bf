import { closeSync, openSync, writeSync } from 'node:fs';
import type { TraceEvent } from '../kernel/trace.ts';
import { traceEventLine } from '../incidents/trace-jsonl.ts';

const FLUSH_AT_CHARS = 1 << 16;

/**
 * Streams a run's trace to a JSONL file, one event per line with the trace's own field names
 * (index, atMs, kind, source, orderId, ref, detail, and `data` for a structured event), buffered so a million events cost little.
 * The file is written as the run goes: nothing is kept in memory.
 */
export class TraceFile {
  private readonly fd: number;
  private buffer = '';

  constructor(readonly path: string) {
    this.fd = openSync(path, 'w');
  }

  write(event: TraceEvent): void {
    this.buffer += `${traceEventLine(event)}\n`;
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
