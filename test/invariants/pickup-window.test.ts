import { describe, expect, it } from 'vitest';
import { pickupExpiryChecker } from '../../sim/invariants/pickup-expiry.ts';
import { pickupWindowChecker } from '../../sim/invariants/pickup-window.ts';
import { checkContextOf } from './check-context.ts';
import { findingsOf, published } from './policy-fixtures.ts';

const HOUR_MS = 3_600_000;
const READY_AT = 10 * HOUR_MS;

const ready = (foId = 'FO-o1-1') => published('fo.transitioned', 'o1', { foId, event: 'ready', from: 'IN_PROGRESS', to: 'READY_FOR_PICKUP', nodeId: 'S1' }, READY_AT);
const announced = (windowMs: number, foId = 'FO-o1-1') => published('pickup.ready', 'o1', { foId, storeId: 'S1', pickupReference: `${foId}:`, pickupWindowMs: windowMs }, READY_AT);
const expired = (afterMs: number, foId = 'FO-o1-1') => published('fo.transitioned', 'o1', { foId, event: 'expire', from: 'READY_FOR_PICKUP', to: 'PICKUP_EXPIRED', nodeId: 'S1', reason: 'not collected', actor: 'sweep' }, READY_AT + afterMs);
const collected = (afterMs: number) => published('fo.transitioned', 'o1', { foId: 'FO-o1-1', event: 'pickup', from: 'READY_FOR_PICKUP', to: 'PICKED_UP', nodeId: 'S1' }, READY_AT + afterMs);

describe('pickup.window-not-cut-short (incident 15, the other direction)', () => {
  const context = (pickupWindowMs?: number) => checkContextOf({ orders: [], ...(pickupWindowMs === undefined ? {} : { timing: { pickupWindowMs } }) }).context;

  it('accepts an expiry at or after the configured window, and a pickup collected any time', () => {
    expect(findingsOf(pickupWindowChecker, context(48 * HOUR_MS), [ready(), announced(48 * HOUR_MS), expired(48 * HOUR_MS)])).toEqual([]);
    expect(findingsOf(pickupWindowChecker, context(48 * HOUR_MS), [ready(), collected(HOUR_MS)])).toEqual([]);
  });

  it('reports an expiry before the configured window ended, with how much was cut', () => {
    const findings = findingsOf(pickupWindowChecker, context(48 * HOUR_MS), [ready(), expired(24 * HOUR_MS)]);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.detail).toBe('FO-o1-1 expired 24 h after it became ready at S1: 24 h before its 48 h pickup window ended');
    expect(findings[0]?.firstBadEvent?.kind).toBe('fo.transitioned');
  });

  it('uses the documented default of 4 days when the config sets no window', () => {
    expect(findingsOf(pickupWindowChecker, context(), [ready(), expired(72 * HOUR_MS)])[0]?.detail).toContain('before its 96 h pickup window ended');
    expect(findingsOf(pickupWindowChecker, context(), [ready(), expired(96 * HOUR_MS)])).toEqual([]);
  });

  it('reports a window announced to the customer that is not the configured one', () => {
    expect(findingsOf(pickupWindowChecker, context(48 * HOUR_MS), [ready(), announced(24 * HOUR_MS)])[0]?.detail).toBe('FO-o1-1 announced a pickup window of 24 h; the configured window is 48 h');
  });
});

describe('pickup.expires-unless-collected reads the configured window, not the announced one', () => {
  it('reports a pickup kept past the configured window plus grace, even when the orchestrator announced a longer one', () => {
    const { context } = checkContextOf({ orders: [], timing: { pickupWindowMs: 24 * HOUR_MS } });
    const events = [announced(96 * HOUR_MS), published('http.request', '', {}, READY_AT + 40 * HOUR_MS)];
    const findings = findingsOf(pickupExpiryChecker, context, events);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.detail).toContain('FO-o1-1 still READY_FOR_PICKUP 40 h after it became ready');
  });
});
