import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { FO_STATES } from '../../orchestrator/model/fo-state-machine.ts';
import { ENVELOPE, PAYLOADS } from '../../sim/invariants/event-contract.ts';
import { vouchFor } from '../../sim/invariants/schema-vouch.ts';

/** Values valid for some documented field and values just off: the generator draws every field from these. */
const FIELD_VALUES: readonly unknown[] = [
  ...['', ' ', 'x', 'FO-1', '1x2', '1x2 3x-1', '1x', 'x2', 'SKU-1x2', 'SKU-1x2 SKU-3x1', 'SKU-1', 'UNROUTABLE', 'lost_ack', 'P1', 'P4', 'customer', 'robot'],
  ...FO_STATES,
  ...[0, -0, 1, 2, -1, 1.5, 1_700_000_000_000, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 1, Number.NaN, Number.POSITIVE_INFINITY],
  ...[true, false, null, undefined, {}, [], ['x']],
];

/** A valid example of the envelope and of each documented payload, to vary from. */
const EXAMPLES: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  envelope: { eventId: 'R-1#1', aggregateId: 'R-1', source: 'test', correlationId: 'o1', schemaVersion: 1, occurredAtMs: 1_700_000_000_000, sequence: 1 },
  'fo.transitioned': { foId: 'FO-1', from: 'ALLOCATED', to: 'CANCELLED', event: 'cancel', actor: 'customer', cancelled: '1x2 2x-1', idempotencyKey: 'k' },
  'shipment.confirmed': { foId: 'FO-1', lineNo: 1, shipmentId: 'SHP-1', quantity: 0 },
  'pickup.collected': { foId: 'FO-1', lineNo: 1, quantity: 2 },
  'payment.captured': { foId: 'FO-1', captureId: 'cap_1', amountCents: 100, authorizationId: 'auth_1', idempotencyKey: 'k' },
  'payment.authorized': { authorizationId: 'auth_1', amountCents: 100, idempotencyKey: 'k' },
  'fulfillment.assigned': { foId: 'FO-1', nodeId: 'DC1' },
  'order.created': { channel: 'web', channelOrderId: '1', lines: 'SKU-1x2 SKU-3x1' },
  'pickup.ready': { foId: 'FO-1', storeId: 'S1', pickupReference: 'FO-1:', pickupWindowMs: 1000 },
  'return.requested': { returnId: 'R-1', lines: '1x1', amountCents: 100 },
  'refund.issued': { returnId: 'R-1', captureId: 'cap_1', refundId: 'F-1', amountCents: 100, idempotencyKey: 'k' },
  'exception.opened': { foId: '', category: 'LOST_ACK', slaTier: 'P2', suggestedAction: 'resync', detail: 'never acknowledged' },
  'exception.resolved': { foId: 'FO-1', resolution: 'resynced' },
  'recon.break_detected': { category: 'MONEY_MISMATCH' },
  'dead_letter.added': { id: 'DL-1', reason: 'unreadable' },
  'adapter.queue_depth': { storeId: 'S1', maxDepth: 0 },
  'routing.decided': { foId: 'FO-1', promisedByMs: 1_700_000_000_000 },
};

/** The example with each field kept or drawn from FIELD_VALUES (undefined: left out), and a field of the plugin's own. */
function candidates(example: Readonly<Record<string, unknown>>): fc.Arbitrary<Record<string, unknown>> {
  const varied = (kept: unknown) => fc.oneof({ arbitrary: fc.constant(kept), weight: 4 }, { arbitrary: fc.constantFrom(...FIELD_VALUES), weight: 1 });
  const fields = Object.fromEntries(Object.entries(example).map(([key, value]) => [key, varied(value)]));
  return fc.tuple(fc.record(fields), fc.constantFrom(...FIELD_VALUES)).map(([kept, own]) => ({ ...kept, own }));
}

describe('vouchFor', () => {
  it('says yes to values the schema passes and no to ones it fails, for the kinds it knows', () => {
    const schema = z.object({ id: z.string().min(1), count: z.number().int().positive(), state: z.enum(['A', 'B']).optional(), moves: z.string().regex(/^\d+x\d+$/).and(z.string().min(3)), flag: z.literal(true).optional() });
    const fits = vouchFor(schema);
    expect(fits({ id: 'x', count: 1, moves: '1x2' })).toBe(true);
    expect(fits({ id: 'x', count: 1, state: 'B', moves: '10x2', flag: true, extra: [] })).toBe(true);
    for (const wrong of [{ id: '', count: 1, moves: '1x2' }, { id: 'x', count: 0, moves: '1x2' }, { id: 'x', count: 1.5, moves: '1x2' }, { id: 'x', count: 1, state: 'C', moves: '1x2' }, { id: 'x', count: 1, moves: 'x' }, { id: 'x', count: 1, moves: '1x2', flag: false }, null, [], 'x']) {
      expect(fits(wrong)).toBe(false);
      expect(schema.safeParse(wrong).success).toBe(false);
    }
  });

  it('applies every check of a field with more than two', () => {
    const schema = z.object({ code: z.string().min(2).regex(/^\d/).regex(/\d$/), size: z.number().int().min(2).positive() });
    const fits = vouchFor(schema);
    expect(fits({ code: '1x2', size: 2 })).toBe(true);
    for (const wrong of [{ code: '1', size: 2 }, { code: 'x2', size: 2 }, { code: '1x', size: 2 }, { code: '12', size: 1 }, { code: '12', size: 2.5 }, { code: '12', size: Number.NaN }]) {
      expect(fits(wrong)).toBe(false);
      expect(schema.safeParse(wrong).success).toBe(false);
    }
  });

  it('says no, leaving the schema to judge, to a refinement, a numeric enum or a kind it does not know', () => {
    enum Level {
      Low = 1,
    }
    expect(vouchFor(z.object({ id: z.string() }).refine(() => true))({ id: 'x' })).toBe(false);
    expect(vouchFor(z.enum(Level))(Level.Low)).toBe(false);
    expect(vouchFor(z.string().max(3))('x')).toBe(false);
    expect(vouchFor(z.array(z.string()))(['x'])).toBe(false);
    expect(vouchFor(z.string().regex(/x/g))('x')).toBe(false);
  });

  it('says yes only to envelopes and payloads the event contract’s schemas pass (property)', () => {
    expect(Object.keys(EXAMPLES).sort()).toEqual(['envelope', ...Object.keys(PAYLOADS)].sort());
    for (const [name, schema] of [['envelope', ENVELOPE], ...Object.entries(PAYLOADS)] as const) {
      const fits = vouchFor(schema);
      let yeses = 0;
      fc.assert(
        fc.property(candidates(EXAMPLES[name] ?? {}), (candidate) => {
          if (!fits(candidate)) return;
          yeses++;
          expect(schema.safeParse(candidate).success, `${name} ${JSON.stringify(candidate)}`).toBe(true);
        }),
        { numRuns: 400 },
      );
      // The refined payload gets no yes by design; every other schema must be exercised.
      if (name !== 'payment.authorized') expect(yeses, name).toBeGreaterThan(0);
    }
  });
});
