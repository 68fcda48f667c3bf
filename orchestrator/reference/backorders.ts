import type { FulfillmentOrder } from '../model/types.ts';
import { deadlineVerdict, eligibleNodes } from '../routing/backorder-verdict.ts';
import type { RoutingRequest } from '../routing/route-lines.ts';
import type { Cancellations } from './cancellation.ts';
import type { OrchestratorContext } from './context.ts';
import { applyFoEvent, BACKORDER_INDEX, raiseException, type TransitionAudit } from './lifecycle.ts';
import { routeFo, routingPolicy } from './routing-service.ts';
import type { StoreFlow } from './store-flow.ts';
import { SNAPSHOT_AS_OF } from './dc-flow.ts';

const SWEEP: TransitionAudit = { actor: 'sweep' };
/** Backordered this many deadlines on stale facts, an FO goes to a person. */
const PARK_AFTER_DEADLINES = 3;
/** How long an FO waits for routing to take stock that exists before a person decides. */
const STOCK_WAIT_LIMIT_MS = 7 * 24 * 3_600_000;
/** SKUs whose promise rose since the last wake-up ('*': anything may help, e.g. a store is back). */
const WAKE = 'backorder-wake';
const ANY_SKU = '*';
/**
 * FOs parked UNROUTABLE because some nodes' facts stayed stale (a store that never answered, a
 * DC whose snapshots stopped), with those nodes and when: once every one of them is back (the
 * store answers, the DC sent a newer snapshot) the FO waits as a backorder again and its deadline,
 * long past, is decided at the next sweep on the fresh facts. An outage that outlasted every
 * retry still ends in a decision, not in a queue item for a person.
 */
const STALE_PARKED = 'backorder-stale-parked';

interface StaleParked {
  foId: string;
  nodeIds: readonly string[];
  parkedAtMs: number;
}

/** A burst of changes (a snapshot sets every SKU) wakes the backorders once, a minute later. */
const WAKE_DELAY_MS = 60_000;
/** FO states whose store allocation may not have a POS hold yet (so the POS does not count it). */
const MAY_BE_UNHELD: ReadonlySet<string> = new Set(['ALLOCATED', 'EXCEPTION']);

/**
 * Backordered FOs (nothing can serve them now) wait, and are routed again:
 *
 * - every `backorderRetryIntervalMs` (the sweep), and within a minute of anything that could
 *   help: a node's promise rising (a WMS snapshot, a hold released by a cancel, an expired
 *   pickup or a move; see InventoryView's listener) or a store answering again.
 * - At `backorderTimeoutMs` a decision, on fresh facts only (deadlineVerdict): each store that
 *   could serve the FO is asked what it has now, each DC must have sent a snapshot since the FO
 *   started waiting. Units no eligible node has are cancelled (Cancellations.cancelUnavailable:
 *   the customer is told, the rest of the order carries on, the money settles as for a customer
 *   cancel). Nothing restocks a sold-out shelf or a DC on its own, so waiting longer only delays
 *   the customer's answer.
 * - Parking (UNROUTABLE, for a person) is kept for what the orchestrator cannot decide itself:
 *   facts that stayed stale for `PARK_AFTER_DEADLINES x backorderTimeoutMs` (a store that never
 *   answers, a DC whose snapshots stopped), or stock that routing still would not take after
 *   `STOCK_WAIT_LIMIT_MS`. Cancelling on a guess would cancel units that may be on a shelf.
 */
export class Backorders {
  private wakeArmed = false;

  constructor(
    private readonly context: OrchestratorContext,
    private readonly stores: StoreFlow,
    private readonly cancellations: Cancellations,
  ) {}

  /** Something that could serve a waiting line changed: re-evaluate those lines soon, once per burst. */
  stockRose(sku: string = ANY_SKU): void {
    this.context.ports.store.put(WAKE, sku, sku);
    if (this.wakeArmed) return;
    this.wakeArmed = true;
    this.context.ports.timers.setTimer('orchestrator.backorder-wake', WAKE_DELAY_MS, () => {
      this.wakeArmed = false;
      this.wake();
    });
  }

