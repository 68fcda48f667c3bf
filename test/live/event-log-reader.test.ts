import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PublishedEvent } from '../../orchestrator/ports.ts';
import { EventLogError, EventLogReader } from '../../sim/live/soak/event-log-reader.live.ts';

function event(n: number, note = ''): PublishedEvent {
  return { eventId: `O-${n}#1`, type: 'order.created', aggregateId: `O-${n}`, sequence: 1, occurredAtMs: n, source: 'test', correlationId: `O-${n}`, schemaVersion: 1, payload: { note } };
}

function freshPath(): string {
  return join(mkdtempSync(join(tmpdir(), 'event-log-')), 'events.jsonl');
}

describe('EventLogReader: follows an append-only event log as a consumer would', () => {
  it('reads nothing before the log exists, then each event once, in order', () => {
    const path = freshPath();
    const reader = new EventLogReader(path);
    expect(reader.readNew()).toEqual([]);
    appendFileSync(path, `${JSON.stringify(event(1))}\n${JSON.stringify(event(2))}\n`);
    expect(reader.readNew().map((read) => read.eventId)).toEqual(['O-1#1', 'O-2#1']);
    expect(reader.readNew()).toEqual([]);
    appendFileSync(path, `${JSON.stringify(event(3))}\n`);
    expect(reader.readNew().map((read) => read.eventId)).toEqual(['O-3#1']);
    reader.close();
  });

  it('keeps a line still being written for the next read, even when a character is split', () => {
    const path = freshPath();
    const reader = new EventLogReader(path);
    const bytes = Buffer.from(`${JSON.stringify(event(1, 'café ✓'))}\n`, 'utf8');
    const split = bytes.indexOf(Buffer.from('✓', 'utf8')) + 1;
    writeFileSync(path, bytes.subarray(0, split));
    expect(reader.readNew()).toEqual([]);
    appendFileSync(path, bytes.subarray(split));
    expect(reader.readNew()).toEqual([event(1, 'café ✓')]);
    reader.close();
  });

  it('names the line that is not an event', () => {
    const path = freshPath();
    writeFileSync(path, `${JSON.stringify(event(1))}\n{"eventId": broken\n`);
    const reader = new EventLogReader(path);
    expect(() => reader.readNew()).toThrow(EventLogError);
    expect(() => new EventLogReader(path).readNew()).toThrow(/events\.jsonl line 2: not a JSON event/);
    reader.close();
  });

  it('reads the same events however the appends cut the bytes', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme', maxLength: 12 }), { minLength: 1, maxLength: 8 }), fc.array(fc.nat(), { maxLength: 10 }), (notes, cuts) => {
        const events = notes.map((note, index) => event(index, note));
        const bytes = Buffer.from(events.map((written) => `${JSON.stringify(written)}\n`).join(''), 'utf8');
        const points = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
        const path = freshPath();
        writeFileSync(path, '');
        const reader = new EventLogReader(path);
        const read: PublishedEvent[] = [];
        let from = 0;
        for (const point of [...points, bytes.length]) {
          appendFileSync(path, bytes.subarray(from, Math.max(from, point)));
          from = Math.max(from, point);
          read.push(...reader.readNew());
        }
        reader.close();
        expect(read).toEqual(events);
      }),
      { numRuns: 60 },
    );
  });
});
