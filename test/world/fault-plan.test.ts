import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { referencePlugin } from '../../orchestrator/reference/reference-orchestrator.ts';
import { FAULT_CATALOGUE, FAULT_NAMES, faultEntry } from '../../sim/world/fault-catalogue.ts';
import { plannedFaults, vacuousFaults } from '../../sim/world/fault-plan.ts';
import { loadScenario } from '../../sim/world/scenario-loader.node.ts';
import type { Scenario } from '../../sim/world/scenario-schema.ts';
import { simulate } from '../../sim/world/simulate.ts';
import { drawSwarm } from '../../sim/world/swarm.ts';
import { World } from '../../sim/world/world.ts';

const { scenario: baseline } = loadScenario('baseline');
const { scenario: swarm } = loadScenario('swarm');

/** The baseline with every fault of the catalogue switched on somewhere. */
function everyFault(): Scenario {
  const stores = baseline.topology.stores.map((store, index) => ({
    ...store,
    quirks: {
      serviceMs: { min: 20, max: 300 },
      ghostSuccess: [1, 30] as [number, number],
      lostRequest: [1, 30] as [number, number],
      errorInBody: [1, 30] as [number, number],
      garbledReply: [1, 30] as [number, number],
      unavailable: { ratio: [1, 30] as [number, number], retryAfterSeconds: 2 },
      offline: [{ fromHour: 1, toHour: 2, mode: index % 2 === 0 ? ('hang' as const) : ('refuse' as const) }],
      inStoreShoppers: { salesPerOpenHour: 2, quantity: { min: 1, max: 1 } },
      longOutage: { fromHour: 30, hours: 24, mode: 'hang' as const },
    },
  }));
  const delayed = { ratio: [1, 5] as [number, number], delayHours: { min: 24, max: 48 } };
  const withDelays = new Set(['wms.lateFiles', 'wms.veryLateFiles', 'wms.lateDuplicateConfirmation', 'wms.stuckTransfer']);
  const dcQuirks = Object.fromEntries(FAULT_NAMES.filter((name) => name.startsWith('wms.') && !withDelays.has(name)).map((name) => [name.slice(4), [1, 5]]));
  return {
    ...baseline,
    topology: {
      ...baseline.topology,
      stores,
      dcs: baseline.topology.dcs.map((dc) => ({ ...dc, quirks: { ...dcQuirks, lateFiles: { ratio: [1, 5], delayMinutes: { min: 60, max: 120 } }, veryLateFiles: delayed, lateDuplicateConfirmation: delayed, stuckTransfer: { fromHour: 40, hours: 30 } } })),
    },
    inventory: { ...baseline.inventory, scarce: { fromSku: 1, count: 3, dcUnits: 5, storeUnits: 1 } },
    payment: { ...baseline.payment, quirks: { captureGhostSuccess: [1, 9], lostRequest: [1, 9], garbledReply: [1, 9], unavailable: { ratio: [1, 9], retryAfterSeconds: 1 }, offline: [{ fromHour: 3, toHour: 4, mode: 'hang' }], longOutage: { fromHour: 10, hours: 24, mode: 'hang' } } },
    network: { ...baseline.network, faults: { loss: [1, 99], duplicate: [1, 99], replyLoss: [1, 99] } },
    crashes: { everyEvents: 5000, perCommandRatio: [1, 50], perWriteRatio: [1, 5000], restartDelaySeconds: { min: 30, max: 30 } },
    channel: {
      duplicate: [1, 9],
      concurrentDuplicate: [1, 9],
      duplicateDelayMs: { min: 100, max: 1000 },
      replyMs: 20,
      resendAfterMs: 60_000,
      maxResends: 3,
      newKeyResend: { ratio: [1, 9], delayMinutes: { min: 1, max: 60 } },
      lateResend: { ratio: [1, 9], delayHours: { min: 30, max: 60 } },
      lateCancelResend: { ratio: [1, 9], delayHours: { min: 1, max: 20 } },
      keyReuse: [1, 9],
      correctedResend: [1, 9],
      editedResend: [1, 9],
    },
    clock: { posSkewMinutes: 5, wmsSkewMinutes: -3, paymentSkewMinutes: 2 },
    workload: { ...baseline.workload, cancelRatio: [1, 9], partialCancelRatio: [1, 2], cancelAgainRatio: [1, 3], cancelCorrectedRatio: [1, 3], cancelEditedRatio: [1, 3], returnRatio: [1, 9], returnCorrectedRatio: [1, 3], returnResendRatio: [1, 3], returnAgainRatio: [1, 3], pickupNoShowRatio: [1, 9] },
  };
}

/** The counter names a world really keeps with every fault configured: the fakes', the transport's and the world's own. */
function realCounterNames(): Set<string> {
  const world = new World({ scenario: everyFault(), seed: 1, orders: 10, plugin: referencePlugin, checkers: [], replayCommand: '' });
  return new Set(Object.keys(world.faultCounters()));
}

describe('the fault plan', () => {
  const counters = realCounterNames();

  it('plans every catalogue fault when every fault is configured', () => {
    expect(plannedFaults(everyFault()).map((fault) => fault.name)).toEqual(FAULT_NAMES);
  });

  it('maps every catalogue fault to a counter the fakes, the transport or the world really keep', () => {
    for (const name of FAULT_NAMES) expect(counters.has(faultEntry(name).counter), `${name} -> ${faultEntry(name).counter}`).toBe(true);
  });

  it('maps every fault a swarm draws to a real counter, whatever the seed (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), (seed) => {
        for (const fault of plannedFaults(drawSwarm(swarm, seed))) {
          expect(counters.has(fault.counter), `${fault.name} -> ${fault.counter}`).toBe(true);
          expect(fault.counter).toBe(FAULT_CATALOGUE[fault.name].counter);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('calls a fault vacuous exactly when its counter stayed at zero (property)', () => {
    const plan = plannedFaults(everyFault());
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...plan.map((fault) => fault.counter)), fc.nat({ max: 3 })), (fired) => {
        const vacuous = vacuousFaults(plan, fired);
        const expected = plan.filter((fault) => (fired[fault.counter] ?? 0) === 0).map((fault) => fault.name);
        expect(vacuous).toEqual([...expected].sort());
      }),
    );
  });

  it('reports a fault planned with ratio [0, n] as vacuous: planned, and it can never fire', async () => {
    const stores = baseline.topology.stores.map((store) => ({ ...store, quirks: { ghostSuccess: [0, 5] as [number, number], lostRequest: [1, 5] as [number, number] } }));
    const scenario = { ...baseline, topology: { ...baseline.topology, stores } };
    const result = await simulate({ scenario, scenarioRef: 'baseline', seed: 1, orders: 40 }, () => 0);
    expect(result.faultPlan).toEqual(['pos.ghostSuccess 0/5 (S1 S2 S3 S4)', 'pos.lostRequest 1/5 (S1 S2 S3 S4)']);
    expect(result.faultsFired['pos.lost_request'] ?? 0).toBeGreaterThan(0);
    expect(result.vacuous).toEqual(['pos.ghostSuccess']);
  });

  it('takes --crash-every as the crash plan', () => {
    expect(plannedFaults(baseline, { crashEveryEvents: 300 })).toEqual([{ name: 'orchestrator.crashes', counter: 'orchestrator.crash', detail: 'every 300 events (--crash-every)' }]);
  });
});
