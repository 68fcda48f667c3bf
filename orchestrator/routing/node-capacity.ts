import { epochMsToLocalIso } from '../local-time.ts';
import type { NodeSpec } from '../plugin.ts';
import type { StorePort } from '../ports.ts';

/** FO ids assigned per (node, local date): `<nodeId>|<YYYY-MM-DD>` -> string[]. */
export const NODE_CAPACITY_NAMESPACE = 'node-capacity';

/** The node's local calendar date at an instant, `YYYY-MM-DD`. */
export function localDate(epochMs: number, timeZone: string): string {
  return epochMsToLocalIso(epochMs, timeZone).slice(0, 10);
}

/**
 * Durable count of FOs assigned per node per local day (incident 23), for nodes with a
 * `capacityPerDay`; nodes without one are never counted (nothing stored, no limit). The FO ids are
 * kept rather than a number, so assigning the same FO to the same node again the same day (back
 * from an exception) is not counted twice; the list never outgrows the capacity.
 */
export class NodeCapacityCounter {
  constructor(private readonly store: StorePort) {}

  /** FOs assigned to the node on its local day at `nowMs`. */
  assigned(node: NodeSpec, nowMs: number): readonly string[] {
    return this.store.get<string[]>(NODE_CAPACITY_NAMESPACE, key(node, nowMs)) ?? [];
  }

  /** How many more FOs the node may take today; `foId`, if already counted today, does not use a second slot. */
  remaining(node: NodeSpec, nowMs: number, foId?: string): number {
    if (node.capacityPerDay === undefined) return Number.POSITIVE_INFINITY;
    const assigned = this.assigned(node, nowMs);
    const mine = foId !== undefined && assigned.includes(foId) ? 1 : 0;
    return Math.max(0, node.capacityPerDay - assigned.length + mine);
  }

  /** Counts an assignment; call it in the same step as the allocation it counts. */
  record(node: NodeSpec, nowMs: number, foId: string): void {
    if (node.capacityPerDay === undefined) return;
    const assigned = this.assigned(node, nowMs);
    if (assigned.includes(foId)) return;
    this.store.put<string[]>(NODE_CAPACITY_NAMESPACE, key(node, nowMs), [...assigned, foId]);
  }
}

function key(node: NodeSpec, nowMs: number): string {
  return `${node.nodeId}|${localDate(nowMs, node.timeZone)}`;
}
