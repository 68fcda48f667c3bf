import { ok, type AdapterOutcome } from '../adapters/outcome.ts';
import { PosAdapter } from '../adapters/pos/pos-adapter.ts';
import type { PosHoldRecord } from '../adapters/pos/pos-records.ts';
import { keys } from '../idempotency/keys.ts';
import type { FoEvent, FoState } from '../model/fo-state-machine.ts';
import { lineReference, type FoLine, type FulfillmentOrder } from '../model/types.ts';
import { SOURCE, type OrchestratorContext } from './context.ts';
import { applyFoEvent } from './lifecycle.ts';

const SHIPPABLE_FROM: ReadonlySet<FoState> = new Set(['RELEASED', 'ACKNOWLEDGED', 'IN_PROGRESS', 'CANCEL_REJECTED']);
const READY_FROM: ReadonlySet<FoState> = new Set(['ACKNOWLEDGED', 'IN_PROGRESS', 'CANCEL_REJECTED']);

/** Splits `<foId>:<lineNo>` (see lineReference). */
function parseReference(externalRef: string): { foId: string; lineNo: number } | undefined {
  const colon = externalRef.lastIndexOf(':');
  const lineNo = Number(externalRef.slice(colon + 1));
  return colon > 0 && Number.isInteger(lineNo) ? { foId: externalRef.slice(0, colon), lineNo } : undefined;
}

/**
 * Ship-from-store and pickup FOs: one POS hold per line (looked up by reference after a timeout
 * before anything is re-sent), a pick request, then the store's journal polled for progress.
 */
export class StoreFlow {
  private readonly adapters = new Map<string, PosAdapter>();

  constructor(private readonly context: OrchestratorContext) {
    const { http, timers, random } = context.ports;
    for (const node of context.config.nodes) {
      if (node.kind === 'STORE') this.adapters.set(node.nodeId, new PosAdapter(http, timers, random, node, context.config.timing));
    }
  }

  get storeIds(): string[] {
    return [...this.adapters.keys()];
  }

  /** Loads the store's sellable stock into the promise view. */
  async loadInventory(storeId: string): Promise<void> {
    const adapter = this.adapter(storeId);
    const day = Math.floor(this.context.ports.clock.nowMs() / 86_400_000);
    const outcome = await adapter.callWithRetries(() => adapter.inventory(keys.storeInventory(storeId, day)), true);
    if (outcome.kind !== 'ok') return;
    for (const item of outcome.value) this.context.inventory.set(storeId, item.sku, item.available);
  }

  dispatch(foId: string): void {
    void this.placeHolds(foId);
  }

  async pollChanges(storeId: string): Promise<void> {
    const adapter = this.adapter(storeId);
    const cursor = this.context.ports.store.get<number>('cursors', storeId) ?? 0;
    const outcome = await adapter.callWithRetries(() => adapter.changesSince(cursor, keys.storeSync(storeId, cursor)), true);
    if (outcome.kind !== 'ok') return;
    for (const hold of outcome.value.holds) this.applyHoldChange(storeId, hold);
    this.context.ports.store.put('cursors', storeId, Math.max(cursor, outcome.value.cursor));
  }

  private adapter(storeId: string): PosAdapter {
    const adapter = this.adapters.get(storeId);
    if (adapter === undefined) throw new Error(`no POS adapter for ${storeId}`);
    return adapter;
  }

  private async placeHolds(foId: string): Promise<void> {
    const fo = this.context.repo.requireFo(foId);
    const adapter = this.adapter(fo.nodeId);
    const purpose = fo.method === 'SHIP_FROM_STORE' ? 'SHIP' : 'PICKUP';
    for (const line of fo.lines) {
      const outcome = await this.createHoldOnce(adapter, lineReference(foId, line.lineNo), line, purpose);
      if (outcome.kind === 'ok') {
        this.context.repo.updateFoLine(foId, line.lineNo, { holdId: outcome.value.holdId, externalStatus: outcome.value.status });
        continue;
      }
      if (outcome.kind === 'rejected') await this.rejectAtStore(foId, line.sku);
      else applyFoEvent(this.context, this.context.repo.requireFo(foId), 'escalate');
      return;
    }
    for (const line of this.context.repo.requireFo(foId).lines) {
      const holdId = line.holdId as string;
      const pick = await adapter.callWithRetries(() => adapter.requestPick(holdId, keys.holdPick(lineReference(foId, line.lineNo), 1)), true);
      if (pick.kind !== 'ok') {
        applyFoEvent(this.context, this.context.repo.requireFo(foId), 'escalate');
        return;
      }
      this.context.repo.updateFoLine(foId, line.lineNo, { externalStatus: pick.value.status });
    }
    const released = applyFoEvent(this.context, this.context.repo.requireFo(foId), 'release');
    applyFoEvent(this.context, released, 'acknowledge');
  }

