import { describe, expect, it } from 'vitest';
import type { FoView } from '../../orchestrator/plugin.ts';
import { backorderDeadlineChecker } from '../../sim/invariants/backorder-deadline.ts';
import { checkContextOf } from './check-context.ts';
import { findingsOf, fo, line, NODES, order, published } from './policy-fixtures.ts';

const HOUR_MS = 3_600_000;
/** Baseline's timing: a decision after 24 h, sweeps every hour. */
const DEADLINE_MS = 24 * HOUR_MS;

const transition = (foId: string, event: string, from: string, to: string, atMs: number, extra: Record<string, unknown> = {}) => published('fo.transitioned', 'o1', { foId, event, from, to, nodeId: '', ...extra }, atMs);
const decided = (foId: string, atMs: number, assignments = '', unroutable = '1') => published('routing.decided', 'o1', { foId, rule: 'split-by-line', assignments, unroutable }, atMs);
const waits = (foId: string, atMs: number) => [decided(foId, atMs), transition(foId, 'backorder', 'ROUTING', 'BACKORDERED', atMs)];
const retried = (foId: string, atMs: number) => [transition(foId, 'retry_routing', 'BACKORDERED', 'ROUTING', atMs, { actor: 'sweep' }), decided(foId, atMs)];
const unavailable = (foId: string, atMs: number) => transition(foId, 'cancel', 'BACKORDERED', 'CANCELLED', atMs, { reason: 'unavailable: SKU-1x2 (none at S1)', actor: 'sweep' });
const parked = (foId: string, atMs: number) => published('exception.opened', 'o1', { foId, category: 'UNROUTABLE', suggestedAction: 'cancel', slaTier: 'P2', detail: '' }, atMs);

describe('backorder.decided-at-its-deadline: not cut short', () => {
  const context = () => checkContextOf({ orders: [], nodes: NODES }).context;

  it('accepts units given up as unavailable at the deadline, and parking on stale facts after three deadlines', () => {
    expect(findingsOf(backorderDeadlineChecker, context(), [...waits('FO-o1-1', 0), ...retried('FO-o1-1', 5 * HOUR_MS), transition('FO-o1-1', 'backorder', 'ROUTING', 'BACKORDERED', 5 * HOUR_MS), unavailable('FO-o1-1', DEADLINE_MS)])).toEqual([]);
    expect(findingsOf(backorderDeadlineChecker, context(), [...waits('FO-o1-1', 0), parked('FO-o1-1', 3 * DEADLINE_MS)])).toEqual([]);
  });

  it('reports units given up before their deadline, and leaves units given up without ever waiting to the owners\' check', () => {
    const early = findingsOf(backorderDeadlineChecker, context(), [...waits('FO-o1-1', 0), unavailable('FO-o1-1', 2 * HOUR_MS)]);
    expect(early.map((finding) => finding.detail)).toEqual(['FO-o1-1 was given up as unavailable 2 h after its units started waiting, before its deadline (backorderTimeoutMs 24 h): unavailable: SKU-1x2 (none at S1)']);
    expect(early[0]?.firstBadEvent?.kind).toBe('fo.transitioned');
    const never = findingsOf(backorderDeadlineChecker, context(), [transition('FO-o1-1', 'cancel', 'ROUTING', 'CANCELLED', HOUR_MS, { reason: 'unavailable: SKU-1x2' })]);
    // No backorder, no deadline: idempotency.command-applied-once judges such a cancel by the owners' books.
    expect(never).toEqual([]);
  });

  it('reports a wait parked UNROUTABLE before three deadlines', () => {
    expect(findingsOf(backorderDeadlineChecker, context(), [...waits('FO-o1-1', 0), parked('FO-o1-1', 30 * HOUR_MS)])[0]?.detail).toBe('FO-o1-1 was parked UNROUTABLE 30 h after its units started waiting; the policy waits 3 x backorderTimeoutMs (72 h) for fresh facts first');
  });

  it('lets the lines a routing decision could not place keep waiting since the routed FO first did', () => {
    // FO-o1-1 waits from 0; at 20 h line 1 is routed and line 2 waits on in FO-o1-2: its deadline is still 24 h.
    const events = [...waits('FO-o1-1', 0), ...retried('FO-o1-1', 20 * HOUR_MS), transition('FO-o1-1', 'allocate', 'ROUTING', 'ALLOCATED', 20 * HOUR_MS), transition('FO-o1-2', 'route', 'CREATED', 'ROUTING', 20 * HOUR_MS), transition('FO-o1-2', 'backorder', 'ROUTING', 'BACKORDERED', 20 * HOUR_MS)];
    expect(findingsOf(backorderDeadlineChecker, context(), [...events, unavailable('FO-o1-2', DEADLINE_MS)])).toEqual([]);
    // A customer cancel of waiting units is no decision.
    expect(findingsOf(backorderDeadlineChecker, context(), [...waits('FO-o1-3', 0), transition('FO-o1-3', 'cancel', 'BACKORDERED', 'CANCELLED', HOUR_MS, { reason: 'changed my mind', actor: 'customer' })])).toEqual([]);
  });
});

describe('backorder.decided-at-its-deadline: not kept too long', () => {
  const waitingFo: FoView = fo('FO-o1-1', '', 'BACKORDERED', [line(1, 'FO-o1-1', 'SKU-2', 2)], null);

  it('reports an FO still waiting at the end past three deadlines and two sweeps when no node has its units', () => {
    // SKU-2: nothing on hand at S1, none at the DC.
    const { context } = checkContextOf({ orders: [order('o1', [waitingFo])], nodes: NODES, nowMs: () => 75 * HOUR_MS });
    const findings: string[] = [];
    findingsOf(backorderDeadlineChecker, context, waits('FO-o1-1', 0));
    backorderDeadlineChecker.atEndOrder?.(order('o1', [waitingFo]), { context } as never, (finding) => findings.push(finding.detail));
    expect(findings).toEqual(['FO-o1-1 still BACKORDERED at the end, 75 h after its units started waiting: past the deadline\'s decision (cancel what no node has, park what stays unknown) by more than the sweep\'s grace (limit 74 h)']);
  });

  it('gives stock that exists but could not be taken (capacity) the week-long limit', () => {
    const withStock: FoView = fo('FO-o1-1', '', 'BACKORDERED', [line(1, 'FO-o1-1', 'SKU-1', 2)], null);
    const { context } = checkContextOf({ orders: [order('o1', [withStock])], nodes: NODES, nowMs: () => 75 * HOUR_MS });
    const findings: string[] = [];
    findingsOf(backorderDeadlineChecker, context, waits('FO-o1-1', 0));
    backorderDeadlineChecker.atEndOrder?.(order('o1', [withStock]), { context } as never, (finding) => findings.push(finding.detail));
    expect(findings).toEqual([]);
  });

  it('reports, during the run, a wait past even the week-long limit', () => {
    const { context } = checkContextOf({ orders: [], nodes: NODES });
    const late = published('http.request', '', {}, 7 * 24 * HOUR_MS + 3 * HOUR_MS);
    const findings = findingsOf(backorderDeadlineChecker, context, [...waits('FO-o1-1', 0), late]);
    expect(findings[0]?.detail).toBe('FO-o1-1 has waited 171 h since its units started waiting, past every limit of the policy (170 h with the sweep\'s grace)');
  });
});
