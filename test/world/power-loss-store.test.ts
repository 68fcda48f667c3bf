import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../sim/world/memory-store.ts';
import { PowerLoss, type PowerLossStore } from '../../sim/world/power-loss-store.ts';
import { losingPower } from './losing-power.ts';

/** A store that loses power right after its `fatalWrite`-th write (counting from 1). */
function losingPowerAt(fatalWrite: number) {
  const disk = new MemoryStore();
  return { disk, store: losingPower(disk, (write) => write === fatalWrite).store };
}

/** One step as the orchestrator writes it: an autocommit write, a transaction of three, then one more write. */
function step(store: PowerLossStore): void {
  store.put('orders', 'o1', { state: 'placed' });
  try {
    store.transaction(() => {
      store.put('fos', 'f1', { state: 'ROUTING' });
      store.put('outbox', 'e1', { type: 'order.created' });
      store.delete('orders', 'o1');
    });
  } catch (error) {
    // The dead process unwinds: what it does after the power went never reaches the disk.
    if (!(error instanceof PowerLoss)) throw error;
  }
  store.put('fos', 'f2', { state: 'ROUTING' });
}

describe('PowerLossStore (torn-step crashes)', () => {
  it('keeps an autocommit write made before the power went, and nothing after it', () => {
    const { disk, store } = losingPowerAt(1);
    step(store);
    expect(disk.get('orders', 'o1')).toEqual({ state: 'placed' });
    expect([...disk.values('fos')]).toEqual([]);
    expect([...disk.values('outbox')]).toEqual([]);
  });

  it('loses a transaction whole when the power goes inside it, whichever write it was', () => {
    for (const fatal of [2, 3, 4]) {
      const { disk, store } = losingPowerAt(fatal);
      step(store);
      expect(disk.get('orders', 'o1')).toEqual({ state: 'placed' });
      expect([...disk.values('fos')]).toEqual([]);
      expect([...disk.values('outbox')]).toEqual([]);
    }
  });

  it('keeps a transaction that committed before the power went (property: any fatal write)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), (fatal) => {
        const { disk, store } = losingPowerAt(fatal);
        step(store);
        // Writes 2-4 are the transaction: the power going at any of them loses all three.
        const committed = fatal >= 5;
        expect(disk.get('fos', 'f1')).toEqual(committed ? { state: 'ROUTING' } : undefined);
        expect(disk.get('orders', 'o1')).toEqual(committed ? undefined : { state: 'placed' });
        expect(disk.get('fos', 'f2')).toEqual(fatal >= 5 ? { state: 'ROUTING' } : undefined);
      }),
    );
  });
});
