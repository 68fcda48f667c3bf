import { describe, expect, it } from 'vitest';
import { HOUR_MS, runIncident, scenarioFrom } from './incident-world.ts';

const WAITING: ReadonlySet<string> = new Set(['ROUTING', 'BACKORDERED', 'PARKED']);

const DAY_MS = 24 * HOUR_MS;

describe('incident 20: an unroutable order ages unseen', () => {
  it('decides every FO within backorderTimeoutMs plus one DC snapshot day plus one sweep of waiting in ROUTING/BACKORDERED/PARKED: the units nobody has are cancelled by the sweep, none parked', async () => {
    // Two units per SKU at DC1 and nothing promisable in the stores (stock equals their safety stock):
    // the first orders take it, the rest find no node anywhere and wait.
    const scenario = scenarioFrom('baseline', (s) => {
      s.catalog.skus = 20;
      s.inventory = { dcUnitsPerSkuPer1000Orders: 0, storeUnitsPerSkuPer1000Orders: 0, minimumUnitsPerSku: 2 };
      s.workload.pickupRatio = [0, 1];
      s.orchestrator.backorderTimeoutMs = 12 * HOUR_MS;
      s.orchestrator.backorderRetryIntervalMs = HOUR_MS;
    });
    const { backorderTimeoutMs, backorderRetryIntervalMs } = scenario.orchestrator;
    const run = await runIncident(scenario, { seed: 20, orders: 120, kinds: ['fo.transitioned', 'order.cancel_requested'] });
    expect(run.result.violations).toEqual([]);
    expect(run.result.converged).toBe(true);

    // Each stint in the waiting states, from entering them to leaving them for anything else.
    const since = new Map<string, number>();
    const stints: { foId: string; waitedMs: number; to: string }[] = [];
    for (const t of run.transitions) {
      const waiting = WAITING.has(t.to);
      if (waiting && !since.has(t.foId)) since.set(t.foId, t.atMs);
      if (!waiting && since.has(t.foId)) {
        stints.push({ foId: t.foId, waitedMs: t.atMs - (since.get(t.foId) ?? t.atMs), to: t.to });
        since.delete(t.foId);
      }
    }
    expect([...since.keys()]).toEqual([]);
    const timedOut = stints.filter((s) => s.to === 'CANCELLED' || s.to === 'EXCEPTION');
    // The situation: FOs that found no node anywhere and were given up on.
    expect(timedOut.length).toBeGreaterThan(0);
    // The decision waits for facts newer than the backorder: the DC's next nightly snapshot.
    const tooLong = stints.filter((s) => s.waitedMs > backorderTimeoutMs + DAY_MS + backorderRetryIntervalMs).map((s) => `${s.foId} waited ${s.waitedMs / HOUR_MS} h, then ${s.to}`);
    expect(tooLong).toEqual([]);
    // Decided, not parked: the sweep cancelled the units no node has, saying so, and no customer was made to ask.
    expect(timedOut.filter((s) => s.to === 'EXCEPTION')).toEqual([]);
    const cancels = run.events.filter((event) => event.kind === 'fo.transitioned' && (JSON.parse(event.detail) as { to: string }).to === 'CANCELLED');
    expect(cancels.length).toBe(timedOut.length);
    for (const event of cancels) expect(JSON.parse(event.detail), event.ref).toMatchObject({ actor: 'sweep', reason: expect.stringMatching(/^unavailable: /) as unknown });
    expect(run.events.filter((event) => event.kind === 'order.cancel_requested')).toEqual([]);
    // Not given up on before its time either.
    const early = timedOut.filter((s) => s.to === 'CANCELLED' && s.waitedMs < backorderTimeoutMs).map((s) => `${s.foId} cancelled after ${s.waitedMs / HOUR_MS} h`);
    expect(early).toEqual([]);
  });
});
