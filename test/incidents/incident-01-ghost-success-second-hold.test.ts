import { describe, expect, it } from 'vitest';
import { holdOf, runIncident, scenarioFrom } from './incident-world.ts';

const ENDS_HOLD = new Set(['pos.hold.shipped', 'pos.hold.picked_up', 'pos.hold.released', 'pos.hold.rejected']);

describe('incident 1: a POS reserve times out but was applied; the retry must not make a second hold', () => {
  it('looks the hold up by reference before re-sending: never two live holds for one (FO line, store), and ghost holds are adopted', async () => {
    // Every third reply from S1 and S2 is lost after the register applied the request.
    const scenario = scenarioFrom('baseline', (s) => {
      for (const store of s.topology.stores.slice(0, 2)) store.quirks = { ghostSuccess: [1, 3] };
    });
    const live = new Map<string, Set<string>>();
    let maxLive = 0;
    const ghostCreated = new Set<string>(); // holds whose creation reply was lost
    const pickRequested = new Set<string>();
    let lastCreated = { ref: '', holdId: '' };
    const run = await runIncident(scenario, {
      seed: 1,
      orders: 200,
      react: (event) => {
        if (event.kind === 'pos.hold.created' || ENDS_HOLD.has(event.kind)) {
          const { storeId, holdId } = holdOf(event);
          const key = `${storeId}|${event.ref}`;
          const holds = live.get(key) ?? new Set<string>();
          if (event.kind === 'pos.hold.created') holds.add(holdId);
          else holds.delete(holdId);
          live.set(key, holds);
          maxLive = Math.max(maxLive, holds.size);
          if (event.kind === 'pos.hold.created') lastCreated = { ref: event.ref, holdId };
        }
        if (event.kind === 'pos.hold.pick_requested') pickRequested.add(holdOf(event).holdId);
        // The quirk is recorded right after the register applied the request it struck.
        if (event.kind === 'pos.quirk.ghost_success' && event.detail.includes('POST /holds') && event.ref === lastCreated.ref) ghostCreated.add(lastCreated.holdId);
      },
    });
    expect(run.result.violations).toEqual([]);
    expect(run.result.converged).toBe(true);
    expect(run.result.faultsFired['pos.ghost_success'] ?? 0).toBeGreaterThan(0);
    expect(run.result.faultsFired['pos.duplicate_hold'] ?? 0).toBe(0);
    // At every moment of the trace, at most one live hold per (FO line, store).
    expect(maxLive).toBe(1);
    // Ghost holds were found by the look-up and carried on with (a pick request names the hold id, learnt only from the look-up).
    expect(ghostCreated.size).toBeGreaterThan(0);
    expect([...ghostCreated].filter((holdId) => pickRequested.has(holdId)).length).toBeGreaterThan(0);
  });
});
