/** The POS fake's configuration and wire shapes, as docs/legacy-protocols.md defines them. */

export interface PosStoreConfig {
  storeId: string;
  timeZone: string;
  /** 'HH:mm' store-local; staff only work holds between open and close. */
  openLocal: string;
  closeLocal: string;
  stock: Readonly<Record<string, number>>;
  /** How long staff take to work a hold once asked, in whole minutes, both ends inclusive. */
  staffPickDelayMinutes: { min: number; max: number };
}

export type PosHoldPurpose = 'SHIP' | 'PICKUP';

export type PosHoldStatus = 'HELD' | 'PICK_REQUESTED' | 'READY' | 'SHIPPED' | 'PICKED_UP' | 'RELEASED';

export interface PosHold {
  holdId: string;
  externalRef: string;
  sku: string;
  quantity: number;
  purpose: PosHoldPurpose;
  status: PosHoldStatus;
  seq: number;
  createdLocal: string;
  updatedLocal: string;
  trackingNumber: string | null;
}

export interface PosStoreTruth {
  storeId: string;
  onHand: ReadonlyMap<string, number>;
  holds: readonly PosHold[];
}

export interface PosInventoryItem {
  sku: string;
  onHand: number;
  held: number;
  available: number;
}

/** Holds in these states keep their quantity off the shelf. */
export function isLiveStatus(status: PosHoldStatus): boolean {
  return status === 'HELD' || status === 'PICK_REQUESTED' || status === 'READY';
}
