import { describe, expect, it } from 'vitest';
import { planRefundWithinCaptures } from '../../orchestrator/reference/parts.ts';

const captures = [
  { captureId: 'cap_1', amountCents: 500 },
  { captureId: 'cap_2', amountCents: 300 },
];

describe('refund plan (incident 19: never above what was captured)', () => {
  it('spreads a return over the captures in order, each giving at most what it took minus earlier plans', () => {
    expect(planRefundWithinCaptures({ captures, planned: new Map([['cap_1', 400]]), amountCents: 250, captureOutstanding: false })).toEqual([
      { captureId: 'cap_1', amountCents: 100 },
      { captureId: 'cap_2', amountCents: 150 },
    ]);
  });

  it('has no plan while a capture is outstanding', () => {
    expect(planRefundWithinCaptures({ captures, planned: new Map(), amountCents: 100, captureOutstanding: true })).toBeUndefined();
  });

  it('has no plan when the captures left do not cover the return (a money break, not a partial refund)', () => {
    expect(planRefundWithinCaptures({ captures, planned: new Map([['cap_2', 300]]), amountCents: 501, captureOutstanding: false })).toBeUndefined();
    expect(planRefundWithinCaptures({ captures: [], planned: new Map(), amountCents: 1, captureOutstanding: false })).toBeUndefined();
  });
});
