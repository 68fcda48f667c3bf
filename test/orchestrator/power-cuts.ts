import { expect } from 'vitest';
import type { StorePort } from '../../orchestrator/ports.ts';
import type { MemoryStore } from '../../sim/world/memory-store.ts';
import { PowerLoss } from '../../sim/world/power-loss-store.ts';
import { losingPower } from '../world/losing-power.ts';
import { forwardingStore } from './forwarding-store.ts';

/** Where the power goes: after the writes `cutAfter` picks (counted over every instance), and right before the `killedBefore`-th transactions (between two steps). */
export interface PowerCuts {
  cutAfter(write: number): boolean;
  killedBefore?: ReadonlySet<number>;
}

/** Restarts before a run is taken to never get through (its work starts over each time). */
export const MAX_RESTARTS = 1000;

/**
 * Runs `work` as a process on `disk` that loses power where `cuts` says, each death followed by
 * a restart on the same disk that runs `work` again, until a run ends with the power on, or
 * MAX_RESTARTS restarts. Returns how many restarts it took.
 */
export function runWithPowerCuts(disk: MemoryStore, cuts: PowerCuts, work: (store: StorePort) => void): number {
  const counted = { writes: 0 };
  let transactions = 0;
  for (let restarts = 0; restarts <= MAX_RESTARTS; restarts++) {
    const torn = losingPower(disk, cuts.cutAfter, counted);
    const store = forwardingStore(torn.store, {
      transaction: (step) => {
        transactions++;
        if (cuts.killedBefore?.has(transactions) === true) throw new PowerLoss();
        return torn.store.transaction(step);
      },
    });
    try {
      work(store);
      if (torn.alive()) return restarts;
    } catch (error) {
      if (!(error instanceof PowerLoss)) throw error;
    }
  }
  return MAX_RESTARTS + 1;
}

/**
 * Runs `work` on `disk` with the power lost after every `every`-th write until a run gets
 * through, and expects that it did, after at least one torn attempt.
 */
export function expectGetsThroughPowerCuts(disk: MemoryStore, every: number, work: (store: StorePort) => void): void {
  const restarts = runWithPowerCuts(disk, { cutAfter: (write) => write % every === 0 }, work);
  expect(restarts).toBeGreaterThan(0);
  expect(restarts).toBeLessThanOrEqual(MAX_RESTARTS);
}
