import type { StorePort } from '../../orchestrator/ports.ts';

/** A store that passes every call to `inner`, except those `overrides` takes over (to count, or to cut the power). */
export function forwardingStore(inner: StorePort, overrides: Partial<StorePort>): StorePort {
  return {
    get: (namespace, key) => inner.get(namespace, key),
    values: (namespace) => inner.values(namespace),
    inTransaction: () => inner.inTransaction(),
    put: (namespace, key, value) => inner.put(namespace, key, value),
    delete: (namespace, key) => inner.delete(namespace, key),
    transaction: (step) => inner.transaction(step),
    ...overrides,
  };
}
