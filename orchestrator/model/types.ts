import type { FoState } from './fo-state-machine.ts';

export type FulfillmentMethod = 'SHIP_FROM_DC' | 'SHIP_FROM_STORE' | 'BOPIS' | 'CURBSIDE';
export type NodeKind = 'DC' | 'STORE';
export type CustomerTier = 'STANDARD' | 'VIP';

/** How the customer wants the order: shipped, or collected at a store they chose. */
export type Delivery = { method: 'SHIP' } | { method: 'PICKUP'; storeId: string };

export interface OrderLine {
  readonly lineNo: number;
  readonly sku: string;
  readonly quantity: number;
  readonly unitPriceCents: number;
}

export interface Order {
  readonly orderId: string;
  readonly channel: string;
  readonly channelOrderId: string;
  readonly customerTier: CustomerTier;
  readonly delivery: Delivery;
  readonly lines: readonly OrderLine[];
  readonly createdAtMs: number;
  /** FO ids in creation order. Order status is derived from them, never stored. */
  readonly foIds: readonly string[];
  readonly closed: boolean;
}

/** An FO line's progress. Always: quantity = open + shipped + pickedUp + cancelled. */
export interface FoLine {
  readonly lineNo: number;
  readonly sku: string;
  readonly quantity: number;
  readonly unitPriceCents: number;
  readonly shipped: number;
  readonly pickedUp: number;
  readonly cancelled: number;
  /** The legacy system's id for this line's claim (POS hold id), once known. */
  readonly holdId: string | null;
  /** The last status the owning system reported for this line (POS hold status, WMS ack). */
  readonly externalStatus: string;
}

export interface FulfillmentOrder {
  readonly foId: string;
  readonly orderId: string;
  /** '' while not allocated to a node. */
  readonly nodeId: string;
  readonly method: FulfillmentMethod | null;
  readonly state: FoState;
  readonly lines: readonly FoLine[];
  /** Nodes that rejected this FO: routing never sends it back there. */
  readonly excludedNodeIds: readonly string[];
  readonly reroutes: number;
  readonly stateSinceMs: number;
  /** When the FO first became unroutable; cleared once it is allocated. */
  readonly backorderedSinceMs: number | null;
}

/** The external reference a legacy system stores for one FO line, so a retry can look it up. */
export function lineReference(foId: string, lineNo: number): string {
  return `${foId}:${lineNo}`;
}
