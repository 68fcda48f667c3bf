import type { StorePort } from '../ports.ts';

const NAMESPACE = 'atp';

/**
 * The orchestrator's cached view of what it may still promise per (node, sku). It drifts from the
 * owners' truth by design; snapshots and syncs pull it back.
 */
export class InventoryView {
  constructor(private readonly store: StorePort) {}

  available(nodeId: string, sku: string): number {
    return this.store.get<number>(NAMESPACE, `${nodeId}|${sku}`) ?? 0;
  }

  set(nodeId: string, sku: string, units: number): void {
    this.store.put(NAMESPACE, `${nodeId}|${sku}`, units);
  }

  adjust(nodeId: string, sku: string, delta: number): void {
    this.set(nodeId, sku, this.available(nodeId, sku) + delta);
  }
}
