import { describe, expect, it } from 'vitest';
import type { ExceptionView, OrderView } from '../../orchestrator/plugin.ts';
import { staleExceptionsChecker } from '../../sim/invariants/stale-exceptions.ts';
import type { TraceEvent } from '../../sim/kernel/trace.ts';
import { atEnd, checkContextOf } from './check-context.ts';

const item = (openedAtMs: number): ExceptionView => ({ exceptionId: 'EX-FO-o1-1-SYSTEM_UNREACHABLE', orderId: 'o1', foId: 'FO-o1-1', category: 'SYSTEM_UNREACHABLE', suggestedAction: 'retry', slaTier: 'P2', openedAtMs, dueAtMs: openedAtMs + 1, detail: 'x' });
const order = (state: string): OrderView => ({ orderId: 'o1', status: 'OPEN', closed: false, fulfillmentOrders: [{ foId: 'FO-o1-1', state, lines: [] }] }) as unknown as OrderView;
const left: TraceEvent = { index: 7, atMs: 500, kind: 'fo.transitioned', source: 'orchestrator', orderId: 'o1', ref: 'FO-o1-1', detail: JSON.stringify({ foId: 'FO-o1-1', from: 'EXCEPTION', to: 'ROUTING' }) };

function findings(state: string, openedAtMs: number, events: readonly TraceEvent[] = [left]) {
  const { context } = checkContextOf({ orders: [order(state)], exceptions: [item(openedAtMs)] });
  for (const event of events) staleExceptionsChecker.onEvent?.(event, context, () => undefined);
  return atEnd(staleExceptionsChecker, context);
}

describe('exceptions.none-left-stale', () => {
  it('finds an item left open after its FO left EXCEPTION', () => {
    const [finding, ...rest] = findings('COMPLETED', 100);
    expect(rest).toEqual([]);
    expect(finding?.detail).toBe('EX-FO-o1-1-SYSTEM_UNREACHABLE (SYSTEM_UNREACHABLE) is still open, but FO-o1-1 left EXCEPTION for ROUTING and is COMPLETED now');
    expect(finding?.firstBadEvent?.index).toBe(7);
  });

  it('leaves alone an FO parked again, an item opened after it left, and an FO that never left', () => {
    expect(findings('EXCEPTION', 100)).toEqual([]);
    expect(findings('COMPLETED', 900)).toEqual([]);
    expect(findings('COMPLETED', 100, [])).toEqual([]);
  });
});