  /** Routes again the backordered FOs that need one of the SKUs that rose. */
  wake(): void {
    const { store } = this.context.ports;
    const skus = new Set(store.values<string>(WAKE));
    store.transaction(() => {
      for (const sku of skus) store.delete(WAKE, sku);
    });
    if (skus.size === 0) return;
    for (const fo of this.waiting()) {
      if (skus.has(ANY_SKU) || fo.lines.some((line) => skus.has(line.sku))) this.retry(fo);
    }
  }

  /** The periodic sweep: routes every waiting FO again, and decides those past their deadline. */
  async sweep(): Promise<void> {
    // It retries every waiting FO: wake-ups still stored (their timer died with a crashed process) are served too.
    this.context.ports.store.transaction(() => {
      for (const sku of [...this.context.ports.store.values<string>(WAKE)]) this.context.ports.store.delete(WAKE, sku);
    });
    this.unparkWhereFreshAgain();
    const now = this.context.ports.clock.nowMs();
    const due: FulfillmentOrder[] = [];
    for (const fo of this.waiting()) {
      if (now - (fo.backorderedSinceMs ?? now) >= this.context.config.timing.backorderTimeoutMs) due.push(fo);
      else this.retry(fo);
    }
    if (due.length > 0) await this.decide(due);
  }

  private waiting(): FulfillmentOrder[] {
    return [...this.context.ports.store.values<string>(BACKORDER_INDEX)].map((foId) => this.context.repo.requireFo(foId));
  }

  private retry(fo: FulfillmentOrder): void {
    this.context.ports.store.transaction(() => {
      const latest = this.context.repo.requireFo(fo.foId);
      if (latest.state !== 'BACKORDERED') return;
      routeFo(this.context, applyFoEvent(this.context, latest, 'retry_routing', {}, '', SWEEP).foId, SWEEP);
    });
  }

  /** The deadline decision for FOs that waited `backorderTimeoutMs`: route, cancel what nobody has, or keep waiting for facts. */
  private async decide(due: readonly FulfillmentOrder[]): Promise<void> {
    const counts = await this.readStores(due);
    const now = this.context.ports.clock.nowMs();
    const unaccepted = this.unacceptedAtDcs();
    for (const { foId } of due) this.context.ports.store.transaction(() => this.decideOne(foId, counts, now, unaccepted));
  }

