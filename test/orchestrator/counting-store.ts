import type { StorePort } from '../../orchestrator/ports.ts';
import type { MemoryStore } from '../../sim/world/memory-store.ts';
import { forwardingStore } from './forwarding-store.ts';

/** A store that counts the writes of each transaction it commits (`committed`, in order). */
export function countingStore(disk: MemoryStore): { store: StorePort; committed: number[] } {
  const committed: number[] = [];
  let writes = 0;
  const store = forwardingStore(disk, {
    put: (namespace, key, value) => {
      writes++;
      disk.put(namespace, key, value);
    },
    delete: (namespace, key) => {
      writes++;
      disk.delete(namespace, key);
    },
    transaction: (step) => {
      writes = 0;
      const result = disk.transaction(step);
      committed.push(writes);
      return result;
    },
  });
  return { store, committed };
}
