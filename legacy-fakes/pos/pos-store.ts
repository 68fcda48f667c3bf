/**
 * One store's POS state: shelf stock, holds, the journal that numbers every change and the
 * in-store sales not yet forwarded. It knows nothing of HTTP or of scheduling; it applies one
 * change at a time, records it in the trace and hands out copies, never its own objects.
 */
import type { FakeEnv } from '../env.ts';
import { localIso } from '../local-time.ts';
import { stockMap } from '../config-check.ts';
import { isLiveStatus } from './pos-types.ts';
import type { PosQuirkLog } from './pos-quirk-log.ts';
import type { PosHold, PosHoldPurpose, PosHoldStatus, PosInventoryItem, PosStoreConfig, PosStoreTruth } from './pos-types.ts';

export interface NewHold {
  externalRef: string;
  sku: string;
  quantity: number;
  purpose: PosHoldPurpose;
}

export type CreateHoldResult =
  | { kind: 'created'; hold: PosHold }
  | { kind: 'unknown-sku' }
  | { kind: 'insufficient-stock'; available: number };

export type PickResult = { kind: 'ok'; hold: PosHold } | { kind: 'unknown-hold' } | { kind: 'released' } | { kind: 'rejected' };

export type ReleaseResult =
  | { kind: 'ok'; hold: PosHold }
  | { kind: 'unknown-hold' }
  | { kind: 'already-fulfilled'; status: PosHoldStatus };

/** What staff did with a hold they were asked to work. */
export type StaffOutcome = 'shipped' | 'ready' | 'rejected' | 'skipped';

/** Why staff reject a hold they were asked to work: its units are no longer on the shelf. */
export const NOT_ON_SHELF = 'NOT_ON_SHELF';

const TRACE_KIND: Readonly<Record<Exclude<PosHoldStatus, 'HELD'>, string>> = {
  PICK_REQUESTED: 'pos.hold.pick_requested',
  READY: 'pos.hold.ready',
  SHIPPED: 'pos.hold.shipped',
  PICKED_UP: 'pos.hold.picked_up',
  RELEASED: 'pos.hold.released',
  REJECTED: 'pos.hold.rejected',
};

/** Each hold trace kind and the status it records, for readers of the trace (`pos.hold.created`: HELD). */
export const HOLD_STATUS_BY_TRACE_KIND: ReadonlyMap<string, PosHoldStatus> = new Map([['pos.hold.created', 'HELD'], ...Object.entries(TRACE_KIND).map(([status, kind]): [string, PosHoldStatus] => [kind, status as PosHoldStatus])]);

/** The trace kinds after which a hold claims nothing any more (readers of the trace end a hold's life there). */
export const HOLD_ENDING_TRACE_KINDS: ReadonlySet<string> = new Set([...HOLD_STATUS_BY_TRACE_KIND].filter(([, status]) => !isLiveStatus(status)).map(([kind]) => kind));

function copy(hold: PosHold): PosHold {
  return { ...hold };
}

/** The part of a reference a customer quotes at the till: everything up to and including the last ':'. */
function pickupCode(reference: string): string {
  return reference.slice(0, reference.lastIndexOf(':') + 1);
}

export class PosStore {
  readonly storeId: string;
  private readonly onHand: Map<string, number>;
  /** References whose hold the store refused for lack of stock (insufficient-stock answers). */
  private readonly refusedRefs = new Set<string>();
  /** Holds the network's copy of a create request made (ground truth; the POS's answers never show it). */
  private readonly networkCopies = new Set<string>();
  /** Quantity of live holds per SKU, kept in step with every status change. */
  private readonly held = new Map<string, number>();
  /** Quantity of READY holds per SKU: set aside at the pickup desk, off the shelf shoppers see. */
  private readonly readyQuantity = new Map<string, number>();
  /**
   * Units sold in store while offline and not yet forwarded, per SKU: gone from the shelf but
   * not yet off the books (`onHand`), until the store is back online.
   */
  private readonly unforwarded = new Map<string, number>();
  private pendingSales: { sku: string; quantity: number }[] = [];
  private readonly holds: PosHold[] = [];
  private readonly holdsById = new Map<string, PosHold>();
  private readonly holdsByRef = new Map<string, PosHold[]>();
  /**
   * READY holds by pickup code (the reference up to its last ':'), so a customer at the till
   * does not make the store scan every hold it ever had.
   */
  private readonly readyByCode = new Map<string, Set<PosHold>>();
  /** journal[seq - 1] is the hold changed at `seq`; an entry is stale once that hold changed again. */
  private readonly journal: PosHold[] = [];
  private trackingCount = 0;

