import { epochMsToLocalIso } from '../local-time.ts';
import type { NodeSpec } from '../plugin.ts';
import type { StorePort } from '../ports.ts';

/** FOs assigned per (node, local date): `<nodeId>|<YYYY-MM-DD>` -> how many. */
export const NODE_CAPACITY_NAMESPACE = 'node-capacity';
/** Which FOs those are: `<nodeId>|<YYYY-MM-DD>|<foId>` -> true. */
export const NODE_CAPACITY_FOS_NAMESPACE = 'node-capacity-fos';

/** The node's local calendar date at an instant, `YYYY-MM-DD`. */
export function localDate(epochMs: number, timeZone: string): string {
  return epochMsToLocalIso(epochMs, timeZone).slice(0, 10);
}

/**
 * Durable count of FOs assigned per node per local day (incident 23), for nodes with a
 * `capacityPerDay`; nodes without one are never counted (nothing stored, no limit). Each FO
 * counted is remembered, so assigning the same FO to the same node again the same day (back from
 * an exception) is not counted twice. A count and one entry per FO, not a list of the day's FOs:
 * a list copied on every assignment made a store taking 10,000 orders a day quadratic.
 */
export class NodeCapacityCounter {
  constructor(private readonly store: StorePort) {}

  /** How many FOs the node took on its local day at `nowMs`. */
  count(node: NodeSpec, nowMs: number): number {
    return this.store.get<number>(NODE_CAPACITY_NAMESPACE, dayKey(node, nowMs)) ?? 0;
  }

  /** How many more FOs the node may take today; `foId`, if already counted today, does not use a second slot. */
  remaining(node: NodeSpec, nowMs: number, foId?: string): number {
    if (node.capacityPerDay === undefined) return Number.POSITIVE_INFINITY;
    const day = dayKey(node, nowMs);
    const mine = foId !== undefined && this.store.get<boolean>(NODE_CAPACITY_FOS_NAMESPACE, `${day}|${foId}`) === true ? 1 : 0;
    return Math.max(0, node.capacityPerDay - (this.store.get<number>(NODE_CAPACITY_NAMESPACE, day) ?? 0) + mine);
  }

  /** Counts an assignment; call it in the same step as the allocation it counts. */
  record(node: NodeSpec, nowMs: number, foId: string): void {
    if (node.capacityPerDay === undefined) return;
    const day = dayKey(node, nowMs);
    if (this.store.get<boolean>(NODE_CAPACITY_FOS_NAMESPACE, `${day}|${foId}`) === true) return;
    this.store.put(NODE_CAPACITY_FOS_NAMESPACE, `${day}|${foId}`, true);
    this.store.put(NODE_CAPACITY_NAMESPACE, day, (this.store.get<number>(NODE_CAPACITY_NAMESPACE, day) ?? 0) + 1);
  }
}

function dayKey(node: NodeSpec, nowMs: number): string {
  return `${node.nodeId}|${localDate(nowMs, node.timeZone)}`;
}
