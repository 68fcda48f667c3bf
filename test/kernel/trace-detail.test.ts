import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detailFields, fieldsOf } from '../../sim/kernel/trace-detail.ts';
import { Trace } from '../../sim/kernel/trace.ts';

const payloadOf = (event: { detail: string }): Readonly<Record<string, unknown>> => detailFields(event.detail);
const event = (detail: string): { detail: string } => ({ detail });

describe('detailFields: an event payload parsed once for every reader', () => {
  it('reads what JSON.parse reads, for any JSON object, event after event', () => {
    fc.assert(
      fc.property(fc.array(fc.dictionary(fc.string(), fc.jsonValue()), { minLength: 1, maxLength: 8 }), (payloads) => {
        for (const payload of payloads) {
          const detail = JSON.stringify(payload);
          expect(payloadOf(event(detail))).toEqual(JSON.parse(detail));
        }
      }),
    );
  });

  it('parses once per event: a second reader of the same event gets the same object', () => {
    const shipped = event('{"foId":"FO-1","to":"SHIPPED"}');
    const first = payloadOf(shipped);
    expect(payloadOf(shipped)).toBe(first);
    expect(payloadOf(event('{"foId":"FO-2"}'))).toEqual({ foId: 'FO-2' });
  });

  it('reads a plain-line detail or broken JSON as no fields', () => {
    expect(payloadOf(event('S1 H-S1-1 SKU-0001x2'))).toEqual({});
    expect(payloadOf(event('{"foId":'))).toEqual({});
    expect(payloadOf(event('null'))).toEqual({});
  });

  it('fieldsOf: a structured event gives its own payload, unparsed; a text event its parsed detail', () => {
    const trace = new Trace();
    const payload = { foId: 'FO-9', from: 'HELD', to: 'RELEASED' };
    const structured = trace.recordData(0, 'fo.transitioned', 'orchestrator', 'o1', 'FO-9', '', payload);
    expect(fieldsOf(structured)).toBe(payload);
    const text = trace.record(0, 'fo.transitioned', 'orchestrator', 'o1', 'FO-9', JSON.stringify(payload));
    expect(fieldsOf(text)).toEqual(payload);
    // An HTTP message's body is not an event's fields: it follows a head.
    expect(fieldsOf(trace.recordData(0, 'http.request', 'network', 'o1', 'pos://S1', 'POST /holds', { sku: 'A' }))).toEqual({});
    expect(fieldsOf(trace.recordData(0, 'x', 'orchestrator', 'o1', '', '', ['a']))).toEqual({});
  });
});