  constructor(
    private readonly env: FakeEnv,
    private readonly config: PosStoreConfig,
    /** Called once per hold, when it first becomes PICK_REQUESTED. */
    private readonly onPickRequested: (holdId: string) => void,
    private readonly quirks: PosQuirkLog,
  ) {
    this.storeId = config.storeId;
    this.onHand = stockMap(config.stock);
    for (const sku of this.onHand.keys()) this.held.set(sku, 0);
  }

  inventory(): { asOfLocal: string; items: PosInventoryItem[] } {
    return { asOfLocal: this.nowLocal(), items: [...this.onHand.keys()].map((sku) => this.position(sku)) };
  }

  /** A SKU the store never carried has nothing on hand and nothing held. */
  position(sku: string): PosInventoryItem {
    const onHand = this.onHand.get(sku) ?? 0;
    const held = this.held.get(sku) ?? 0;
    return { sku, onHand, held, available: onHand - held };
  }

  /** `networkCopy`: the request is the network's second delivery of one the caller sent once. */
  createHold(request: NewHold, networkCopy = false): CreateHoldResult {
    const onHand = this.onHand.get(request.sku);
    if (onHand === undefined) return { kind: 'unknown-sku' };
    const available = onHand - (this.held.get(request.sku) ?? 0);
    if (request.quantity > available) {
      // Kept as ground truth: the store refused these units (a checker tells a real refusal from an invented one).
      this.refusedRefs.add(request.externalRef);
      return { kind: 'insufficient-stock', available };
    }
    const sameRef = this.holdsByRef.get(request.externalRef);
    // The POS has no idempotency of its own: a retry is a second hold. Counted, not refused.
    const duplicate = sameRef !== undefined && sameRef.some((hold) => isLiveStatus(hold.status));
    const nowLocal = this.nowLocal();
    const hold: PosHold = {
      holdId: `H-${this.storeId}-${this.holds.length + 1}`,
      externalRef: request.externalRef,
      sku: request.sku,
      quantity: request.quantity,
      purpose: request.purpose,
      status: 'HELD',
      seq: this.journal.length + 1,
      createdLocal: nowLocal,
      updatedLocal: nowLocal,
      trackingNumber: null,
      reason: null,
    };
    this.holds.push(hold);
    this.holdsById.set(hold.holdId, hold);
    if (networkCopy) this.networkCopies.add(hold.holdId);
    if (sameRef === undefined) this.holdsByRef.set(hold.externalRef, [hold]);
    else sameRef.push(hold);
    this.journal.push(hold);
    this.addHeld(hold.sku, hold.quantity);
    this.env.trace.record('pos.hold.created', hold.externalRef, `${this.describe(hold)} ${hold.purpose}`);
    if (duplicate) this.quirks.fire('duplicate_hold', hold.externalRef, `${this.describe(hold)} while another hold with that reference is live`);
    return { kind: 'created', hold: copy(hold) };
  }

  /** A request that names a hold id this store never issued: answered 404, and kept in the trace as ground truth. */
  private unknownHold(holdId: string, action: 'pick' | 'release'): { kind: 'unknown-hold' } {
    this.env.trace.record('pos.hold.unknown', holdId, `${this.storeId} ${action} of ${holdId}: this store never issued that hold id`);
    return { kind: 'unknown-hold' };
  }

  /** HELD -> PICK_REQUESTED; a hold already past HELD is returned unchanged. */
  requestPick(holdId: string): PickResult {
    const hold = this.holdsById.get(holdId);
    if (hold === undefined) return this.unknownHold(holdId, 'pick');
    if (hold.status === 'RELEASED') return { kind: 'released' };
    if (hold.status === 'REJECTED') return { kind: 'rejected' };
    if (hold.status === 'HELD') {
      this.change(hold, 'PICK_REQUESTED', '');
      this.onPickRequested(hold.holdId);
    }
    return { kind: 'ok', hold: copy(hold) };
  }

  /** A live hold -> RELEASED (its quantity back on the shelf); a released or rejected hold is returned unchanged. */
  release(holdId: string): ReleaseResult {
    const hold = this.holdsById.get(holdId);
    if (hold === undefined) return this.unknownHold(holdId, 'release');
    if (hold.status === 'SHIPPED' || hold.status === 'PICKED_UP') return { kind: 'already-fulfilled', status: hold.status };
    if (hold.status !== 'RELEASED' && hold.status !== 'REJECTED') this.change(hold, 'RELEASED', ` from ${hold.status}`);
    return { kind: 'ok', hold: copy(hold) };
  }