  /** One due FO's deadline decision, in one step: what it changes and publishes commits together. */
  private decideOne(foId: string, counts: ReadonlyMap<string, ReadonlyMap<string, number>>, now: number, unaccepted: ReadonlyMap<string, number>): void {
    const { timing } = this.context.config;
    let fo = this.context.repo.requireFo(foId);
    if (fo.state !== 'BACKORDERED') return; // routed, or cancelled by the customer, meanwhile
    const since = fo.backorderedSinceMs ?? now;
    // A node that refused the FO once (a shelf short then, a WMS wave that shipped nothing) is
    // judged again on its fresh count: it may have the units now, and for a pickup there is no
    // other store. Nothing is held for a backordered FO, so going back doubles nothing (a WMS
    // takes a second line under the same reference; shipments are keyed by shipment id), and
    // `maxReroutes` still bounds a node that keeps refusing.
    const reopened = fo.excludedNodeIds.filter((nodeId) => this.fresh(nodeId, since, counts));
    if (reopened.length > 0) fo = this.context.repo.putFoAndReturn({ ...fo, excludedNodeIds: fo.excludedNodeIds.filter((nodeId) => !reopened.includes(nodeId)) });
    // Judged on the owners' own counts: a store's POS as it answered, a DC's promise plus what
    // we sent it that it has not accepted yet. Our own pending claims (allocations not yet held
    // or accepted) do not make units unavailable: they may still come back.
    const request: RoutingRequest = {
      ...this.requestFor(fo),
      available: (nodeId, sku) => counts.get(nodeId)?.get(sku) ?? this.context.inventory.available(nodeId, sku) + (unaccepted.get(`${nodeId}|${sku}`) ?? 0),
    };
    const verdict = deadlineVerdict(request, (nodeId) => this.fresh(nodeId, since, counts));
    if (verdict.unavailable.length > 0) {
      const what = verdict.unavailable.map((line) => `${line.sku}x${line.quantity}`).join(' ');
      const where = verdict.eligible.length === 0 ? 'no eligible node left' : `none at ${verdict.eligible.join(', ')}`;
      this.cancellations.cancelUnavailable(this.context.repo.requireFo(foId), verdict.unavailable, `unavailable: ${what} (${where})`);
      return;
    }
    // A person decides once facts stayed stale for a few deadlines, or, when the stock is there but
    // routing still would not take it (capacity, our own claims not yet given back, a delegated
    // router), after a week: waiting on, not forever.
    const parkAfterMs = verdict.waitingFor.length > 0 ? timing.backorderTimeoutMs * PARK_AFTER_DEADLINES : Math.max(timing.backorderTimeoutMs * PARK_AFTER_DEADLINES, STOCK_WAIT_LIMIT_MS);
    if (now - since >= parkAfterMs) {
      const lines = fo.lines.map((line) => `${line.sku}x${line.quantity - line.cancelled}`).join(' ');
      const why = verdict.waitingFor.length > 0 ? `no fresh stock from ${verdict.waitingFor.join(', ')} to decide on` : 'stock exists but routing found no node to take it';
      const detail = `backordered ${Math.round((now - since) / 3_600_000)} h, ${lines}: ${why}`;
      raiseException(this.context, fo, 'UNROUTABLE', detail, 'cancel', { routing: why }, SWEEP);
      if (verdict.waitingFor.length > 0) this.context.ports.store.put<StaleParked>(STALE_PARKED, foId, { foId, nodeIds: verdict.waitingFor, parkedAtMs: now });
      return;
    }
    // Everything it needs exists somewhere (capacity, or a store's fresh count, will let it route) or facts are still coming.
    this.retry(fo);
  }

  /**
   * Asks each store that could serve a due FO for its stock (once per decision pass), and puts
   * what it says into the promise view for the SKUs at stake: the POS's count less what we
   * allocated there and have not held yet (the POS does not know about those units).
   */
  private async readStores(due: readonly FulfillmentOrder[]): Promise<ReadonlyMap<string, ReadonlyMap<string, number>>> {
    const skusByStore = new Map<string, Set<string>>();
    for (const fo of due) {
      // Stores that refused the FO too: they are asked again (decide).
      for (const node of eligibleNodes({ ...this.requestFor(fo), excludedNodeIds: new Set() })) {
        if (node.kind !== 'STORE') continue;
        const skus = skusByStore.get(node.nodeId) ?? new Set<string>();
        for (const line of fo.lines) skus.add(line.sku);
        skusByStore.set(node.nodeId, skus);
      }
    }
    const answered = new Map<string, ReadonlyMap<string, number>>();
    for (const [storeId, skus] of skusByStore) {
      const stock = await this.stores.readStock(storeId);
      if (stock === undefined) continue;
      answered.set(storeId, stock);
      const unheld = this.unheldAllocations(storeId);
      this.context.ports.store.transaction(() => {
        for (const sku of skus) this.context.inventory.set(storeId, sku, (stock.get(sku) ?? 0) - (unheld.get(sku) ?? 0));
      });
    }
    return answered;
  }

