/**
 * Follows the orchestrator's event log (one JSON object a line, appended by `converge
 * orchestrate`) as a consumer on the bus would: each call returns the events appended since the
 * last one. A line still being written (no newline yet) waits for the next call. Synchronous, so
 * the soak can catch up right before it records what a fake did, keeping the order of the two.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import type { PublishedEvent } from '../../../orchestrator/ports.ts';

export class EventLogError extends Error {
  override readonly name = 'EventLogError';
}

export class EventLogReader {
  private fd: number | undefined;
  private offset = 0;
  private partial = '';
  /** A character split between two reads waits for its other bytes. */
  private readonly decoder = new StringDecoder('utf8');
  private lineNo = 0;

  constructor(private readonly path: string) {}

  readNew(): PublishedEvent[] {
    if (this.fd === undefined) {
      try {
        this.fd = openSync(this.path, 'r');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw error;
      }
    }
    const size = fstatSync(this.fd).size;
    if (size <= this.offset) return [];
    const buffer = Buffer.alloc(size - this.offset);
    const read = readSync(this.fd, buffer, 0, buffer.length, this.offset);
    this.offset += read;
    const text = this.partial + this.decoder.write(buffer.subarray(0, read));
    const lines = text.split('\n');
    this.partial = lines.pop() ?? '';
    return lines.map((line) => this.parse(line));
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private parse(line: string): PublishedEvent {
    this.lineNo += 1;
    try {
      return JSON.parse(line) as PublishedEvent;
    } catch {
      throw new EventLogError(`${this.path} line ${this.lineNo}: not a JSON event (${line.slice(0, 80)})`);
    }
  }
}
