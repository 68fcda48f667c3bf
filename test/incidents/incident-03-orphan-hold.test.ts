import { describe, expect, it } from 'vitest';
import { HOUR_MS, holdOf, payloadOf, runIncident, scenarioFrom } from './incident-world.ts';

/** An orphan hold must be released within this long of its creation. */
const RELEASE_WITHIN_MS = 6 * HOUR_MS;

describe('incident 3: a reserve applied after the FO gave up on it (orphan hold)', () => {
  // Seed 3 once left an FO whose holds turned READY while it was still placing them (the journal
  // showed it too early and never again): it stayed ACKNOWLEDGED forever. Kept as a regression.
  it.each([3, 5])('releases every hold no live FO line owns, within T, and leaves no live hold unowned (seed %i)', async (seed) => {
    // S1 and S2 apply requests but lose answers and requests; customers cancel within minutes, while creates are in doubt.
    const scenario = scenarioFrom('baseline', (s) => {
      s.workload.pickupRatio = [1, 2];
      s.workload.cancelRatio = [1, 2];
      s.workload.cancelDelayMinutes = { min: 0, max: 3 };
      for (const dc of s.topology.dcs) dc.safetyStock = 1_000_000; // the DC promises nothing: orders go to stores
      for (const store of s.topology.stores.slice(0, 2)) store.quirks = { ghostSuccess: [1, 2], lostRequest: [1, 3] };
    });
    const created = new Map<string, { storeId: string; ref: string; atMs: number }>();
    const ended = new Map<string, number>();
    const run = await runIncident(scenario, {
      seed,
      orders: 200,
      kinds: ['recon.break_detected'],
      react: (event) => {
        if (event.kind === 'pos.hold.created') {
          const { storeId, holdId } = holdOf(event);
          created.set(`${storeId}/${holdId}`, { storeId, ref: event.ref, atMs: event.atMs });
        } else if (event.kind === 'pos.hold.released' || event.kind === 'pos.hold.shipped' || event.kind === 'pos.hold.picked_up' || event.kind === 'pos.hold.rejected') {
          const { storeId, holdId } = holdOf(event);
          ended.set(`${storeId}/${holdId}`, event.atMs);
        }
      },
    });
    expect(run.result.violations).toEqual([]);
    expect(run.result.converged).toBe(true);
    expect(run.result.faultsFired['pos.ghost_success'] ?? 0).toBeGreaterThan(0);
    // The sweep found orphans (holds no FO line owns) and released them, in time.
    const orphans = run.events.map((event) => payloadOf<{ category: string; storeId: string; holdId: string; remediation: string }>(event)).filter((item) => item.category === 'ORPHAN_HOLD');
    expect(orphans.length).toBeGreaterThan(0);
    for (const orphan of orphans) {
      const key = `${orphan.storeId}/${orphan.holdId}`;
      const hold = created.get(key);
      const endedAt = ended.get(key);
      expect(hold, key).toBeDefined();
      expect(endedAt, key).toBeDefined();
      expect((endedAt ?? Number.POSITIVE_INFINITY) - (hold?.atMs ?? 0), key).toBeLessThanOrEqual(RELEASE_WITHIN_MS);
    }
    // No live hold is left at any store: every claim an owner holds belongs to a live allocation, and none is left.
    const live = run.world.pos.truth().flatMap((store) => store.holds.filter((hold) => hold.status === 'HELD' || hold.status === 'PICK_REQUESTED' || hold.status === 'READY').map((hold) => `${store.storeId}/${hold.holdId}`));
    expect(live).toEqual([]);
  });
});
