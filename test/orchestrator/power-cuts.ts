import type { StorePort } from '../../orchestrator/ports.ts';
import type { MemoryStore } from '../../sim/world/memory-store.ts';
import { PowerLoss, PowerLossStore } from '../../sim/world/power-loss-store.ts';
import { forwardingStore } from './forwarding-store.ts';

/** Where the power goes: after the writes `cutAfter` picks (counted over every instance), and right before the `killedBefore`-th transactions (between two steps). */
export interface PowerCuts {
  cutAfter(write: number): boolean;
  killedBefore: ReadonlySet<number>;
}

/** Restarts before a run is taken to never get through (its work starts over each time). */
export const MAX_RESTARTS = 1000;

/**
 * Runs `work` as a process on `disk` that loses power where `cuts` says, each death followed by
 * a restart on the same disk that runs `work` again, until a run ends with the power on, or
 * MAX_RESTARTS restarts. Returns how many restarts it took.
 */
export function runWithPowerCuts(disk: MemoryStore, cuts: PowerCuts, work: (store: StorePort) => void): number {
  let writes = 0;
  let transactions = 0;
  for (let restarts = 0; restarts <= MAX_RESTARTS; restarts++) {
    let alive = true;
    const torn = new PowerLossStore(
      disk,
      () => alive,
      () => {
        writes++;
        if (cuts.cutAfter(writes)) alive = false;
      },
    );
    const store = forwardingStore(torn, {
      transaction: (step) => {
        transactions++;
        if (cuts.killedBefore.has(transactions)) throw new PowerLoss();
        return torn.transaction(step);
      },
    });
    try {
      work(store);
      if (alive) return restarts;
    } catch (error) {
      if (!(error instanceof PowerLoss)) throw error;
    }
  }
  return MAX_RESTARTS + 1;
}
