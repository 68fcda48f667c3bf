import { describe, expect, it } from 'vitest';
import type { ExceptionItem } from '../../orchestrator/exceptions/exception-queue.ts';
import type { StorePort } from '../../orchestrator/ports.ts';
import type { World } from '../../sim/world/world.ts';
import { payloadOf, runIncident, scenarioFrom } from '../incidents/incident-world.ts';

/** Talks to the gateway as a stray client would (a second checkout, an operator's console), bypassing the orchestrator. */
function gateway(world: World, path: string, key: string, body: unknown): { authorizationId?: string; status?: string } {
  const response = world.payment.handle({ method: 'POST', path, headers: { 'content-type': 'application/json', 'idempotency-key': key }, body });
  if (response.status >= 300) throw new Error(`gateway refused ${path}: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body as { authorizationId?: string };
}

describe('settlement sweep: the orchestrator reconciles closed orders with the gateway', () => {
  it('raises MONEY_MISMATCH for exactly the order charged again after it closed, and voids a hold left on another', async () => {
    // The over-charged order ends on the exception queue (MONEY_MISMATCH): the scenario accepts one.
    const scenario = scenarioFrom('baseline', (s) => void (s.parkingBudget = { orders: [1, 2] }));
    let store: StorePort | undefined;
    let overCharged: string | undefined;
    let leftHeld: string | undefined;
    let extraCaptureAuth = '';
    let extraHoldAuth = '';
    const run = await runIncident(scenario, {
      seed: 7,
      orders: 40,
      kinds: ['recon.break_detected', 'order.settled', 'payment.voided', 'exception.opened'],
      ports: (ports) => {
        store = ports.store;
        return ports;
      },
      react: (event, world) => {
        if (event.kind !== 'order.closed') return;
        if (overCharged === undefined) {
          const orderId = event.orderId;
          overCharged = orderId;
          world.kernel.schedule('test.extra-capture', 60_000, () => {
            const auth = gateway(world, '/authorizations', 'test-extra-auth', { reference: orderId, amountCents: 1_234, currency: 'USD' });
            extraCaptureAuth = auth.authorizationId ?? '';
            gateway(world, `/authorizations/${extraCaptureAuth}/captures`, 'test-extra-capture', { amountCents: 1_234 });
          });
        } else if (leftHeld === undefined) {
          const orderId = event.orderId;
          leftHeld = orderId;
          world.kernel.schedule('test.extra-hold', 60_000, () => {
            extraHoldAuth = gateway(world, '/authorizations', 'test-extra-hold', { reference: orderId, amountCents: 777, currency: 'USD' }).authorizationId ?? '';
          });
        }
      },
    });
    expect(overCharged).toBeDefined();
    expect(leftHeld).toBeDefined();
    expect(extraCaptureAuth).not.toBe('');
    expect(extraHoldAuth).not.toBe('');

    // The break: exactly one, for the order charged again, classified and on the queue.
    const breaks = run.events.filter((event) => event.kind === 'recon.break_detected');
    expect(breaks.map((event) => event.orderId)).toEqual([overCharged]);
    expect(payloadOf<{ category: string }>(breaks[0]!).category).toBe('MONEY_MISMATCH');
    const money = run.world.orchestrator.view().openExceptions().filter((item) => item.category === 'MONEY_MISMATCH');
    expect(money.map((item) => item.orderId)).toEqual([overCharged]);
    expect(money[0]?.slaTier).toBe('P1');
    expect(money[0]?.suggestedAction).toBe('escalate');
    expect(money[0]?.detail).toContain('gateway kept');

    // The evidence replays: each of the gateway's authorisations, as its books hold them now, is in lastKnown.
    const item = store?.get<ExceptionItem>('exceptions', money[0]?.exceptionId ?? '');
    expect(item).toBeDefined();
    const lastKnown = item?.lastKnown ?? {};
    const truth = run.world.payment.truth().authorizations.filter((auth) => auth.reference === overCharged);
    expect(truth.map((auth) => auth.authorizationId)).toContain(extraCaptureAuth);
    for (const auth of truth) {
      expect(lastKnown['gateway']).toContain(`${auth.authorizationId} ${auth.status} amount ${auth.amountCents} captured ${auth.capturedCents} refunded ${auth.refundedCents}`);
    }
    const view = run.world.orchestrator.view().order(overCharged ?? '');
    expect(lastKnown['orchestrator']).toContain(`captured ${view?.payment?.capturedCents}`);
    expect(lastKnown['lookup']).toContain(`reference=${overCharged}`);

    // The hold left on the other closed order was voided by the sweep, which then settled it.
    const extraHold = run.world.payment.truth().authorizations.find((auth) => auth.authorizationId === extraHoldAuth);
    expect(extraHold?.status).toBe('VOIDED');
    const settled = run.events.filter((event) => event.kind === 'order.settled').map((event) => event.orderId);
    expect(settled).toContain(leftHeld);
    expect(settled).not.toContain(overCharged);
    expect(new Set(settled).size).toBe(settled.length);
    const voidedAt = run.events.find((event) => event.kind === 'payment.voided' && event.detail.startsWith(extraHoldAuth))?.atMs;
    const settledAt = run.events.find((event) => event.kind === 'order.settled' && event.orderId === leftHeld)?.atMs;
    expect(voidedAt).toBeDefined();
    expect(settledAt).toBeGreaterThan(voidedAt ?? Infinity);

    // The harness's own money checkers agree: the over-charged order breaks the books, and the
    // hold on the other closed order asked for money the order no longer owed; nothing else.
    const byOrder = (orderId: string | undefined): string[] => [...new Set(run.result.violations.filter((violation) => violation.orderId === orderId).map((violation) => violation.invariant))];
    expect(run.result.violations.every((violation) => violation.orderId === overCharged || violation.orderId === leftHeld)).toBe(true);
    expect(byOrder(overCharged)).toContain('money.settlement-balances');
    expect(byOrder(leftHeld)).toEqual(['money.authorisation-within-what-is-owed']);
  });
});
