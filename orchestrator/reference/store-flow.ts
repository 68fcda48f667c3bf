import { ok, type AdapterOutcome } from '../adapters/outcome.ts';
import { POS_ADAPTER_VERSION, PosAdapter } from '../adapters/pos/pos-adapter.ts';
import type { PosHoldRecord } from '../adapters/pos/pos-records.ts';
import { keys } from '../idempotency/keys.ts';
import { statesAllowing, type FoEvent } from '../model/fo-state-machine.ts';
import { lineReference, type FoLine, type FulfillmentOrder } from '../model/types.ts';
import { SOURCE, spawn, type OrchestratorContext } from './context.ts';
import { applyFoEvent, raiseException, type TransitionAudit } from './lifecycle.ts';
import { pickupWindowMs } from './pickup-expiry.ts';
import { PENDING_RELEASES, restoreAvailability, routeRemainderElsewhere, unservedUnits, type PendingRelease } from './routing-service.ts';
import { addDeadLetter, type DeadLetter, type ReplayReader } from './dead-letters.ts';
import { applyPageInSteps } from './journal-page.ts';

// Wherever the table allows, EXCEPTION included: a store can finish an FO we parked because its answers were lost; that settles it.
const SHIPPABLE_FROM = statesAllowing('ship');
const READY_FROM = statesAllowing('ready');
// Not once a cancel was refused: a store refuses one only when the goods already left, so a short shelf is no longer this FO's.
const REJECTABLE_FROM = statesAllowing('reject', ['CANCEL_REJECTED']);
const LIVE_HOLD: ReadonlySet<string> = new Set(['HELD', 'PICK_REQUESTED', 'READY']);
const SUSPECTS = 'suspect-holds';
/** Transitions the POS's answers or journal caused. */
const POS_VIA: TransitionAudit = { actor: 'system', via: POS_ADAPTER_VERSION };
/** Refusals that mean "this store cannot serve it": route elsewhere. Any other refusal is a protocol problem. */
const OUT_OF_STOCK_CODES: ReadonlySet<string> = new Set(['INSUFFICIENT_STOCK', 'UNKNOWN_SKU', 'HOLD_REJECTED']);
/** The store no longer has the hold the line names (released, or never issued under that id). */
const HOLD_GONE_CODES: ReadonlySet<string> = new Set(['HOLD_RELEASED', 'UNKNOWN_HOLD']);

/** A live hold the journal showed that no FO line owns (yet): released if still unowned later. */
interface SuspectHold {
  storeId: string;
  holdId: string;
  externalRef: string;
  seenAtMs: number;
}

/** Hold placements running at once per store when the config does not say. */
export const DEFAULT_MAX_IN_FLIGHT_PER_STORE = 50;
/** FOs waiting for a free placement slot at a store, first in first out (StorePort keeps insertion order). */
function waitingLine(storeId: string): string {
  return `pos-waiting:${storeId}`;
}
const QUEUE_DEPTH = 'pos-queue-depth';
interface QueueDepthRecord {
  /** The depth the last `adapter.queue_depth` event reported. */
  published: number;
  /** The deepest the line got since then. */
  maxSincePublished: number;
}

/** Splits `<foId>:<lineNo>` (see lineReference). */
function parseReference(externalRef: string): { foId: string; lineNo: number } | undefined {
  const colon = externalRef.lastIndexOf(':');
  const lineNo = Number(externalRef.slice(colon + 1));
  return colon > 0 && Number.isInteger(lineNo) ? { foId: externalRef.slice(0, colon), lineNo } : undefined;
}

/** Reads of one page of the hold journal before an entry in it that does not parse is dead-lettered. */
const JOURNAL_READS_MAX = 3;

/**
 * Ship-from-store and pickup FOs: one POS hold per line (looked up by reference after a timeout
 * before anything is re-sent), a pick request, then the store's journal polled for progress.
 * The journal also shows holds nobody owns (a ghost success after we gave up, a duplicate):
 * once they are older than any request still in flight, they are released.
 */
