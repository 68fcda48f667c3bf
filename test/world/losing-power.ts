import { PowerLossStore } from '../../sim/world/power-loss-store.ts';
import type { MemoryStore } from '../../sim/world/memory-store.ts';

/**
 * One process on `disk` that loses power right after the write `cutAfter` picks (writes counted
 * from 1 in `counted`, which a caller shares across processes to count over restarts).
 */
export function losingPower(disk: MemoryStore, cutAfter: (write: number) => boolean, counted = { writes: 0 }): { store: PowerLossStore; alive: () => boolean } {
  let alive = true;
  const store = new PowerLossStore(
    disk,
    () => alive,
    () => {
      counted.writes++;
      if (cutAfter(counted.writes)) alive = false;
    },
  );
  return { store, alive: () => alive };
}