  /** Per `<dcId>|<sku>`: units of FOs at a DC the WMS has not accepted yet (its own books do not count them). */
  private unacceptedAtDcs(): Map<string, number> {
    const units = new Map<string, number>();
    for (const fo of this.context.repo.fos()) {
      if (this.context.nodesById.get(fo.nodeId)?.kind !== 'DC' || (fo.state !== 'ALLOCATED' && fo.state !== 'RELEASED')) continue;
      for (const line of fo.lines) {
        if (line.externalStatus === 'ACCEPTED' || line.externalStatus === 'SHIPPED') continue;
        const key = `${fo.nodeId}|${line.sku}`;
        units.set(key, (units.get(key) ?? 0) + line.quantity - line.cancelled - line.shipped);
      }
    }
    return units;
  }

  private unheldAllocations(storeId: string): Map<string, number> {
    const units = new Map<string, number>();
    for (const fo of this.context.repo.fos()) {
      if (fo.nodeId !== storeId || !MAY_BE_UNHELD.has(fo.state)) continue;
      for (const line of fo.lines) {
        if (line.holdId !== null) continue;
        units.set(line.sku, (units.get(line.sku) ?? 0) + line.quantity - line.cancelled - line.shipped - line.pickedUp);
      }
    }
    return units;
  }

  /** FOs parked for stale facts whose nodes are all back: their items resolved, they wait (and are decided) again. */
  private unparkWhereFreshAgain(): void {
    const { store } = this.context.ports;
    for (const parked of [...store.values<StaleParked>(STALE_PARKED)]) {
      const fo = this.context.repo.fo(parked.foId);
      if (fo === undefined || fo.state !== 'EXCEPTION') {
        store.delete(STALE_PARKED, parked.foId); // a person (or a cancel) settled it
        continue;
      }
      if (!parked.nodeIds.every((nodeId) => this.backAgain(nodeId, parked.parkedAtMs))) continue;
      store.transaction(() => {
        store.delete(STALE_PARKED, parked.foId);
        for (const item of this.context.exceptions.openFor(fo.foId)) {
          if (item.category !== 'UNROUTABLE') continue;
          const resolved = this.context.exceptions.resolve(item.exceptionId, `${parked.nodeIds.join(', ')} back: decided on fresh facts`);
          if (resolved !== undefined) this.context.publisher.publish('exception.resolved', resolved.exceptionId, fo.orderId, 'sweep', { foId: fo.foId, resolution: resolved.resolution });
        }
        // Still waiting since it first did: routed if it can be, else decided at once (its deadline is past).
        routeFo(this.context, applyFoEvent(this.context, fo, 'resolve', {}, '', SWEEP).foId, SWEEP);
      });
    }
  }

  /** A store answering its poll again; a DC with a snapshot newer than the parking. */
  private backAgain(nodeId: string, parkedAtMs: number): boolean {
    if (this.context.nodesById.get(nodeId)?.kind === 'STORE') return this.stores.isAnswering(nodeId);
    return (this.context.ports.store.get<number>(SNAPSHOT_AS_OF, nodeId) ?? Number.NEGATIVE_INFINITY) > parkedAtMs;
  }

  /** A store's count is fresh if it answered just now; a DC's if its last snapshot is newer than the backorder. */
  private fresh(nodeId: string, backorderedSinceMs: number, answered: ReadonlyMap<string, unknown>): boolean {
    if (this.context.nodesById.get(nodeId)?.kind === 'STORE') return answered.has(nodeId);
    return (this.context.ports.store.get<number>(SNAPSHOT_AS_OF, nodeId) ?? Number.NEGATIVE_INFINITY) >= backorderedSinceMs;
  }

  private requestFor(fo: FulfillmentOrder): RoutingRequest {
    const order = this.context.repo.requireOrder(fo.orderId);
    return {
      lines: fo.lines.map((line) => ({ lineNo: line.lineNo, sku: line.sku, quantity: line.quantity - line.cancelled, unitPriceCents: line.unitPriceCents })),
      delivery: order.delivery,
      nodes: this.context.config.nodes,
      excludedNodeIds: new Set(fo.excludedNodeIds),
      available: (nodeId, sku) => this.context.inventory.available(nodeId, sku),
      policy: routingPolicy(this.context.config),
    };
  }
}
