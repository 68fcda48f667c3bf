import type { StorePort } from '../ports.ts';

const NAMESPACE = 'atp';

/**
 * The orchestrator's cached view of what it may still promise per (node, sku). It drifts from the
 * owners' truth by design; snapshots and syncs pull it back.
 */
export class InventoryView {
  /**
   * `onRaised` hears of every rise of a (node, sku) promise to something sellable: stock that
   * may serve a line waiting for it (the reference wakes its backorders with it).
   */
  constructor(
    private readonly store: StorePort,
    private readonly onRaised?: (nodeId: string, sku: string) => void,
  ) {}

  available(nodeId: string, sku: string): number {
    return this.store.get<number>(NAMESPACE, `${nodeId}|${sku}`) ?? 0;
  }

  set(nodeId: string, sku: string, units: number): void {
    this.replace(nodeId, sku, this.available(nodeId, sku), units);
  }

  adjust(nodeId: string, sku: string, delta: number): void {
    const before = this.available(nodeId, sku);
    this.replace(nodeId, sku, before, before + delta);
  }

  /** Stores `units` over `before`, the value just read (one read per change, not two). */
  private replace(nodeId: string, sku: string, before: number, units: number): void {
    this.store.put(NAMESPACE, `${nodeId}|${sku}`, units);
    if (units > before && units > 0) this.onRaised?.(nodeId, sku);
  }
}