export class StoreFlow {
  private readonly adapters = new Map<string, PosAdapter>();
  /** FOs this process is placing holds for right now: never two placements of one FO at once. */
  private readonly placing = new Set<string>();
  /** FOs dispatched again while a placement was running (re-routed from inside it): run once more after. */
  private readonly dispatchAgain = new Set<string>();
  /** Placements running per store (this process only: after a restart nothing is in flight). */
  private readonly running = new Map<string, Set<string>>();
  /**
   * Placements allowed at once per store, adapted to how the store copes (this process only).
   * A register serves one request at a time: dozens of placements at once (a retry pass, a
   * backorder sweep after a snapshot) queue behind each other past our timeout, every one of them
   * fails and is retried together again later. Halved when a placement gets no answer, grown by
   * one per placement answered, between 1 and the configured maximum.
   */
  private readonly limits = new Map<string, number>();
  /** Whether the store's last journal poll was answered (this process only; unknown after a restart). */
  private readonly answering = new Map<string, boolean>();
  private readonly comebackListeners: ((storeId: string) => void)[] = [];

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
    const outcome = await adapter.callWithRetries(() => adapter.inventory(keys.storeInventory(storeId, day)));
    if (outcome.kind !== 'ok') return;
    this.context.ports.store.transaction(() => {
      // After a restart, FOs allocated here may not be held yet: the POS does not count them, the
      // promise must (otherwise a restart promises them a second time, into the safety stock).
      const unheld = this.unheldAllocations(storeId);
      for (const item of outcome.value) this.context.inventory.set(storeId, item.sku, item.available - (unheld.get(item.sku) ?? 0));
    });
  }

  /** Per SKU: units of FOs allocated at the store whose lines hold nothing there yet (placing, or parked while placing). */
  private unheldAllocations(storeId: string): Map<string, number> {
    const units = new Map<string, number>();
    for (const fo of this.context.repo.fos()) {
      if (fo.nodeId !== storeId || (fo.state !== 'ALLOCATED' && fo.state !== 'EXCEPTION')) continue;
      for (const line of fo.lines) {
        if (line.holdId !== null) continue;
        units.set(line.sku, (units.get(line.sku) ?? 0) + line.quantity - line.cancelled - line.shipped - line.pickedUp);
      }
    }
    return units;
  }

  /**
   * Starts placing the FO's holds, or, with `maxInFlightPerStore` placements already running at
   * its store, puts it at the back of the store's waiting line (stored, so a restart resumes it):
   * a register answers slower the more it is asked at once.
   */
  dispatch(foId: string): void {
    if (this.placing.has(foId)) {
      this.dispatchAgain.add(foId);
      return;
    }
    const storeId = this.context.repo.requireFo(foId).nodeId;
    if (this.inFlight(storeId).size >= this.limit(storeId)) {
      this.context.ports.store.put(waitingLine(storeId), foId, foId);
      this.noteDepth(storeId);
      return;
    }
    this.start(foId, storeId);
  }

  private start(foId: string, storeId: string): void {
    this.placing.add(foId);
    const running = this.inFlight(storeId);
    running.add(foId);
    spawn(this.context, `place holds ${foId}`, () => this.placeHolds(foId).finally(() => {
      this.placing.delete(foId);
      running.delete(foId);
      if (this.dispatchAgain.delete(foId)) this.dispatch(foId);
      this.startWaiting(storeId);
    }));
  }

  /** Starts waiting FOs, first come first served, while the store has room; drops those no longer waiting to be placed. */
  private startWaiting(storeId: string): void {
    const line = waitingLine(storeId);
    const running = this.inFlight(storeId);
    let changed = false;
    for (const foId of [...this.context.ports.store.values<string>(line)]) {
      if (running.size >= this.limit(storeId)) break;
      this.context.ports.store.delete(line, foId);
      changed = true;
      const fo = this.context.repo.fo(foId);
      if (fo?.state !== 'ALLOCATED' || fo.nodeId !== storeId || this.placing.has(foId)) continue; // cancelled, re-routed or already going
      this.start(foId, storeId);
    }
    if (changed) this.noteDepth(storeId);
  }

  private get maxInFlight(): number {
    return this.context.config.timing.maxInFlightPerStore ?? DEFAULT_MAX_IN_FLIGHT_PER_STORE;
  }

  private limit(storeId: string): number {
    return this.limits.get(storeId) ?? this.maxInFlight;
  }

  /** A placement got no answer: fewer at once at this store until it copes again. */
  private slowDown(storeId: string): void {
    this.limits.set(storeId, Math.max(1, Math.floor(this.limit(storeId) / 2)));
  }

  /** A placement was answered: one more at once, up to the configured maximum. */
  private speedUp(storeId: string): void {
    this.limits.set(storeId, Math.min(this.maxInFlight, this.limit(storeId) + 1));
  }

  /** Whether the store answered its last journal poll: a store that answers can take a retry now. */
  isAnswering(storeId: string): boolean {
    return this.answering.get(storeId) === true;
  }

  /** Calls `listener` when a store that did not answer its journal poll answers one again. */
  onComeback(listener: (storeId: string) => void): void {
    this.comebackListeners.push(listener);
  }

  private noteAnswered(storeId: string, answered: boolean): void {
    const before = this.answering.get(storeId);
    this.answering.set(storeId, answered);
    if (answered && before === false) for (const listener of this.comebackListeners) listener(storeId);
  }

  /**
   * What the store's POS says it can still sell now (on hand minus its live holds), per SKU, or
   * undefined if it did not answer. Read before a backorder deadline decision: the promise view
   * of a store drifts (walk-in sales are not in it), and units are never cancelled on a guess.
   */
  async readStock(storeId: string): Promise<ReadonlyMap<string, number> | undefined> {
    const adapter = this.adapter(storeId);
    const now = this.context.ports.clock.nowMs();
    const outcome = await adapter.callWithRetries(() => adapter.inventory(keys.storeInventory(storeId, now)));
    if (outcome.kind !== 'ok') return undefined;
    return new Map(outcome.value.map((item) => [item.sku, item.available]));
  }

  private inFlight(storeId: string): Set<string> {
    let running = this.running.get(storeId);
    if (running === undefined) {
      running = new Set();
      this.running.set(storeId, running);
    }
    return running;
  }

  /** Remembers the deepest the line got since the last `adapter.queue_depth`, so a burst between two reports is not lost. */
  private noteDepth(storeId: string): void {
    const depth = this.waitingDepth(storeId);
    const seen = this.context.ports.store.get<QueueDepthRecord>(QUEUE_DEPTH, storeId) ?? { published: 0, maxSincePublished: 0 };
    if (depth > seen.maxSincePublished) this.context.ports.store.put<QueueDepthRecord>(QUEUE_DEPTH, storeId, { ...seen, maxSincePublished: depth });
  }

  private waitingDepth(storeId: string): number {
    let depth = 0;
    for (const _ of this.context.ports.store.values(waitingLine(storeId))) depth++;
    return depth;
  }

  /** Publishes `adapter.queue_depth` for the store when its line's depth (or its peak since the last report) changed. */
  private reportDepth(storeId: string): void {
    const depth = this.waitingDepth(storeId);
    const seen = this.context.ports.store.get<QueueDepthRecord>(QUEUE_DEPTH, storeId) ?? { published: 0, maxSincePublished: 0 };
    if (depth === seen.published && seen.maxSincePublished <= depth) return;
    this.context.ports.store.transaction(() => {
      this.context.ports.store.put<QueueDepthRecord>(QUEUE_DEPTH, storeId, { published: depth, maxSincePublished: depth });
      this.context.publisher.publish('adapter.queue_depth', `${storeId}:pos-holds`, storeId, SOURCE, { storeId, depth, maxDepth: Math.max(depth, seen.maxSincePublished), inFlight: this.inFlight(storeId).size, limit: this.limit(storeId) });
    });
  }

  /**
   * After a restart: the waiting lines start first (they waited longest), then FOs caught placing
   * holds carry on (held lines are kept, lines in doubt looked up).
   */
  resume(): void {
    for (const storeId of this.storeIds) this.startWaiting(storeId);
    const waiting = new Set(this.storeIds.flatMap((storeId) => [...this.context.ports.store.values<string>(waitingLine(storeId))]));
    for (const fo of this.context.repo.fos()) {
      if (fo.state === 'ALLOCATED' && this.adapters.has(fo.nodeId) && !waiting.has(fo.foId)) this.dispatch(fo.foId);
    }
  }

  async pollChanges(storeId: string): Promise<void> {
    const adapter = this.adapter(storeId);
    const cursor = this.context.ports.store.get<number>('cursors', storeId) ?? 0;
    const readPage = () => adapter.callWithRetries(() => adapter.changesSince(cursor, keys.storeSync(storeId, cursor)));
    let outcome = await readPage();
    // An entry we cannot read is read again before it is given up: a reply garbled on its way
    // (a proxy, a flaky line) reads clean the next time, and a change left in a dead letter is a
    // hold whose pick or hand-over this FO never hears of.
    for (let reread = 1; reread < JOURNAL_READS_MAX && outcome.kind === 'ok' && outcome.value.unreadable.length > 0; reread += 1) outcome = await readPage();
    this.noteAnswered(storeId, outcome.kind === 'ok');
    if (outcome.kind === 'ok') {
      // A backlog is applied in steps that each move the cursor (journal-page.ts).
      applyPageInSteps(
        { changes: outcome.value.holds, unreadable: outcome.value.unreadable, cursor: outcome.value.cursor },
        {
          store: this.context.ports.store,
          cursorNamespace: 'cursors',
          cursorKey: storeId,
          from: cursor,
          changesPerStep: this.context.parts.inboundItemsPerStep,
          apply: (hold) => this.applyHoldChange(storeId, hold),
          // Entries we cannot read are kept, not skipped silently; the cursor moves past them with the rest.
          keep: (entry, index) => {
            const id = `pos:${storeId}/${entry.holdId === '' ? `${cursor}#${index}` : entry.holdId}@${cursor}`;
            addDeadLetter(this.context, { id, source: `pos:${storeId}`, nodeId: storeId, kind: 'pos-journal-entry', ref: entry.externalRef, reason: entry.message, raw: entry.raw });
          },
        },
      );
    }
    if (this.context.parts.releaseOrphanHolds) await this.releaseOrphans(storeId);
    await this.sendPendingReleases(storeId);
    this.reportDepth(storeId);
  }

  /**
   * Dead-letter replay: the entry itself cannot be read again (the journal moved on), so the hold
   * is looked up afresh by its external reference and its current state applied.
   */
  readonly replayReader: ReplayReader = async (letter: DeadLetter) => {
    if (letter.ref === '') return { ok: false, reason: 'the entry has no external reference to look the hold up by' };
    const adapter = this.adapter(letter.nodeId);
    const found = await adapter.lookUpHolds(letter.ref);
    if (found.kind !== 'ok') return { ok: false, reason: found.kind === 'timeout' ? 'the store did not answer the look-up' : found.message };
    return { ok: true, apply: () => found.value.forEach((hold) => this.applyHoldChange(letter.nodeId, hold)) };
  };

  /** Releases holds that FOs leaving this store left behind (persisted, so a restart sends them too). */
  private async sendPendingReleases(storeId: string): Promise<void> {
    const adapter = this.adapter(storeId);
    for (const pending of [...this.context.ports.store.values<PendingRelease>(PENDING_RELEASES)].filter((entry) => entry.storeId === storeId)) {
      const released = await adapter.callWithRetries(() => adapter.releaseHold(pending.holdId, keys.holdRelease(`${pending.externalRef}@${pending.holdId}`, 1)));
      if (released.kind === 'ok' || released.kind === 'rejected') this.context.ports.store.delete(PENDING_RELEASES, `${storeId}/${pending.holdId}`);
    }
  }

  /**
   * Releases an FO's holds for a cancel or an expiry and says, per line, what the store did:
   * `released` (nothing held any more), `fulfilled` (already shipped or handed over: too late)
   * or `unknown` (no answer: try again later; releasing twice is harmless).
   */
  async releaseHoldsFor(foId: string): Promise<Map<number, 'released' | 'fulfilled' | 'unknown'>> {
    const fo = this.context.repo.requireFo(foId);
    const adapter = this.adapter(fo.nodeId);
    const results = new Map<number, 'released' | 'fulfilled' | 'unknown'>();
    for (const line of fo.lines) {
      const externalRef = lineReference(foId, line.lineNo);
      let holdIds = line.holdId === null ? [] : [line.holdId];
      if (line.holdId === null && line.externalStatus === 'REQUESTED') {
        // A create in doubt may have been applied: find it by reference before calling the line free.
        const found = await adapter.lookUpHolds(externalRef);
        if (found.kind !== 'ok') {
          results.set(line.lineNo, 'unknown');
          continue;
        }
        holdIds = found.value.filter((hold) => hold.status !== 'RELEASED' && hold.status !== 'REJECTED').map((hold) => hold.holdId);
      }
      let result: 'released' | 'fulfilled' | 'unknown' = 'released';
      for (const holdId of holdIds) {
        const outcome = await adapter.callWithRetries(() => adapter.releaseHold(holdId, keys.holdRelease(externalRef, 1)));
        if (outcome.kind === 'rejected' && outcome.code === 'ALREADY_FULFILLED') result = 'fulfilled';
        else if (outcome.kind !== 'ok' && !(outcome.kind === 'rejected' && outcome.code === 'UNKNOWN_HOLD') && result !== 'fulfilled') result = 'unknown';
      }
      results.set(line.lineNo, result);
    }
    return results;
  }

  /**
   * Asks the store what became of an FO's holds (the journal may lag, a store may have been
   * offline) and applies it. Returns false if the store did not answer for every line.
   */
  async refreshHolds(foId: string): Promise<boolean> {
    const fo = this.context.repo.requireFo(foId);
    const adapter = this.adapter(fo.nodeId);
    for (const line of fo.lines) {
      const externalRef = lineReference(foId, line.lineNo);
      const found = await adapter.lookUpHolds(externalRef);
      if (found.kind !== 'ok') return false;
      const own = found.value.find((hold) => hold.holdId === line.holdId);
      if (own !== undefined) this.context.ports.store.transaction(() => this.applyHoldChange(fo.nodeId, own));
    }
    return true;
  }

  private adapter(storeId: string): PosAdapter {
    const adapter = this.adapters.get(storeId);
    if (adapter === undefined) throw new Error(`no POS adapter for ${storeId}`);
    return adapter;
  }

  private async placeHolds(foId: string): Promise<void> {
    const fo = this.context.repo.requireFo(foId);
    if (fo.state !== 'ALLOCATED' || !this.adapters.has(fo.nodeId)) return; // moved on meanwhile
    const adapter = this.adapter(fo.nodeId);
    const purpose = fo.method === 'SHIP_FROM_STORE' ? 'SHIP' : 'PICKUP';
    for (const line of fo.lines) {
      if (line.holdId !== null) continue; // resumed after a restart: this line is already held
      const outcome = await this.createHoldOnce(adapter, lineReference(foId, line.lineNo), line, purpose);
      const latest = this.context.repo.requireFo(foId);
      if (latest.state !== 'ALLOCATED') return; // overtaken (cancel, sweep)
      if (outcome.kind === 'ok') {
        this.context.ports.store.transaction(() => this.context.repo.updateLineOf(latest, line.lineNo, { holdId: outcome.value.holdId, externalStatus: outcome.value.status }));
        continue;
      }
      if (outcome.kind === 'rejected' && OUT_OF_STOCK_CODES.has(outcome.code)) {
        await this.rejectAtStore(foId, line.sku, outcome.code);
        return;
      }
      const unknown = outcome.kind === 'timeout' || outcome.kind === 'unavailable';
      if (unknown) this.slowDown(fo.nodeId);
      // Both are retried (remediation.ts): a store that timed out or answered garbage usually
      // answers properly later; the retry looks the hold up before sending it again.
      this.context.ports.store.transaction(() =>
        raiseException(
          this.context,
          this.context.repo.requireFo(foId),
          unknown ? 'SYSTEM_UNREACHABLE' : 'PROTOCOL_ERROR',
          `hold for ${lineReference(foId, line.lineNo)} at ${fo.nodeId}: ${outcome.kind === 'timeout' ? 'no answer after every attempt' : outcome.message}`,
          'retry',
          { pos: unknown ? 'unknown' : 'unreadable answer' },
          { ...POS_VIA, idempotencyKey: keys.holdCreate(lineReference(foId, line.lineNo), 1) },
        ),
      );
      return;
    }
    for (const line of this.context.repo.requireFo(foId).lines) {
      const holdId = line.holdId as string;
      const pick = await adapter.callWithRetries(() => adapter.requestPick(holdId, keys.holdPick(lineReference(foId, line.lineNo), 1)));
      const latest = this.context.repo.requireFo(foId);
      if (latest.state !== 'ALLOCATED') return;
      if (pick.kind === 'rejected' && OUT_OF_STOCK_CODES.has(pick.code)) {
        await this.rejectAtStore(foId, line.sku, pick.code);
        return;
      }
      if (pick.kind === 'rejected' && HOLD_GONE_CODES.has(pick.code)) {
        // Released under us (an orphan sweep that raced the look-up adopting it after a garbled
        // reply, or the store's staff): picking it again can never work. The line forgets it and
        // the retry places a new hold, looking up first as every placement does.
        this.context.ports.store.transaction(() => {
          this.context.repo.updateFoLine(foId, line.lineNo, { holdId: null, externalStatus: '' });
          raiseException(this.context, this.context.repo.requireFo(foId), 'PROTOCOL_ERROR', `hold ${holdId} at ${fo.nodeId} is gone (${pick.code}): its line is placed again`, 'retry', { pos: `hold ${holdId} ${pick.code}` }, { ...POS_VIA, idempotencyKey: keys.holdPick(lineReference(foId, line.lineNo), 1) });
        });
        return;
      }
      if (pick.kind !== 'ok') {
        this.slowDown(fo.nodeId);
        this.context.ports.store.transaction(() => raiseException(this.context, this.context.repo.requireFo(foId), 'SYSTEM_UNREACHABLE', `pick request for ${holdId} at ${fo.nodeId} got no answer`, 'retry', { pos: `hold ${holdId} ${line.externalStatus}` }, { ...POS_VIA, idempotencyKey: keys.holdPick(lineReference(foId, line.lineNo), 1) }));
        return;
      }
      this.context.ports.store.transaction(() => this.context.repo.updateLineOf(latest, line.lineNo, { externalStatus: pick.value.status }));
    }
    this.speedUp(fo.nodeId);
    this.context.ports.store.transaction(() => {
      const released = applyFoEvent(this.context, this.context.repo.requireFo(foId), 'release', {}, '', POS_VIA);
      // Staff may have worked the holds while we were still placing them (slow or lossy store):
      // the journal already showed it and will not show it again, so act on what we know now.
      this.advance(applyFoEvent(this.context, released, 'acknowledge', {}, '', POS_VIA));
    });
  }

  /** After a timeout the hold may exist (ghost success): look it up before sending it again. */
  private async createHoldOnce(adapter: PosAdapter, externalRef: string, line: FoLine, purpose: 'SHIP' | 'PICKUP'): Promise<AdapterOutcome<PosHoldRecord>> {
    let outcome: AdapterOutcome<PosHoldRecord> = { kind: 'timeout' };
    for (let attempt = 1; attempt <= this.context.config.timing.posMaxAttempts; attempt++) {
      if ((attempt > 1 || line.externalStatus === 'REQUESTED') && this.context.parts.lookUpHoldBeforeResend) {
        // A previous attempt (or a previous process) may have been applied without our knowing.
        const found = await adapter.lookUpHolds(externalRef);
        const live = found.kind === 'ok' ? found.value.find((hold) => LIVE_HOLD.has(hold.status)) : undefined;
        if (live !== undefined) return ok(live);
        if (found.kind !== 'ok') {
          outcome = found.kind === 'timeout' ? found : { kind: 'timeout' };
          continue; // not knowing whether a hold exists, sending another could double it
        }
      }
      // The recovery point: a restart will look the hold up before sending it again.
      this.context.ports.store.transaction(() => this.context.repo.updateFoLine(externalRef.slice(0, externalRef.lastIndexOf(':')), line.lineNo, { externalStatus: 'REQUESTED' }));
      outcome = await adapter.createHold({ externalRef, sku: line.sku, quantity: line.quantity, purpose }, keys.holdCreate(externalRef, attempt));
      if (outcome.kind === 'ok' || outcome.kind === 'rejected' || outcome.kind === 'malformed') return outcome;
      if (outcome.kind === 'unavailable') await this.context.ports.timers.sleep(outcome.retryAfterMs ?? 500 * attempt);
    }
    return outcome;
  }

  /**
   * The store cannot serve the FO: release what it still holds and route elsewhere. Lines it
   * already shipped or handed over stay on this FO (they happened); only the rest moves, as a new
   * FO that never comes back here. Re-routing the whole FO would ship those lines twice.
   */
  private async rejectAtStore(foId: string, skuShort: string, reason: string): Promise<void> {
    const fo = this.context.repo.requireFo(foId);
    const adapter = this.adapters.get(fo.nodeId);
    if (adapter === undefined) return; // moved on (re-routed, cancelled) before this started
    for (const line of fo.lines) {
      const holdId = line.holdId;
      if (holdId === null || !LIVE_HOLD.has(line.externalStatus)) continue;
      await adapter.callWithRetries(() => adapter.releaseHold(holdId, keys.holdRelease(lineReference(foId, line.lineNo), 1)));
    }
    this.context.ports.store.transaction(() => {
      const latest = this.context.repo.requireFo(foId);
      if (!REJECTABLE_FROM.has(latest.state)) return;
      // The store said it does not have it: believe it until the next inventory sync.
      const fulfilled = latest.lines.filter((line) => line.shipped + line.pickedUp > 0);
      if (fulfilled.length === 0) {
        restoreAvailability(this.context, latest);
        this.context.inventory.set(latest.nodeId, skuShort, 0);
        applyFoEvent(this.context, latest, 'reject', {}, `store ${latest.nodeId}: ${reason}`, POS_VIA);
        this.context.flows.reroute(foId);
        return;
      }
      const moving = latest.lines.filter((line) => line.shipped + line.pickedUp === 0);
      const kept = this.context.repo.putFoAndReturn({ ...latest, lines: fulfilled });
      restoreAvailability(this.context, { ...latest, lines: moving });
      this.context.inventory.set(latest.nodeId, skuShort, 0);
      routeRemainderElsewhere(this.context, latest, moving.map(unservedUnits), latest.nodeId, `rest of ${latest.foId} after ${latest.nodeId}: ${reason}`, POS_VIA);
      this.advance(kept);
    });
  }

  private applyHoldChange(storeId: string, hold: PosHoldRecord): void {
    const reference = parseReference(hold.externalRef);
    const fo = reference === undefined ? undefined : this.context.repo.fo(reference.foId);
    const line = fo?.lines.find((candidate) => candidate.lineNo === reference?.lineNo);
    if (fo === undefined || line === undefined || fo.nodeId !== storeId || line.holdId !== hold.holdId) {
      if (LIVE_HOLD.has(hold.status)) {
        this.context.ports.store.put<SuspectHold>(SUSPECTS, `${storeId}/${hold.holdId}`, { storeId, holdId: hold.holdId, externalRef: hold.externalRef, seenAtMs: this.context.ports.clock.nowMs() });
      }
      return;
    }
    const updated = this.context.repo.updateLineOf(fo, line.lineNo, {
      externalStatus: hold.status,
      shipped: hold.status === 'SHIPPED' ? line.quantity - line.cancelled : line.shipped,
      pickedUp: hold.status === 'PICKED_UP' ? line.quantity - line.cancelled : line.pickedUp,
    });
    // Units the store shipped or handed over are news for consumers now, not at the FO's next transition.
    const now = updated.lines.find((candidate) => candidate.lineNo === line.lineNo) ?? line;
    if (now.shipped > line.shipped) this.context.publisher.publish('shipment.confirmed', fo.foId, fo.orderId, SOURCE, { foId: fo.foId, lineNo: line.lineNo, shipmentId: `${storeId}/${hold.holdId}`, quantity: now.shipped - line.shipped });
    if (now.pickedUp > line.pickedUp) this.context.publisher.publish('pickup.collected', fo.foId, fo.orderId, SOURCE, { foId: fo.foId, lineNo: line.lineNo, holdId: hold.holdId, quantity: now.pickedUp - line.pickedUp });
    this.advance(updated, { ...POS_VIA, causationId: `${storeId}/${hold.holdId}` });
  }

  /** Moves the FO on from what its holds say (also after a cancel came too late). */
  advance(fo: FulfillmentOrder, audit: TransitionAudit = POS_VIA): void {
    if (fo.lines.some((line) => line.externalStatus === 'REJECTED') && REJECTABLE_FROM.has(fo.state)) {
      // Store staff found the shelf short (in-store sales took it): route elsewhere.
      const short = fo.lines.find((line) => line.externalStatus === 'REJECTED') as FoLine;
      spawn(this.context, `reject ${fo.foId} at store`, () => this.rejectAtStore(fo.foId, short.sku, 'NOT_ON_SHELF'));
      return;
    }
    const all = (status: string): boolean => fo.lines.every((line) => line.externalStatus === status);
    const ready = fo.lines.every((line) => line.externalStatus === 'READY' || line.externalStatus === 'PICKED_UP');
    const steps: FoEvent[] = [];
    if (all('SHIPPED') && SHIPPABLE_FROM.has(fo.state)) steps.push('ship');
    else if (ready && READY_FROM.has(fo.state)) steps.push('ready', ...(all('PICKED_UP') ? (['pickup'] as const) : []));
    else if (all('PICKED_UP') && fo.state === 'READY_FOR_PICKUP') steps.push('pickup');
    let current = fo;
    for (const step of steps) {
      current = applyFoEvent(this.context, current, step, {}, '', audit);
      if (step === 'ready') {
        this.context.publisher.publish('pickup.ready', fo.foId, fo.orderId, SOURCE, { foId: fo.foId, storeId: fo.nodeId, pickupReference: `${fo.foId}:`, pickupWindowMs: pickupWindowMs(this.context) });
      }
    }
    if (current.state === 'SHIPPED' || current.state === 'PICKED_UP') this.context.flows.settle(current.foId);
  }

  /**
   * Releases holds nobody owns, once they are older than any of our requests can still be in
   * flight (so we never release a hold whose creation reply is still on its way to us).
   */
  private async releaseOrphans(storeId: string): Promise<void> {
    const { timing } = this.context.config;
    const graceMs = timing.posTimeoutMs * (timing.posMaxAttempts + 1) * 2;
    const now = this.context.ports.clock.nowMs();
    const suspects = [...this.context.ports.store.values<SuspectHold>(SUSPECTS)].filter((suspect) => suspect.storeId === storeId && now - suspect.seenAtMs >= graceMs);
    const adapter = this.adapter(storeId);
    for (const suspect of suspects) {
      const reference = parseReference(suspect.externalRef);
      const fo = reference === undefined ? undefined : this.context.repo.fo(reference.foId);
      const owned = fo?.nodeId === storeId && fo.lines.some((line) => line.lineNo === reference?.lineNo && line.holdId === suspect.holdId);
      const released = owned ? undefined : await adapter.callWithRetries(() => adapter.releaseHold(suspect.holdId, keys.holdRelease(`${suspect.externalRef}@${suspect.holdId}`, 1)));
      if (released !== undefined && released.kind !== 'ok' && released.kind !== 'rejected') continue; // try again next sweep
      this.context.ports.store.transaction(() => {
        if (released !== undefined) {
          this.context.publisher.publish('recon.break_detected', `${storeId}/${suspect.holdId}`, fo?.orderId ?? '', SOURCE, {
            category: 'ORPHAN_HOLD',
            storeId,
            holdId: suspect.holdId,
            externalRef: suspect.externalRef,
            remediation: released.kind === 'ok' ? 'released' : `not released: ${released.code}`,
          });
        }
        this.context.ports.store.delete(SUSPECTS, `${storeId}/${suspect.holdId}`);
      });
    }
  }
}
