import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detailFields, primePayload } from '../../sim/kernel/trace-detail.ts';

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

  it('returns a primed payload for its own text only', () => {
    const payload = { foId: 'FO-9', from: 'HELD', to: 'RELEASED' };
    const detail = JSON.stringify(payload);
    primePayload(detail, payload);
    expect(payloadOf(event(detail))).toBe(payload);
    expect(payloadOf(event('{"foId":"FO-10"}'))).toEqual({ foId: 'FO-10' });
    // The primed object is gone once another event was read: its text is parsed again.
    const reread = payloadOf(event(detail));
    expect(reread).not.toBe(payload);
    expect(reread).toEqual(payload);
  });
});
