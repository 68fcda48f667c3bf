import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contractBreach, eventContractChecker } from '../../sim/invariants/event-contract.ts';
import type { OrderView } from '../../orchestrator/plugin.ts';
import { checkContextOf } from './check-context.ts';
import { feed, published } from './published.ts';

const REFUND = { returnId: 'R-1', captureId: 'C-1', refundId: 'F-1', amountCents: 1250, idempotencyKey: 'refund:R-1' };
const OPENED = { foId: 'FO-o1-1', category: 'LOST_ACK', slaTier: 'P2', suggestedAction: 'resync', detail: 'sent 3 times, never acknowledged' };

describe('events.payload-as-documented', () => {
  it('passes the documented fields, with extra fields of the plugin’s own', () => {
    expect(contractBreach(published('refund.issued', 'R-1', 1, 'o1', { ...REFUND, note: 'mine' }))).toBeUndefined();
    expect(contractBreach(published('exception.opened', 'EX-1', 1, 'o1', OPENED))).toBeUndefined();
    expect(contractBreach(published('fo.transitioned', 'FO-o1-1', 1, 'o1', { foId: 'FO-o1-1', from: 'ALLOCATED', to: 'CANCELLED', event: 'cancel', cancelled: '1x2 2x-1' }))).toBeUndefined();
    expect(contractBreach(published('my_plugin.did_something', 'x', 1, 'o1', {}))).toBeUndefined();
  });

  it('finds any documented field dropped or emptied (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...Object.keys(REFUND)), fc.boolean(), (field, drop) => {
        const payload: Record<string, unknown> = { ...REFUND };
        if (drop) delete payload[field];
        else payload[field] = typeof payload[field] === 'number' ? -1 : '';
        expect(contractBreach(published('refund.issued', 'R-1', 1, 'o1', payload))).toContain(field);
      }),
    );
  });

  it('judges a type by its name however often it comes, and past the types it remembers (property)', () => {
    const plainlyWellNamed = (type: string): boolean => /^[a-z][a-z_]*(\.[a-z][a-z_]*)+$/.test(type);
    const typeBreach = (type: string): boolean => contractBreach(published(type, 'x', 1, 'o1', {}))?.startsWith('type ') === true;
    // More well-named types than are remembered, so later ones are judged by the pattern alone.
    const letters = (at: number): string => [...at.toString(26)].map((digit) => String.fromCharCode(97 + parseInt(digit, 26))).join('');
    for (let at = 0; at < 1100; at++) expect(typeBreach(`plugin.kind_${letters(at)}`)).toBe(false);
    const type = fc.stringMatching(/^[a-zA-Z._]{0,12}$/);
    fc.assert(
      fc.property(fc.array(type, { maxLength: 8 }), (types) => {
        for (const name of [...types, ...types]) expect(typeBreach(name)).toBe(!plainlyWellNamed(name));
      }),
      { numRuns: 500 },
    );
  });

  it('finds an empty or malformed type, an unknown FO state and an exception nobody can read', () => {
    expect(contractBreach(published('', 'R-1', 1, 'o1', REFUND))).toMatch(/type "" is not a dotted/);
    expect(contractBreach(published('refund', 'R-1', 1, 'o1', REFUND))).toMatch(/not a dotted/);
    expect(contractBreach(published('fo.transitioned', 'FO-1', 1, 'o1', { foId: 'FO-1', from: 'ALLOCATED', to: '', event: 'x' }))).toMatch(/^to:/);
    expect(contractBreach(published('exception.opened', 'EX-1', 1, 'o1', { ...OPENED, detail: '' }))).toMatch(/^detail:/);
    expect(contractBreach({ ...published('refund.issued', 'R-1', 1, 'o1', REFUND), source: '' })).toMatch(/^envelope source:/);
    expect(contractBreach({ ...published('refund.issued', 'R-1', 1, 'o1', REFUND), schemaVersion: 0 })).toMatch(/^envelope schemaVersion:/);
  });

  it('reports the event, its order and where it was published', () => {
    const { context } = checkContextOf({ orders: [{ orderId: 'o1' } as unknown as OrderView] });
    const findings = feed(eventContractChecker, context, [published('refund.issued', 'R-1', 1, 'o1', REFUND), published('refund.issued', 'R-2', 1, 'o1', { ...REFUND, amountCents: '12' })]);
    expect(findings.map((finding) => [finding.orderId, finding.firstBadEvent?.index])).toEqual([['o1', 1]]);
    expect(findings[0]?.detail).toMatch(/^R-2#1 \(refund.issued\): amountCents:/);
  });
});