  /** The reference of a hold, for tracing a request that names it by id; '' if unknown. */
  referenceOf(holdId: string): string {
    return this.holdsById.get(holdId)?.externalRef ?? '';
  }

  /** Whether the store ever refused a hold under this reference for lack of stock. */
  refusedStock(externalRef: string): boolean {
    return this.refusedRefs.has(externalRef);
  }

  /** The hold with this id, if this store issued it (a copy). */
  holdById(holdId: string): PosHold | undefined {
    const hold = this.holdsById.get(holdId);
    return hold === undefined ? undefined : copy(hold);
  }

  /** Whether the network's copy of a create request made this hold. */
  madeByNetworkCopy(holdId: string): boolean {
    return this.networkCopies.has(holdId);
  }

  holdsWithRef(externalRef: string): PosHold[] {
    const holds = this.holdsByRef.get(externalRef);
    return holds === undefined ? [] : holds.map(copy);
  }

  /** Holds whose last change is after `seq`, by seq; the cursor is the last seq returned, or `seq`. */
  changedSince(seq: number): { holds: PosHold[]; cursor: number } {
    const holds: PosHold[] = [];
    for (let index = seq; index < this.journal.length; index += 1) {
      const hold = this.journal[index] as PosHold;
      if (hold.seq === index + 1) holds.push(copy(hold));
    }
    const last = holds[holds.length - 1];
    return { holds, cursor: last === undefined ? seq : last.seq };
  }

  /**
   * Staff work a PICK_REQUESTED hold: a SHIP hold leaves the store, a PICKUP hold waits at the
   * till; a hold whose units shoppers took meanwhile is rejected, so the caller re-routes it.
   */
  staffWork(holdId: string): StaffOutcome {
    const hold = this.holdsById.get(holdId);
    if (hold === undefined || hold.status !== 'PICK_REQUESTED') return 'skipped';
    if (!this.shelfCovers(hold)) {
      hold.reason = NOT_ON_SHELF;
      this.change(hold, 'REJECTED', ` ${NOT_ON_SHELF}`);
      this.quirks.fire('hold_rejected_not_on_shelf', hold.externalRef, `${this.describe(hold)} shelf ${this.physicalOnHand(hold.sku)}`);
      return 'rejected';
    }
    if (hold.purpose === 'PICKUP') {
      this.change(hold, 'READY', '');
      return 'ready';
    }
    this.trackingCount += 1;
    hold.trackingNumber = `TRK-${this.storeId}-${this.trackingCount}`;
    this.takeFromShelf(hold);
    this.change(hold, 'SHIPPED', ` ${hold.trackingNumber}`);
    return 'shipped';
  }

  /** A customer collects every READY hold whose reference starts with the prefix. */
  tillPickup(externalRefPrefix: string): number {
    let pickedUp = 0;
    const code = pickupCode(externalRefPrefix);
    const candidates = code === externalRefPrefix ? [...(this.readyByCode.get(code) ?? [])] : [...this.readyByCode.values()].flatMap((holds) => [...holds]);
    for (const hold of candidates) {
      if (!hold.externalRef.startsWith(externalRefPrefix)) continue;
      this.takeFromShelf(hold);
      this.change(hold, 'PICKED_UP', '');
      pickedUp += 1;
    }
    return pickedUp;
  }

  /**
   * Units a shopper can take: physically in the store (on hand less sales not yet forwarded)
   * and not set aside at the pickup desk (READY). Units HELD or PICK_REQUESTED holds count on are
   * still on the shelf, and a shopper can take them: that is the oversell of incident 14.
   */
  shelfUnits(sku: string): number {
    return this.physicalOnHand(sku) - (this.readyQuantity.get(sku) ?? 0);
  }

  /** SKUs with at least one unit on the shelf, in SKU order. */
  skusOnShelf(): string[] {
    return [...this.onHand.keys()].filter((sku) => this.shelfUnits(sku) > 0);
  }

  /**
   * A shopper buys `quantity` units at the till. Online the sale is booked at once; offline the
   * till buffers it (store-and-forward) and the books change only in forwardSales().
   */
  sell(sku: string, quantity: number, buffered: boolean): void {
    if (quantity <= 0 || quantity > this.shelfUnits(sku)) {
      // The shoppers only offer what the shelf has: anything else is a bug in the fake.
      throw new Error(`PosStore.sell: ${this.storeId} ${sku}x${quantity} with ${this.shelfUnits(sku)} on the shelf`);
    }
    if (buffered) {
      this.unforwarded.set(sku, (this.unforwarded.get(sku) ?? 0) + quantity);
      this.pendingSales.push({ sku, quantity });
    } else {
      this.onHand.set(sku, (this.onHand.get(sku) ?? 0) - quantity);
    }
    this.env.trace.record('pos.sale', '', `${this.storeId} ${sku}x${quantity}${buffered ? ' buffered' : ''}`);
    this.quirks.fire('in_store_sale', '', `${this.storeId} ${sku}x${quantity}`);
  }

