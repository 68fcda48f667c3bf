import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { structuredDetail, Trace, type TraceEvent } from '../../sim/kernel/trace.ts';
import { parseTraceJsonl, traceEventLine, TraceLineError } from '../../sim/incidents/trace-jsonl.ts';

/** JSON-like values with what JSON changes on the way: -0, undefined keys and array items, non-finite numbers. */
const looseJson: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.string(),
    fc.integer(),
    fc.double(),
    fc.constantFrom(-0, Number.NaN, Number.POSITIVE_INFINITY, true, false, null, 2 ** 31, -(2 ** 31) - 1, 0.1),
    fc.array(fc.oneof(tie('value'), fc.constant(undefined)), { maxLength: 4 }),
    fc.dictionary(fc.string({ maxLength: 4 }), fc.oneof(tie('value'), fc.constant(undefined)), { maxKeys: 4 }),
  ),
})).value;

function dataHash(head: string, data: unknown): string {
  const trace = new Trace();
  trace.recordData(5, 'k', 'network', 'o', 'r', head, data);
  return trace.hash();
}

describe('structured trace events', () => {
  it('hash a value as its JSON reads back, so a recording re-hashes as the run did', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 6 }), looseJson, (head, data) => {
        fc.pre(data !== undefined);
        expect(dataHash(head, JSON.parse(JSON.stringify(data)))).toBe(dataHash(head, data));
      }),
      { numRuns: 500 },
    );
  });

  it('hash different JSON differently (type, nesting, key and order all count)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (a, b) => {
        fc.pre(JSON.stringify(a) !== JSON.stringify(b));
        expect(dataHash('', a)).not.toBe(dataHash('', b));
      }),
      { numRuns: 500 },
    );
    const pairs: [unknown, unknown][] = [
      [{ a: 1 }, { a: '1' }],
      [['ab'], ['a', 'b']],
      [[['a']], ['a']],
      [{ a: 1, b: 2 }, { b: 2, a: 1 }],
      [{ a: null }, {}],
      [0.5, 1],
      [2 ** 40, 2 ** 40 + 1],
    ];
    for (const [a, b] of pairs) expect(dataHash('', a)).not.toBe(dataHash('', b));
    expect(dataHash('GET /x', 1)).not.toBe(dataHash('GET /x 1', 1));
  });

  it('hash a structured event apart from a text event with the same detail', () => {
    const asText = new Trace();
    asText.record(5, 'k', 'network', 'o', 'r', 'POST /holds {"a":1}');
    expect(dataHash('POST /holds', { a: 1 })).not.toBe(asText.hash());
  });

  it('format the detail as the head and the compact JSON, on read, like a field', () => {
    const trace = new Trace();
    const event = trace.recordData(7, 'http.response', 'network', 'o1', 'pos://S1', 'POST /holds -> 201', { holdId: 'H-1', quantity: 2 });
    expect(event.detail).toBe('POST /holds -> 201 {"holdId":"H-1","quantity":2}');
    expect(JSON.parse(JSON.stringify(event)).detail).toBe(event.detail);
    expect(trace.recordData(8, 'order.created', 'orchestrator', 'o1', 'o1', '', { a: [1] }).detail).toBe('{"a":[1]}');
  });

  it('round-trip through JSONL: same events, same hash, for any mix of text and structured events', () => {
    const eventArb = fc.oneof(
      fc.record({ head: fc.constant(undefined), text: fc.string({ maxLength: 12 }), data: fc.constant(undefined) }),
      fc.record({ head: fc.oneof(fc.constant(''), fc.string({ maxLength: 12 })), text: fc.constant(''), data: fc.jsonValue() }),
    );
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 8 }), (inputs) => {
        const trace = new Trace();
        const events: TraceEvent[] = inputs.map((input, at) =>
          input.head === undefined ? trace.record(at, 'k', 'world', 'o', 'r', input.text) : trace.recordData(at, 'k', 'network', 'o', 'r', input.head, input.data),
        );
        const read = parseTraceJsonl(events.map((event) => traceEventLine(event)).join('\n'), 't.jsonl');
        expect(read.map((event) => event.detail)).toEqual(events.map((event) => event.detail));
        const again = new Trace();
        for (const event of read) {
          if (event.data === undefined) again.record(event.atMs, event.kind, event.source, event.orderId, event.ref, event.detail);
          else again.recordData(event.atMs, event.kind, event.source, event.orderId, event.ref, event.head ?? '', event.data);
        }
        expect(again.hash()).toBe(trace.hash());
      }),
    );
  });

  it('refuse a JSONL line whose detail does not end with its data', () => {
    const line = JSON.stringify({ index: 0, atMs: 0, kind: 'k', source: 'network', orderId: '', ref: '', detail: 'POST /holds {"a":2}', data: { a: 1 } });
    expect(() => parseTraceJsonl(line, 't.jsonl')).toThrow(TraceLineError);
    expect(() => parseTraceJsonl(line, 't.jsonl')).toThrow(/field detail: .*expected it to end with the line's data, \{"a":1\}/);
    expect(structuredDetail('', { a: 1 })).toBe('{"a":1}');
  });
});
