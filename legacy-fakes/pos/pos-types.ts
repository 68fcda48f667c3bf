/** The POS fake's configuration and wire shapes, as docs/legacy-protocols.md defines them. */
import type { Ratio } from '../http.ts';
import type { OfflineWindow } from '../offline-windows.ts';

export interface PosStoreConfig {
  storeId: string;
  timeZone: string;
  /** 'HH:mm' store-local; staff work holds and shoppers buy only between open and close. */
  openLocal: string;
  closeLocal: string;
  stock: Readonly<Record<string, number>>;
  /** How long staff take to work a hold once asked, in whole minutes, both ends inclusive. */
  staffPickDelayMinutes: { min: number; max: number };
  /** Register workers serving API requests in parallel (default 1); each takes `quirks.serviceMs` per request. */
  registers?: number;
  /** Real-world misbehaviour, each off unless configured (docs/fakes/pos.md). */
  quirks?: PosQuirks;
}

/** A period the store's network is down (epoch ms, `fromMs` inclusive, `toMs` exclusive). */
export type PosOfflineWindow = OfflineWindow;

/**
 * One store's quirks. Every field is optional and absent means off; each draws from its own
 * random stream (`pos.<storeId>.<quirk>`), so configuring one never reshuffles another.
 */
export interface PosQuirks {
  /** Time a register worker takes per request, whole ms, both ends inclusive; requests queue behind it. */
  serviceMs?: { min: number; max: number };
  /** Applied, but the reply is lost (exchange kind `reply-lost`). */
  ghostSuccess?: Ratio;
  /** Never reaches the register: not applied, never answered (exchange kind `request-lost`). */
  lostRequest?: Ratio;
  /** 200 `{ error: 'POS_INTERNAL', message }`, not applied: the register swallowed an exception. */
  errorInBody?: Ratio;
  /** Applied, then answered 2xx with a garbled body (`{}`, no id, numbers as strings, `null`, `"OK"`): legacy-fakes/garbled-reply.ts. */
  garbledReply?: Ratio;
  /** 503 `{ error: 'UNAVAILABLE' }` with a `retry-after` header, not applied. */
  unavailable?: { ratio: Ratio; retryAfterSeconds: number };
  /** Network outages, in time order, not overlapping. */
  offline?: readonly PosOfflineWindow[];
  /** When set, every request must carry it in `x-api-key`, else 401 and nothing changes. */
  apiKey?: string;
  /** Walk-in customers buying from the shelf during opening hours. */
  inStoreShoppers?: { salesPerOpenHour: number; quantity: { min: number; max: number } };
}

export type PosHoldPurpose = 'SHIP' | 'PICKUP';

export type PosHoldStatus = 'HELD' | 'PICK_REQUESTED' | 'READY' | 'SHIPPED' | 'PICKED_UP' | 'RELEASED' | 'REJECTED';

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
  /** Why the store rejected the hold (`NOT_ON_SHELF`); null unless `status` is REJECTED. */
  reason: string | null;
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
