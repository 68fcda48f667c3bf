import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Trace, type TraceEvent, type TraceSource } from '../../sim/kernel/trace.ts';

const SOURCES: readonly TraceSource[] = ['world', 'orchestrator', 'pos', 'wms', 'payment', 'network', 'files', 'customer'];

type EventInput = Omit<TraceEvent, 'index'>;
type Field = keyof EventInput;
const FIELDS: readonly Field[] = ['atMs', 'kind', 'source', 'orderId', 'ref', 'detail'];

/** The one place that knows record()'s parameter order. */
function record(trace: Trace, e: EventInput): TraceEvent {
  return trace.record(e.atMs, e.kind, e.source, e.orderId, e.ref, e.detail);
}

function hashOf(events: readonly EventInput[]): string {
  const trace = new Trace();
  for (const event of events) record(trace, event);
  return trace.hash();
}

/** Short strings from a small alphabet (plus the unit separator), so near-misses are common. */
const textArb = fc.string({ unit: fc.constantFrom('a', 'b', '.', '1', '\u001f', 'é'), maxLength: 4 });
const eventArb: fc.Arbitrary<EventInput> = fc.record({
  atMs: fc.oneof(fc.integer({ min: 0, max: 20 }), fc.nat()),
  kind: textArb,
  source: fc.constantFrom(...SOURCES),
  orderId: textArb,
  ref: textArb,
  detail: fc.oneof(textArb, fc.string({ maxLength: 30 })),
});
const eventsArb = fc.array(eventArb, { maxLength: 8 });

/** A different value for one field. */
function fieldChangeArb(field: Field): fc.Arbitrary<EventInput[Field]> {
  switch (field) {
    case 'atMs':
      return fc.oneof(fc.integer({ min: 0, max: 20 }), fc.nat());
    case 'source':
      return fc.constantFrom(...SOURCES);
    default:
      return fc.oneof(textArb, fc.string({ maxLength: 30 }));
  }
}

describe('Trace', () => {
  it('hash() is 16 lowercase hex digits, for any history', () => {
    fc.assert(
      fc.property(eventsArb, (events) => {
        expect(hashOf(events)).toMatch(/^[0-9a-f]{16}$/);
      }),
    );
  });

  it('hash() is stable: identical histories give identical hashes', () => {
    fc.assert(
      fc.property(eventsArb, (events) => {
        const copy = events.map((event) => ({ ...event }));
        expect(hashOf(copy)).toBe(hashOf(events));
      }),
    );
  });

  it('hash() does not depend on when it is read', () => {
    fc.assert(
      fc.property(eventsArb, (events) => {
        const trace = new Trace();
        for (const event of events) {
          record(trace, event);
          trace.hash();
          trace.hash();
        }
        expect(trace.hash()).toBe(hashOf(events));
      }),
    );
  });

  it('hash() changes when any field of any event changes', () => {
    const caseArb = eventsArb
      .filter((events) => events.length > 0)
      .chain((events) =>
        fc
          .record({ index: fc.nat(events.length - 1), field: fc.constantFrom(...FIELDS) })
          .chain(({ index, field }) =>
            fieldChangeArb(field).map((value) => ({ events, index, field, value })),
          ),
      );
    fc.assert(
      fc.property(caseArb, ({ events, index, field, value }) => {
        const original = events[index] as EventInput;
        fc.pre(original[field] !== value);
        const changed = events.map((event, i) => (i === index ? { ...event, [field]: value } : event));
        expect(hashOf(changed)).not.toBe(hashOf(events));
      }),
      { numRuns: 500 },
    );
  });

  it('hash() changes when a value moves from one field to the next', () => {
    const base: EventInput = { atMs: 1, kind: 'pos.hold', source: 'pos', orderId: 'o1', ref: '', detail: 'x' };
    expect(hashOf([{ ...base, orderId: 'o1x', detail: '' }])).not.toBe(hashOf([base]));
    expect(hashOf([{ ...base, kind: 'pos.holdo1', orderId: '' }])).not.toBe(hashOf([base]));
    expect(hashOf([{ ...base, orderId: '', ref: 'o1' }])).not.toBe(hashOf([base]));
  });

  it('hash() depends on the order of events and on appending one', () => {
    fc.assert(
      fc.property(eventArb, eventArb, (a, b) => {
        fc.pre(JSON.stringify(a) !== JSON.stringify(b));
        expect(hashOf([a, b])).not.toBe(hashOf([b, a]));
        expect(hashOf([a, b])).not.toBe(hashOf([a]));
      }),
    );
  });

  it('numbers events from 0, counts them and passes each to every listener', () => {
    fc.assert(
      fc.property(eventsArb, (events) => {
        const trace = new Trace();
        const heardA: TraceEvent[] = [];
        const heardB: TraceEvent[] = [];
        trace.listen((event) => heardA.push(event));
        trace.listen((event) => heardB.push(event));
        const returned = events.map((event) => record(trace, event));
        expect(trace.length).toBe(events.length);
        expect(returned).toEqual(events.map((event, index) => ({ index, ...event })));
        expect(heardA).toEqual(returned);
        expect(heardB).toEqual(returned);
      }),
    );
  });
});
