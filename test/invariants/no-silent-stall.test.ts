import { describe, expect, it } from 'vitest';
import { noSilentStallChecker, STALL_LIMIT_MS } from '../../sim/invariants/no-silent-stall.ts';
import type { Finding } from '../../sim/invariants/types.ts';
import type { TraceEvent } from '../../sim/kernel/trace.ts';
import { checkContextOf } from './check-context.ts';
import { published } from './published.ts';

const HOUR_MS = 3_600_000;

/**
 * FO-o1-1 goes to `state` at 0 at `nodeId`; then the world ticks once a simulated hour until
 * `untilMs` (a trace event each tick, as a running world always has).
 */
function stall(state: string, untilMs: number, options: { nodeId?: string; offline?: { fromMs: number; toMs: number } } = {}): Finding[] {
  let now = 0;
  const nodeId = options.nodeId ?? 'DC1';
  const { context } = checkContextOf({ orders: [], nowMs: () => now, ...(options.offline === undefined ? {} : { offlineWindows: new Map([[nodeId, [options.offline]]]) }) });
  const findings: Finding[] = [];
  const report = (finding: Finding): void => void findings.push(finding);
  const transition = published('fo.transitioned', 'FO-o1-1', 1, 'o1', { foId: 'FO-o1-1', from: 'ALLOCATED', to: state, nodeId });
  const traced: TraceEvent = { index: 0, atMs: 0, kind: 'fo.transitioned', source: 'orchestrator', orderId: 'o1', ref: 'FO-o1-1', detail: '' };
  noSilentStallChecker.onEvent?.(traced, context, report);
  noSilentStallChecker.onPublished?.(transition, traced, context, report);
  for (let index = 1; now < untilMs; index += 1) {
    now = Math.min(untilMs, now + HOUR_MS);
    noSilentStallChecker.onEvent?.({ index, atMs: now, kind: 'world.tick', source: 'world', orderId: '', ref: '', detail: '' }, context, report);
  }
  return findings;
}

describe('lifecycle.no-silent-stall', () => {
  it('finds an FO that sat in one open state past two weeks off the queue, once, at the first event past the limit', () => {
    const findings = stall('RELEASED', STALL_LIMIT_MS + 5 * HOUR_MS);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ invariant: 'lifecycle.no-silent-stall', orderId: 'o1' });
    expect(findings[0]?.detail).toBe('FO-o1-1 has been RELEASED at DC1 for 337 h (not counting outages) and is not on the exception queue: past the 336 h a stall may stay unseen');
    expect(findings[0]?.firstBadEvent?.atMs).toBe(STALL_LIMIT_MS + HOUR_MS);
  });

  it('leaves alone a stall up to the limit, the exception queue, finished FOs, and time its node was offline', () => {
    expect(stall('RELEASED', STALL_LIMIT_MS)).toEqual([]);
    for (const state of ['EXCEPTION', 'COMPLETED', 'CANCELLED']) expect(stall(state, 3 * STALL_LIMIT_MS), state).toEqual([]);
    expect(stall('ALLOCATED', STALL_LIMIT_MS + 5 * HOUR_MS, { nodeId: 'S1', offline: { fromMs: 0, toMs: 10 * HOUR_MS } })).toEqual([]);
    expect(stall('ALLOCATED', STALL_LIMIT_MS + 20 * HOUR_MS, { nodeId: 'S1', offline: { fromMs: 0, toMs: 10 * HOUR_MS } })).toHaveLength(1);
  });
});