  /** The store is back online: every buffered sale reaches the books, in the order it was made. */
  forwardSales(): number {
    const sales = this.pendingSales;
    if (sales.length === 0) return 0;
    this.pendingSales = [];
    for (const { sku, quantity } of sales) {
      this.onHand.set(sku, (this.onHand.get(sku) ?? 0) - quantity);
      this.unforwarded.set(sku, (this.unforwarded.get(sku) ?? 0) - quantity);
    }
    const detail = `${this.storeId} ${sales.length} sales ${sales.map(({ sku, quantity }) => `${sku}x${quantity}`).join(' ')}`;
    this.env.trace.record('pos.sales.forwarded', '', detail);
    this.quirks.fire('sales_forwarded', '', detail);
    return sales.length;
  }

  truth(): PosStoreTruth {
    return { storeId: this.storeId, onHand: new Map(this.onHand), holds: this.holds.map(copy) };
  }

  private change(hold: PosHold, status: Exclude<PosHoldStatus, 'HELD'>, detailSuffix: string): void {
    const wasLive = isLiveStatus(hold.status);
    const wasReady = hold.status === 'READY';
    hold.status = status;
    // readyByCode holds exactly the READY holds: only a change into or out of READY touches it.
    if (status === 'READY') this.addReady(hold);
    else if (wasReady) this.removeReady(hold);
    if (wasLive && !isLiveStatus(status)) this.addHeld(hold.sku, -hold.quantity);
    if (wasReady !== (status === 'READY')) this.readyQuantity.set(hold.sku, (this.readyQuantity.get(hold.sku) ?? 0) + (wasReady ? -hold.quantity : hold.quantity));
    this.journal.push(hold);
    hold.seq = this.journal.length;
    hold.updatedLocal = this.nowLocal();
    this.env.trace.record(TRACE_KIND[status], hold.externalRef, `${this.describe(hold)}${detailSuffix}`);
  }

  private addReady(hold: PosHold): void {
    const code = pickupCode(hold.externalRef);
    const ready = this.readyByCode.get(code);
    if (ready === undefined) this.readyByCode.set(code, new Set([hold]));
    else ready.add(hold);
  }

  private removeReady(hold: PosHold): void {
    const code = pickupCode(hold.externalRef);
    const ready = this.readyByCode.get(code);
    if (ready?.delete(hold) === true && ready.size === 0) this.readyByCode.delete(code);
  }

  /** Shipping or selling a held item: it leaves the shelf (the hold stops holding it in change()). */
  private takeFromShelf(hold: PosHold): void {
    const onHand = this.onHand.get(hold.sku) ?? 0;
    this.onHand.set(hold.sku, onHand - hold.quantity);
  }

  /**
   * Whether the shelf still has `hold`'s units when staff come to work it. Units set aside for
   * READY holds are at the desk whatever their order; the shelf serves HELD and PICK_REQUESTED
   * holds in hold order (oldest first), so an older hold's claim comes before this one's. The
   * hold is covered if the units physically in the store reach the READY units plus every
   * HELD/PICK_REQUESTED hold of that SKU up to and including this one.
   */
  private shelfCovers(hold: PosHold): boolean {
    const physical = this.physicalOnHand(hold.sku);
    // The usual case, and the only one without shoppers: everything live fits, no need to look further.
    if (physical >= (this.held.get(hold.sku) ?? 0)) return true;
    let needed = this.readyQuantity.get(hold.sku) ?? 0;
    for (const other of this.holds) {
      if (other.sku === hold.sku && (other.status === 'HELD' || other.status === 'PICK_REQUESTED')) needed += other.quantity;
      if (other === hold) break;
    }
    return physical >= needed;
  }

  /** On hand less what was sold while offline and not yet forwarded: what staff find in the store. */
  private physicalOnHand(sku: string): number {
    return (this.onHand.get(sku) ?? 0) - (this.unforwarded.get(sku) ?? 0);
  }

  private addHeld(sku: string, quantity: number): void {
    this.held.set(sku, (this.held.get(sku) ?? 0) + quantity);
  }

  private describe(hold: PosHold): string {
    return `${this.storeId} ${hold.holdId} ${hold.sku}x${hold.quantity}`;
  }

  private nowLocal(): string {
    return localIso(this.env.nowMs(), this.config.timeZone);
  }
}
