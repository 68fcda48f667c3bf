/**
 * WmsRecovery.noteListing after a stall: hundreds of new files in one listing. It notes them in
 * transactions of a bounded number of control numbers; whatever the bound, and wherever power is
 * lost between or inside them, the listing noted again ends where one unbounded pass would.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { InboundFile } from '../../orchestrator/adapters/wms/wms-adapter.ts';
import type { StorePort } from '../../orchestrator/ports.ts';
import type { OrchestratorContext } from '../../orchestrator/reference/context.ts';
import { WmsRecovery } from '../../orchestrator/reference/wms-recovery.ts';
import { MemoryStore } from '../../sim/world/memory-store.ts';
import { countingStore } from './counting-store.ts';
import { runWithPowerCuts } from './power-cuts.ts';

const NOW_MS = 10 * 3_600_000;

function recovery(store: StorePort): WmsRecovery {
  return new WmsRecovery({ ports: { store, clock: { nowMs: () => NOW_MS } } } as unknown as OrchestratorContext);
}

function listing(numbers: readonly number[]): InboundFile[] {
  return numbers.map((controlNumber) => ({ fileName: `SHIPCONF_DC1_${String(controlNumber).padStart(8, '0')}.csv`, docType: 'SHIPCONF', controlNumber, copy: 0 }));
}

/** Every namespace noteListing writes, as sorted entries: what a run would find afterwards. */
function state(disk: MemoryStore): Record<string, unknown[]> {
  const namespaces = ['wms-outbound-seen', 'wms-outbound-low', 'wms-outbound-gaps', 'wms-wants'];
  return Object.fromEntries(namespaces.map((namespace) => [namespace, [...disk.values(namespace)].map((value) => JSON.stringify(value)).sort()]));
}

/** Two listings (the second later, with more files), noted with `bound` numbers a transaction. */
function noteBoth(store: StorePort, first: readonly number[], second: readonly number[], bound: number): void {
  recovery(store).noteListing('DC1', listing(first), bound);
  recovery(store).noteListing('DC1', listing(second), bound);
}

const numbers = fc.uniqueArray(fc.integer({ min: 1, max: 60 }), { maxLength: 50 });

describe('WmsRecovery.noteListing in bounded transactions', () => {
  it('ends as one unbounded pass does, for any listings and any bound', () => {
    fc.assert(
      fc.property(numbers, numbers, fc.integer({ min: 1, max: 7 }), (first, later, bound) => {
        const second = [...new Set([...first, ...later])];
        const whole = new MemoryStore();
        noteBoth(whole, first, second, Number.MAX_SAFE_INTEGER);
        const bounded = new MemoryStore();
        noteBoth(bounded, first, second, bound);
        expect(state(bounded)).toEqual(state(whole));
      }),
    );
  });

  it('writes at most about two writes per number a transaction, however long the listing', () => {
    const disk = new MemoryStore();
    const { store, committed: sizes } = countingStore(disk);
    recovery(store).noteListing('DC1', listing(Array.from({ length: 1_000 }, (_, index) => index + 1)), 50);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(2 * 50 + 1);
    expect(disk.get('wms-outbound-low', 'DC1')).toBe(1_000);
    expect([...disk.values('wms-outbound-seen')]).toEqual([]);
  });

  it('power lost anywhere: noting the listing again ends as an uncut run', () => {
    fc.assert(
      fc.property(numbers, fc.integer({ min: 1, max: 5 }), fc.array(fc.integer({ min: 1, max: 120 }), { maxLength: 3 }), (listed, bound, cuts) => {
        const whole = new MemoryStore();
        recovery(whole).noteListing('DC1', listing(listed), bound);
        const disk = new MemoryStore();
        runWithPowerCuts(disk, { cutAfter: (write) => cuts.includes(write) }, (store) => recovery(store).noteListing('DC1', listing(listed), bound));
        expect(state(disk)).toEqual(state(whole));
      }),
    );
  });
});
