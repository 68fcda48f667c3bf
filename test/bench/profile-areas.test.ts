import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { areaOf, GARBAGE_COLLECTOR, referenceAndHarness, REFERENCE_AREA, RUNTIME, timeByArea, usPerOrderByArea, type CpuProfile, type ProfileNode } from '../../scripts/profile-areas.ts';

const ROOT = '/repo/';

function frame(id: number, functionName: string, url: string, children: number[] = []): ProfileNode {
  return { id, callFrame: { functionName, url, lineNumber: 0 }, children };
}

/**
 * root -> world.run (sim/world/world.ts) -> placeOrder (orchestrator) -> csv parse (node_modules)
 *                                       -> hold (legacy-fakes)        -> JSON.stringify (builtin)
 * plus the garbage collector, idle, and a microtask with no project frame above it.
 */
const PROFILE: CpuProfile = {
  nodes: [
    frame(1, '(root)', '', [2, 7, 8, 9]),
    frame(2, 'run', 'file:///repo/sim/world/world.ts', [3, 5]),
    frame(3, 'placeOrder', 'file:///repo/orchestrator/reference/order-intake.ts', [4]),
    frame(4, 'parse', 'file:///repo/node_modules/csv-parse/dist/esm/index.js'),
    frame(5, 'hold', 'file:///repo/legacy-fakes/pos/pos-store.ts', [6]),
    frame(6, 'stringify', ''),
    frame(7, GARBAGE_COLLECTOR, ''),
    frame(8, '(idle)', ''),
    frame(9, 'runMicrotasks', 'node:internal/process/task_queues'),
  ],
  samples: [4, 4, 3, 6, 2, 7, 8, 8, 8, 9],
};

describe('profile: time by area', () => {
  it('charges library and builtin time to the project file that called it, and leaves idle out', () => {
    expect(Object.fromEntries(timeByArea(PROFILE, ROOT))).toEqual({
      'orchestrator (the code under test)': 3 / 7,
      'POS fake': 1 / 7,
      'world wiring, trace formatting': 1 / 7,
      [GARBAGE_COLLECTOR]: 1 / 7,
      [RUNTIME]: 1 / 7,
    });
  });

  it('puts the orchestrator\'s store apart from the rest of the world', () => {
    expect(areaOf('sim/world/memory-store.ts')).toBe('its store (sim/world/memory-store.ts)');
    expect(areaOf('sim/world/world.ts')).toBe('world wiring, trace formatting');
    expect(areaOf('sim/invariants/money.ts')).toBe('checkers');
  });

  it('tells each fake, the trace and the kernel apart', () => {
    expect(areaOf('legacy-fakes/wms/wms-dc.ts')).toBe('WMS fake');
    expect(areaOf('legacy-fakes/payment/payment-ledger.ts')).toBe('payment fake');
    expect(areaOf('legacy-fakes/garbled-reply.ts')).toBe('fakes, shared code');
    expect(areaOf('sim/kernel/trace.ts')).toBe('trace (recording, hash)');
    expect(areaOf('sim/kernel/kernel.ts')).toBe('kernel');
  });

  it('turns shares into microseconds per order, and splits the reference from the harness', () => {
    const byArea = usPerOrderByArea([[REFERENCE_AREA, 0.25], ['checkers', 0.5], [GARBAGE_COLLECTOR, 0.25]], 800);
    expect(byArea).toEqual([[REFERENCE_AREA, 200], ['checkers', 400], [GARBAGE_COLLECTOR, 200]]);
    expect(referenceAndHarness(byArea)).toEqual({ reference: 200, harness: 600 });
  });

  it('gives shares that add up to one, largest first, for any samples', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 2, max: 9 }), { minLength: 1, maxLength: 200 }), (samples) => {
        const shares = timeByArea({ ...PROFILE, samples }, ROOT);
        if (samples.every((sample) => sample === 8)) {
          expect(shares).toEqual([]);
          return;
        }
        expect(shares.reduce((sum, [, share]) => sum + share, 0)).toBeCloseTo(1, 9);
        for (let index = 1; index < shares.length; index++) expect((shares[index - 1] as [string, number])[1]).toBeGreaterThanOrEqual((shares[index] as [string, number])[1]);
      }),
    );
  });
});