  /** After a timeout the hold may exist (ghost success): look it up before sending it again. */
  private async createHoldOnce(adapter: PosAdapter, externalRef: string, line: FoLine, purpose: 'SHIP' | 'PICKUP'): Promise<AdapterOutcome<PosHoldRecord>> {
    let outcome: AdapterOutcome<PosHoldRecord> = { kind: 'timeout' };
    for (let attempt = 1; attempt <= this.context.config.timing.posMaxAttempts; attempt++) {
      outcome = await adapter.createHold({ externalRef, sku: line.sku, quantity: line.quantity, purpose }, keys.holdCreate(externalRef, attempt));
      if (outcome.kind === 'ok' || outcome.kind === 'rejected' || outcome.kind === 'malformed') return outcome;
      if (outcome.kind === 'timeout') {
        const found = await adapter.callWithRetries(() => adapter.findHolds(externalRef, keys.holdLookup(externalRef)), true);
        const live = found.kind === 'ok' ? found.value.find((hold) => hold.status !== 'RELEASED') : undefined;
        if (live !== undefined) return ok(live);
      } else {
        await this.context.ports.timers.sleep(outcome.retryAfterMs ?? 500 * attempt);
      }
    }
    return outcome;
  }

  /** The store cannot serve the FO: release what it did hold and route elsewhere. */
  private async rejectAtStore(foId: string, skuShort: string): Promise<void> {
    const fo = this.context.repo.requireFo(foId);
    const adapter = this.adapter(fo.nodeId);
    for (const line of fo.lines) {
      const holdId = line.holdId;
      if (holdId === null) continue;
      await adapter.callWithRetries(() => adapter.releaseHold(holdId, keys.holdRelease(lineReference(foId, line.lineNo), 1)), true);
    }
    const latest = this.context.repo.requireFo(foId);
    for (const line of latest.lines) {
      if (line.sku !== skuShort) this.context.inventory.adjust(latest.nodeId, line.sku, line.quantity);
    }
    this.context.inventory.set(latest.nodeId, skuShort, 0);
    applyFoEvent(this.context, latest, 'reject');
    this.context.flows.reroute(foId);
  }


  private applyHoldChange(storeId: string, hold: PosHoldRecord): void {
    const reference = parseReference(hold.externalRef);
    if (reference === undefined) return;
    const fo = this.context.repo.fo(reference.foId);
    const line = fo?.lines.find((candidate) => candidate.lineNo === reference.lineNo);
    // Holds we do not own (orphans, duplicates) are reconciliation's business, not progress.
    if (fo === undefined || line === undefined || fo.nodeId !== storeId || line.holdId !== hold.holdId) return;
    const updated = this.context.repo.updateFoLine(fo.foId, line.lineNo, {
      externalStatus: hold.status,
      shipped: hold.status === 'SHIPPED' ? line.quantity - line.cancelled : line.shipped,
      pickedUp: hold.status === 'PICKED_UP' ? line.quantity - line.cancelled : line.pickedUp,
    });
    this.advance(updated);
  }

  private advance(fo: FulfillmentOrder): void {
    const all = (status: string): boolean => fo.lines.every((line) => line.externalStatus === status);
    const ready = fo.lines.every((line) => line.externalStatus === 'READY' || line.externalStatus === 'PICKED_UP');
    const steps: FoEvent[] = [];
    if (all('SHIPPED') && SHIPPABLE_FROM.has(fo.state)) steps.push('ship', 'complete');
    else if (ready && READY_FROM.has(fo.state)) steps.push('ready', ...(all('PICKED_UP') ? (['pickup', 'complete'] as const) : []));
    else if (all('PICKED_UP') && fo.state === 'READY_FOR_PICKUP') steps.push('pickup', 'complete');
    let current = fo;
    for (const step of steps) {
      current = applyFoEvent(this.context, current, step);
      if (step === 'ready') {
        this.context.publisher.publish('pickup.ready', fo.foId, fo.orderId, SOURCE, { foId: fo.foId, storeId: fo.nodeId, pickupReference: `${fo.foId}:` });
      }
    }
  }
}
