import { describe, expect, it } from 'vitest';
import { HOUR_MS, runIncident, scenarioFrom } from './incident-world.ts';

const WAITING: ReadonlySet<string> = new Set(['ROUTING', 'BACKORDERED', 'PARKED']);

describe('incident 20: an unroutable order ages unseen', () => {
  it('cancels or excepts every FO within backorderTimeoutMs plus one sweep of waiting in ROUTING/BACKORDERED/PARKED', async () => {
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
    const run = await runIncident(scenario, { seed: 20, orders: 120 });
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
    const tooLong = stints.filter((s) => s.waitedMs > backorderTimeoutMs + backorderRetryIntervalMs).map((s) => `${s.foId} waited ${s.waitedMs / HOUR_MS} h, then ${s.to}`);
    expect(tooLong).toEqual([]);
    // Not given up on before its time either.
    const early = timedOut.filter((s) => s.to === 'CANCELLED' && s.waitedMs < backorderTimeoutMs).map((s) => `${s.foId} cancelled after ${s.waitedMs / HOUR_MS} h`);
    expect(early).toEqual([]);
  });
});
