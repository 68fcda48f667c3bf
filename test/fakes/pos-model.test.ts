/**
 * Model-based test of the POS journal and stock: random request sequences against a model that
 * is a plain list of holds. Time never moves, so staff never act and the model stays small.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { PosHold } from '../../legacy-fakes/pos/pos-fake.ts';
import { NEW_YORK, PosClient, setUp } from './pos-helpers.ts';

interface ModelHold {
  holdId: string;
  ref: string;
  sku: string;
  quantity: number;
  status: 'HELD' | 'PICK_REQUESTED' | 'RELEASED';
  seq: number;
}

type Op =
  | { kind: 'create'; ref: string; sku: string; quantity: number; purpose: 'SHIP' | 'PICKUP' }
  | { kind: 'pick' | 'release'; target: number }
  | { kind: 'changedSince'; since: number }
  | { kind: 'lookup'; ref: string };

const refArb = fc.constantFrom('FO-a:1', 'FO-a:2', 'FO-b:1');
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('create' as const),
    ref: refArb,
    sku: fc.constantFrom('SKU-1', 'SKU-2', 'SKU-3', 'SKU-X'),
    quantity: fc.integer({ min: 1, max: 6 }),
    purpose: fc.constantFrom('SHIP' as const, 'PICKUP' as const),
  }),
  fc.record({ kind: fc.constantFrom('pick' as const, 'release' as const), target: fc.nat(20) }),
  fc.record({ kind: fc.constant('changedSince' as const), since: fc.nat(40) }),
  fc.record({ kind: fc.constant('lookup' as const), ref: refArb }),
);

const ids = (holds: readonly { holdId: string }[]): string[] => holds.map((hold) => hold.holdId);

describe('POS against a model', () => {
  it('agrees on every answer, every seq and every available count', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 60 }), (ops) => {
        const { pos } = setUp([NEW_YORK]);
        const s1 = new PosClient(pos, 'S1');
        const model: ModelHold[] = [];
        let lastSeq = 0;
        const live = (hold: ModelHold): boolean => hold.status !== 'RELEASED';
        const available = (sku: string): number =>
          (NEW_YORK.stock[sku] ?? 0) - model.filter((hold) => hold.sku === sku && live(hold)).reduce((sum, hold) => sum + hold.quantity, 0);

        for (const op of ops) {
          switch (op.kind) {
            case 'create': {
              const response = s1.post('/holds', { externalRef: op.ref, sku: op.sku, quantity: op.quantity, purpose: op.purpose });
              if (!(op.sku in NEW_YORK.stock)) {
                expect(response.status).toBe(404);
              } else if (op.quantity > available(op.sku)) {
                expect(response).toMatchObject({ status: 409, body: { available: available(op.sku) } });
              } else {
                lastSeq += 1;
                const hold: ModelHold = { holdId: `H-S1-${model.length + 1}`, ref: op.ref, sku: op.sku, quantity: op.quantity, status: 'HELD', seq: lastSeq };
                model.push(hold);
                expect(response).toMatchObject({ status: 201, body: { holdId: hold.holdId, seq: hold.seq, status: 'HELD' } });
              }
              break;
            }
            case 'pick':
            case 'release': {
              const hold = model[op.target];
              const holdId = hold?.holdId ?? `H-S1-${op.target + 1}`;
              const response = op.kind === 'pick' ? s1.post(`/holds/${holdId}/pick`) : s1.delete(`/holds/${holdId}`);
              if (hold === undefined) {
                expect(response.status).toBe(404);
              } else if (op.kind === 'pick' && hold.status === 'RELEASED') {
                expect(response).toMatchObject({ status: 409, body: { error: 'HOLD_RELEASED' } });
              } else {
                const next = op.kind === 'pick' ? 'PICK_REQUESTED' : 'RELEASED';
                if ((op.kind === 'pick' && hold.status === 'HELD') || (op.kind === 'release' && hold.status !== 'RELEASED')) {
                  lastSeq += 1;
                  hold.seq = lastSeq;
                  hold.status = next;
                }
                expect(response).toMatchObject({ status: 200, body: { holdId, status: hold.status, seq: hold.seq } });
              }
              break;
            }
            case 'changedSince': {
              const body = s1.get(`/holds?changedSince=${op.since}`).body as { holds: PosHold[]; cursor: number };
              const expected = model.filter((hold) => hold.seq > op.since).sort((a, b) => a.seq - b.seq);
              expect(ids(body.holds)).toEqual(ids(expected));
              expect(body.cursor).toBe(expected.at(-1)?.seq ?? op.since);
              break;
            }
            case 'lookup':
              expect(ids(s1.holdsOf(op.ref))).toEqual(ids(model.filter((hold) => hold.ref === op.ref)));
              break;
            default:
              op satisfies never;
          }
          for (const sku of ['SKU-1', 'SKU-2', 'SKU-3']) expect(s1.available(sku)).toBe(available(sku));
        }
      }),
      { numRuns: 300 },
    );
  });
});
