import { WMS_ADAPTER_VERSION, WmsAdapter, type ReleaseRow } from '../adapters/wms/wms-adapter.ts';
import type { AckRow, ShipmentRow, WmsDocument } from '../adapters/wms/wms-documents.ts';
import { keys } from '../idempotency/keys.ts';
import { statesAllowing } from '../model/fo-state-machine.ts';
import { SOURCE, type OrchestratorContext } from './context.ts';
import { applyFoEvent, AWAITING_DC_SHIPMENT, AWAITING_SHIPMENT_INDEX, foIdsAgedAtLeast, raiseException, type TransitionAudit } from './lifecycle.ts';
import { routeRemainderElsewhere, unservedUnits } from './routing-service.ts';
import { addDeadLetter, type DeadLetter, type ReplayReader } from './dead-letters.ts';
import { waitAfterAskMs, WmsRecovery, type Want } from './wms-recovery.ts';
import type { FoLine, FulfillmentOrder } from '../model/types.ts';
import type { Inbox } from './parts.ts';
import { applyInSteps, pass } from './bounded-steps.ts';

interface ShipmentRecord {
  shipmentId: string;
  foId: string;
  lineNo: number;
  sku: string;
  quantity: number;
  shippedAtMs: number;
}

/**
 * A release file's life, written ahead of the file so a restart rewrites rather than forgets it.
 * `at-wms`: a re-send was refused as a duplicate, so the WMS has it; its ack is being asked for.
 */
interface ReleaseRecord {
  dcId: string;
  controlNumber: number;
  fileName: string;
  rows: ReleaseRow[];
  foIds: string[];
  state: 'pending' | 'sent' | 'at-wms' | 'acknowledged' | 'escalated';
  sentAtMs: number;
  sends: number;
}

const RELEASES = 'releases';
/** FO id -> the release record naming it: whether an FO was ever put in a release file, without reading every file's FO list. */
const RELEASED_FOS = 'index:released-fos';
/** Shipment rows applied, by `<foId>:<lineNo>:<shipmentId>`: the inbox for rows, and what snapshots subtract. */
const SHIPMENTS = 'shipments';
/** A WMS document applied in more than one step: how far it got, by its inbox key (bounded-steps.ts). */
const DOCUMENTS_IN_PROGRESS = 'wms-documents-in-progress';
/** A release's first send whose FOs are moved to RELEASED in more than one step: how far it got (bounded-steps.ts). */
const RELEASES_IN_PROGRESS = 'releases-in-progress';
const HOUR_MS = 3_600_000;
/** Per DC, the as-of of the last snapshot applied (what its counts describe). */
export const SNAPSHOT_AS_OF = 'snapshot-as-of';

/** FOs in the order a document first named them, with the line numbers it named of each (JSON, as it is stored between steps). */
interface FoLines {
  foIds: string[];
  lineNos: Record<string, number[]>;
}

/** A line a document's row applied to: `[foId, lineNo]`, stored with the step that applied it. */
type NotedLine = readonly [foId: string, lineNo: number];

function noteLine(fos: FoLines, [foId, lineNo]: NotedLine): void {
  const lineNos = Object.hasOwn(fos.lineNos, foId) ? fos.lineNos[foId] : undefined;
  if (lineNos === undefined) {
    fos.foIds.push(foId);
    fos.lineNos[foId] = [lineNo];
  } else if (!lineNos.includes(lineNo)) {
    lineNos.push(lineNo);
  }
}

/** The WMS took the line: its ack accepted it, or its shipment confirmation came first (the ack was late). */
function acceptedByWms(line: { externalStatus: string }): boolean {
  return line.externalStatus === 'ACCEPTED' || line.externalStatus === 'SHIPPED';
}
/** The WMS reads nightly: a release unacknowledged after a night and a half is overdue. */
const ACK_DEADLINE_MS = 36 * HOUR_MS;
/** The WMS ships at its next wave after the batch: a confirmation two days after the ack is overdue. */
const CONFIRM_DEADLINE_MS = 48 * HOUR_MS;
/** A release the WMS has not even read (its batch window keeps not running) is chased after this long anyway. */
const UNREAD_RELEASE_LIMIT_MS = 5 * 24 * HOUR_MS;
/** Re-sends of an unacknowledged release (same document, same control number) before escalating. */
const MAX_SENDS = 3;

/** A DC's shipment settles an FO released to it; one parked on the queue is settled only by the document it waits for (parkedForMissingDocument). */
const SHIPPABLE_FROM = AWAITING_DC_SHIPMENT;
/** A release's key in RELEASES (and RELEASED_FOS' value): the DC and its control number. */
const releaseKey = (dcId: string, controlNumber: number): string => `${dcId}:${controlNumber}`;
/** The WMS rejects only lines a release file asked for: an FO not released yet has nothing there to reject. */
const REJECTABLE_FROM = statesAllowing('reject', ['ALLOCATED']);
/** Waiting for the WMS to answer a release (a cancel-rejected FO may not have its ack yet; a parked one may get a late ack). */
const AWAITING_ACK = statesAllowing('acknowledge');
/** Acknowledged (or too late to cancel) and waiting for the shipment confirmation; a released FO waits for its ack first. */
const AWAITING_CONFIRMATION = statesAllowing('ship', ['EXCEPTION', 'RELEASED']);
/** What a missing WMS document parks an FO for: a late copy of that document settles it. */
const HEALABLE: ReadonlySet<string> = new Set(['LOST_ACK', 'LATE_CONFIRMATION']);

/**
 * Ship-from-DC FOs: batched into release files (temp name + rename, control numbers), then
 * acknowledgements, shipment confirmations and snapshots read back from the WMS's folder.
 * Each inbound document is applied once per (DC, type, control number): the inbox record is
 * written in the same synchronous step as its effects.
 *
 * The recovery ladder. The WMS damages and delays its files, and never re-sends on its own; the
 * protocol's re-send request (wms-recovery.ts) asks it for a copy that keeps the original's
 * control number, so a copy and a late original are one document to the inbox. Rungs, each asked
 * for up to MAX_ASKS times with growing waits before anything goes to a person:
 * 1. an unreadable file is dead-lettered and its document asked for at once by control number
 *    (a copy that reads settles the dead letter; a damaged copy is asked for again at once);
 * 2. a control number missing between two we have, past GAP_GRACE_MS, is asked for (late or lost);
 * 3. an unacknowledged release is re-sent as the same document (ACK_DEADLINE_MS, MAX_SENDS); a
 *    re-send refused as DUPLICATE_CONTROL_NUMBER means the WMS has it and its ack was lost: the
 *    release's documents are asked for (RELEASE n) instead of re-sending again;
 * 4. an acknowledged FO with no confirmation after CONFIRM_DEADLINE_MS: its release's documents
 *    are asked for (the ACK and every SHIPCONF with its lines).
 * Only a want that runs out of asks escalates: LOST_ACK for a release the WMS has but whose ack
 * never came, LATE_CONFIRMATION for FOs still unconfirmed; a release never answered at all keeps
 * the old path (re-sent, then LOST_ACK). A copy arriving after that still settles the FO: the
 * state machine lets a parked FO be acknowledged or shipped, which resolves its exceptions.
 */
export class DcFlow {
  private readonly adapters = new Map<string, WmsAdapter>();
  private readonly inbox: Inbox;
  private readonly recovery: WmsRecovery;

  constructor(private readonly context: OrchestratorContext) {
    this.inbox = context.parts.inbox(context.ports.store);
    this.recovery = new WmsRecovery(context);
    for (const node of context.config.nodes) {
      if (node.kind === 'DC') this.adapters.set(node.nodeId, new WmsAdapter(context.ports.files, context.ports.clock, node));
    }
  }

  get dcIds(): string[] {
    return [...this.adapters.keys()];
  }

  dispatch(foId: string): void {
    const fo = this.context.repo.requireFo(foId);
    this.context.ports.store.put(`release-queue:${fo.nodeId}`, foId, foId);
  }

  /**
   * Whether the FO is in a release file (written or about to be): from then on the WMS will
   * ship it, and its protocol has no cancel message.
   */
  inReleaseFile(foId: string): boolean {
    return this.context.ports.store.get<string>(RELEASED_FOS, foId) !== undefined;
  }

  /**
   * Records which release file names each of its FOs (with the record, in the same step): the
   * record's key in RELEASES. `missingOnly` writes only entries not there yet (a restart's repair).
   */
  private indexReleased(record: ReleaseRecord, missingOnly = false): void {
    for (const foId of record.foIds) {
      if (missingOnly && this.context.ports.store.get<string>(RELEASED_FOS, foId) !== undefined) continue;
      this.context.ports.store.put(RELEASED_FOS, foId, releaseKey(record.dcId, record.controlNumber));
    }
  }

  /** Takes a cancelled FO off the queue before any release file names it. */
  dropFromQueue(fo: FulfillmentOrder): void {
    this.context.ports.store.delete(`release-queue:${fo.nodeId}`, fo.foId);
  }

  /**
   * Batches ALLOCATED FOs into one release file. The release record (rows, control number) is
   * stored first, then the file is written, then the FOs move: a crash in between rewrites the
   * same document on restart instead of losing or doubling it.
   */
  async releasePending(dcId: string): Promise<void> {
    const queue = `release-queue:${dcId}`;
    const record = this.context.ports.store.transaction((): ReleaseRecord | undefined => {
      const foIds = [...this.context.ports.store.values<string>(queue)];
      for (const foId of foIds) this.context.ports.store.delete(queue, foId);
      const fos = foIds.map((foId) => this.context.repo.requireFo(foId)).filter((fo) => fo.state === 'ALLOCATED' && fo.nodeId === dcId);
      if (fos.length === 0) return undefined;
      const controlNumber = this.context.repo.nextCounter(`release:${dcId}`);
      const created: ReleaseRecord = {
        dcId,
        controlNumber,
        fileName: this.adapter(dcId).releaseFileName(controlNumber),
        rows: fos.flatMap((fo) => fo.lines.map((line) => ({ foId: fo.foId, lineNo: line.lineNo, sku: line.sku, quantity: line.quantity - line.cancelled }))),
        foIds: fos.map((fo) => fo.foId),
        state: 'pending',
        sentAtMs: 0,
        sends: 0,
      };
      this.context.ports.store.put(RELEASES, releaseKey(dcId, controlNumber), created);
      this.indexReleased(created);
      return created;
    });
    if (record !== undefined) await this.send(record);
  }

  /** After a restart: rewrite what was recorded but maybe never written, and re-queue FOs in limbo. */
  async resume(dcId: string): Promise<void> {
    // A store written before the FO index existed gets it here. Only missing entries are written:
    // a restart that rewrote every release's index spent hundreds of writes before doing anything.
    this.context.ports.store.transaction(() => {
      for (const record of this.context.ports.store.values<ReleaseRecord>(RELEASES)) if (record.dcId === dcId) this.indexReleased(record, true);
    });
    for (const record of [...this.context.ports.store.values<ReleaseRecord>(RELEASES)]) {
      if (record.dcId === dcId && record.state === 'pending') await this.send(record);
    }
    const queued = new Set(this.context.ports.store.values<string>(`release-queue:${dcId}`));
    const released = new Set([...this.context.ports.store.values<ReleaseRecord>(RELEASES)].flatMap((record) => record.foIds));
    for (const fo of this.context.repo.fos()) {
      if (fo.nodeId === dcId && fo.state === 'ALLOCATED' && !queued.has(fo.foId) && !released.has(fo.foId)) this.dispatch(fo.foId);
    }
  }

  /**
   * Writes the release file, then records the send. The first send moves the release's FOs to
   * RELEASED in bounded steps (a release after a stall names hundreds of FOs: 1,239 writes in
   * one transaction at holiday-spike, never committed by a process losing power every few hundred
   * writes); the record stays pending until the last step, so a restart sends it again and the
   * steps go on where they stopped.
   */
  private async send(record: ReleaseRecord): Promise<void> {
    const written = await this.adapter(record.dcId).writeRelease(record.controlNumber, record.rows);
    const key = releaseKey(record.dcId, record.controlNumber);
    const firstSend = this.storedRelease(record).state === 'pending';
    applyInSteps({
      store: this.context.ports.store,
      namespace: RELEASES_IN_PROGRESS,
      key,
      itemsPerStep: this.context.parts.inboundItemsPerStep,
      start: () => undefined,
      fold: () => undefined,
      passes: firstSend ? [pass(() => record.foIds, (foId: string) => this.releaseFo(record, foId))] : [],
      finish: () => {
        // Read again: the steps may have spanned restarts, and another send may have counted since.
        const latest = this.countSend(this.storedRelease(record));
        this.context.publisher.publish('release.sent', `${record.dcId}:release`, record.dcId, SOURCE, { ...written, controlNumber: record.controlNumber, send: latest.sends, foIds: record.foIds.join(' ') });
      },
    });
  }

  /** Counts a send of the release `stored` (as just read from the store); the first moves its FOs to RELEASED. */
  private recordSent(stored: ReleaseRecord): ReleaseRecord {
    const counted = this.countSend(stored);
    if (stored.state === 'pending') for (const foId of stored.foIds) this.releaseFo(stored, foId);
    return counted;
  }

  /** The release as stored now (the record in hand when it was never stored). */
  private storedRelease(record: ReleaseRecord): ReleaseRecord {
    return this.context.ports.store.get<ReleaseRecord>(RELEASES, releaseKey(record.dcId, record.controlNumber)) ?? record;
  }

  /** Counts a send of the release as just read (the first one marks it sent). Returns the record as stored. */
  private countSend(latest: ReleaseRecord): ReleaseRecord {
    const stored: ReleaseRecord = { ...latest, state: latest.state === 'pending' ? 'sent' : latest.state, sentAtMs: this.context.ports.clock.nowMs(), sends: latest.sends + 1 };
    this.context.ports.store.put<ReleaseRecord>(RELEASES, releaseKey(latest.dcId, latest.controlNumber), stored);
    return stored;
  }

  private releaseFo(record: ReleaseRecord, foId: string): void {
    const fo = this.context.repo.requireFo(foId);
    if (fo.state === 'ALLOCATED') applyFoEvent(this.context, fo, 'release', {}, '', { actor: 'system', via: WMS_ADAPTER_VERSION, idempotencyKey: record.fileName });
  }

  /**
   * A WMS document that answers a release still recorded as pending proves its file was written:
   * the process that wrote it lost power before recording the send, and the restart has not sent
   * it again yet. Recorded here, in the document's step, so its FOs are RELEASED before the
   * document moves them on (an ACKNOWLEDGED or SHIPPED from ALLOCATED would be refused, and the
   * goods would leave with the FO stuck).
   */
  private adoptWrittenRelease(dcId: string, key: string | undefined): void {
    const record = key === undefined ? undefined : this.context.ports.store.get<ReleaseRecord>(RELEASES, key);
    // Only this DC's document proves this DC's file (an FO may have been released elsewhere since).
    if (record?.dcId === dcId && record.state === 'pending') this.recordSent(record);
  }

  /** Real-time check: a release not acknowledged by its deadline is re-sent as the same document, then escalated. */
  private async chaseAcknowledgements(dcId: string): Promise<void> {
    const now = this.context.ports.clock.nowMs();
    let unread: ReadonlySet<string> | undefined;
    for (const record of [...this.context.ports.store.values<ReleaseRecord>(RELEASES)]) {
      if (record.dcId !== dcId || record.state !== 'sent' || now - record.sentAtMs < ACK_DEADLINE_MS) continue;
      // Still in the WMS's in/ folder: its batch window has not run since (skipped nights), so
      // nothing is lost yet, and a send now would only spend one of the few before escalating.
      unread ??= await this.adapter(dcId).unreadByWms();
      if (unread.has(record.fileName) && now - record.sentAtMs < UNREAD_RELEASE_LIMIT_MS) continue;
      if (record.sends < MAX_SENDS) {
        await this.send(record);
        continue;
      }
      // A document of this DC we could not read yet is being asked for: the ack may be in it.
      // Waited on for one ask's wait at most, so a WMS that never read the release is still escalated.
      if (this.recovery.awaitingDocuments(dcId) && now - record.sentAtMs < ACK_DEADLINE_MS + waitAfterAskMs(1)) continue;
      this.context.ports.store.transaction(() => this.escalateLostAck(record, `${record.fileName} sent ${record.sends} times, never acknowledged`, { wms: 'no acknowledgement' }));
    }
  }

  /** The release's acknowledgement is lost for good: its FOs still waiting on it go to a person (resync). */
  private escalateLostAck(record: ReleaseRecord, why: string, lastKnown: Record<string, string>): void {
    if (!this.context.parts.escalateLostAcks) return;
    this.context.ports.store.put<ReleaseRecord>(RELEASES, releaseKey(record.dcId, record.controlNumber), { ...record, state: 'escalated' });
    for (const foId of record.foIds) {
      const fo = this.context.repo.requireFo(foId);
      if (fo.state !== 'RELEASED' && fo.state !== 'CANCEL_REJECTED') continue;
      raiseException(this.context, fo, 'LOST_ACK', why, 'resync', lastKnown, { actor: 'sweep', causationId: record.fileName });
    }
  }

  async pollInbound(dcId: string): Promise<void> {
    const adapter = this.adapter(dcId);
    const files = await adapter.listInbound();
    this.recovery.noteListing(dcId, files);
    for (const file of files) {
      const { fileName } = file;
      if (this.inbox.seen('inbox-files', `${dcId}/${fileName}`)) continue;
      const outcome = await adapter.readDocument(fileName);
      if (outcome.kind === 'ok') {
        // The file's inbox record commits with the document's last step: until then a restart reads it again and goes on.
        this.applyDocument(outcome.value, () => this.inbox.record('inbox-files', `${dcId}/${fileName}`, true));
        continue;
      } else if (outcome.kind === 'malformed') {
        this.context.ports.store.transaction(() => {
          // Read is read: the file's inbox record commits with what was made of it.
          this.inbox.record('inbox-files', `${dcId}/${fileName}`, true);
          this.context.publisher.publish('document.rejected', `${dcId}:inbound`, dcId, SOURCE, { fileName, reason: outcome.message });
          // A damaged copy (or late original) of a document already applied: nothing is lost.
          if (this.recovery.applied(dcId, file.controlNumber)) return;
          // Kept, not dropped, and asked for again: a good copy settles it, else a person replays it.
          const id = `wms:${dcId}/${fileName}`;
          addDeadLetter(this.context, { id, source: `wms:${dcId}`, nodeId: dcId, kind: 'wms-document', ref: fileName, reason: outcome.message });
          this.recovery.deadLettered(file, dcId, id);
        });
      }
    }
    if (this.context.parts.chaseUnacknowledgedReleases) await this.chaseAcknowledgements(dcId);
    if (this.context.parts.chaseOverdueConfirmations) this.chaseConfirmations(dcId);
    const exhausted = await this.recovery.askDue(dcId, adapter, (want) => this.stillWanted(want));
    if (exhausted.length > 0) this.context.ports.store.transaction(() => exhausted.forEach((want) => this.escalateExhausted(want)));
  }

  /** Whether what a want asks for is still missing (or still matters). */
  private stillWanted(want: Want): boolean {
    if (want.kind === 'DOCUMENT') return !this.recovery.applied(want.dcId, want.controlNumber);
    const record = this.context.ports.store.get<ReleaseRecord>(RELEASES, `${want.dcId}:${want.controlNumber}`);
    if (record === undefined) return false;
    const now = this.context.ports.clock.nowMs();
    return record.foIds.some((foId) => {
      const fo = this.context.repo.requireFo(foId);
      return fo.nodeId === want.dcId && ((record.state === 'at-wms' && (fo.state === 'RELEASED' || fo.state === 'CANCEL_REJECTED')) || this.confirmationOverdue(fo, now));
    });
  }

  private confirmationOverdue(fo: FulfillmentOrder, now: number): boolean {
    return AWAITING_CONFIRMATION.has(fo.state) && now - fo.stateSinceMs >= CONFIRM_DEADLINE_MS;
  }

  /** A want out of asks: what depends on it goes to a person. A lost document alone stays a dead letter. */
  private escalateExhausted(want: Want): void {
    if (want.kind === 'DOCUMENT') return;
    const record = this.context.ports.store.get<ReleaseRecord>(RELEASES, `${want.dcId}:${want.controlNumber}`);
    if (record === undefined) return;
    const asked = `asked the WMS for its documents ${want.asks} times`;
    if (record.state === 'at-wms') {
      this.escalateLostAck(record, `${record.fileName}: the WMS has the release (a re-send was refused as a duplicate), ${asked}, no readable acknowledgement`, { wms: 'has the release (duplicate control number), acknowledgement lost' });
    }
    const now = this.context.ports.clock.nowMs();
    for (const foId of record.foIds) {
      const fo = this.context.repo.requireFo(foId);
      if (fo.nodeId !== want.dcId || !this.confirmationOverdue(fo, now)) continue;
      raiseException(this.context, fo, 'LATE_CONFIRMATION', `acknowledged by ${want.dcId} ${Math.round((now - fo.stateSinceMs) / HOUR_MS)} h ago, no shipment confirmation; ${asked}`, 'resync', { wms: 'acknowledged, no confirmation' }, { actor: 'sweep' });
    }
  }

  /**
   * Dead-letter replay: reads the file again from the DC's folder; applying it goes through the
   * inbox as usual, its steps inside the replay's one transaction (a person's command, not a loop).
   */
  readonly replayReader: ReplayReader = async (letter: DeadLetter) => {
    const outcome = await this.adapter(letter.nodeId).readDocument(letter.ref);
    if (outcome.kind !== 'ok') return { ok: false, reason: outcome.kind === 'malformed' || outcome.kind === 'unavailable' || outcome.kind === 'rejected' ? outcome.message : outcome.kind };
    return { ok: true, apply: () => this.applyDocument(outcome.value) };
  };

  /**
   * Real-time check: an acknowledged FO whose shipment is not confirmed by its deadline has its
   * release's documents asked for again (rung 4); it goes on the queue only once that is exhausted.
   */
  private chaseConfirmations(dcId: string): void {
    const now = this.context.ports.clock.nowMs();
    const overdue = foIdsAgedAtLeast(this.context.ports.store, AWAITING_SHIPMENT_INDEX, now, CONFIRM_DEADLINE_MS)
      .map((foId) => this.context.repo.requireFo(foId))
      .filter((fo) => fo.nodeId === dcId && this.confirmationOverdue(fo, now));
    if (overdue.length === 0) return;
    this.context.ports.store.transaction(() => {
      for (const fo of overdue) {
        const release = this.context.ports.store.get<string>(RELEASED_FOS, fo.foId);
        const controlNumber = release === undefined ? undefined : Number(release.slice(release.indexOf(':') + 1));
        if (controlNumber !== undefined && release?.startsWith(`${dcId}:`) === true) {
          this.recovery.want(dcId, 'RELEASE', controlNumber);
          continue;
        }
        // No release file names it here (it cannot be asked about): nothing to wait for.
        raiseException(this.context, fo, 'LATE_CONFIRMATION', `acknowledged by ${dcId} ${Math.round((now - fo.stateSinceMs) / HOUR_MS)} h ago, no shipment confirmation`, 'resync', { wms: 'acknowledged, no confirmation' }, { actor: 'sweep' });
      }
    });
  }

  private adapter(dcId: string): WmsAdapter {
    const adapter = this.adapters.get(dcId);
    if (adapter === undefined) throw new Error(`no WMS adapter for ${dcId}`);
    return adapter;
  }

  /**
   * Applies a document once, in bounded steps (bounded-steps.ts): a confirmation of a busy night
   * has hundreds of rows, thousands of writes, and one transaction that large is never written
   * by a process that keeps losing power inside it (`--torn`: holiday-spike seed 4 at 800 orders
   * stalled 58 h on a 384-row SHIPCONF of 1,648 writes, restarting 6,958 times). The passes keep
   * the order one transaction had: every row first, then what the rows settle per FO.
   */
  private applyDocument(document: WmsDocument, alsoInLastStep: () => void = () => undefined): void {
    const inboxKey = keys.inboundDocument(document.dcId, document.docType, document.controlNumber);
    if (this.inbox.seen('inbox', inboxKey)) {
      this.context.ports.store.transaction(alsoInLastStep);
      return;
    }
    // Every transition a document causes names the adapter and the document it came in.
    const audit: TransitionAudit = { actor: 'system', via: WMS_ADAPTER_VERSION, idempotencyKey: inboxKey };
    const work = {
      store: this.context.ports.store,
      namespace: DOCUMENTS_IN_PROGRESS,
      key: inboxKey,
      itemsPerStep: this.context.parts.inboundItemsPerStep,
      start: (): FoLines => ({ foIds: [], lineNos: {} }),
      fold: noteLine,
      // Its inbox records and what it settles (wants, dead letters) commit with its last effects.
      finish: () => {
        this.inbox.record('inbox', inboxKey, this.context.ports.clock.nowMs());
        this.recovery.documentApplied(document.dcId, document.controlNumber, inboxKey);
        alsoInLastStep();
      },
    };
    switch (document.docType) {
      case 'ACK': {
        const controls = [...new Set(document.rows.map((row) => row.releaseControlNumber))];
        applyInSteps({
          ...work,
          passes: [
            pass(() => controls, (control) => this.adoptWrittenRelease(document.dcId, `${document.dcId}:${control}`)),
            pass(() => controls, (control) => this.applyReleaseAck(document.dcId, control, document.rows)),
            pass(() => document.rows, (row, _touched, note: (line: NotedLine) => void) => this.applyAckRow(row, note)),
            pass((touched: FoLines) => touched.foIds, (foId) => this.settleAcknowledged(foId, audit)),
          ],
        });
        break;
      }
      case 'SHIPCONF': {
        // The FO index holds the key of the release that named the FO (indexReleased).
        const foIds = [...new Set(document.rows.map((row) => row.foId))];
        applyInSteps({
          ...work,
          passes: [
            pass(() => foIds, (foId) => this.adoptWrittenRelease(document.dcId, this.context.ports.store.get<string>(RELEASED_FOS, foId))),
            pass(() => document.rows, (row, _confirmed, note: (line: NotedLine) => void) => this.applyShipment(document.dcId, row, note, audit)),
            pass((confirmed: FoLines) => confirmed.foIds, (foId, confirmed) => this.settleShipped(document.dcId, foId, new Set(confirmed.lineNos[foId]), audit)),
          ],
        });
        break;
      }
      case 'SNAPSHOT':
        // One row a SKU, each a write: as many as the DC has SKUs, in one step.
        this.context.ports.store.transaction(() => {
          this.applySnapshot(document.dcId, document.asOfMs, document.rows);
          work.finish();
        });
        break;
      default: {
        const unhandled: never = document;
        throw new Error(`unhandled WMS document ${JSON.stringify(unhandled)}`);
      }
    }
  }

  /** What an ACK says of one release file: answered, refused as damaged, or proof the WMS has it. */
  private applyReleaseAck(dcId: string, control: number, rows: readonly AckRow[]): void {
    const key = releaseKey(dcId, control);
    const record = this.context.ports.store.get<ReleaseRecord>(RELEASES, key);
    // An ack for a release we never sent, or one already answered or escalated: nothing to apply.
    if (record === undefined || (record.state !== 'sent' && record.state !== 'at-wms')) return;
    const fileRejection = rows.find((row) => row.releaseControlNumber === control && row.foId === '' && !row.accepted);
    // A WMS that never got the release can still "acknowledge" its number (a phantom ACK): only an
    // ack that answers one of the release's own FOs counts, or the release would wait for nothing.
    const answersOurs = rows.some((row) => row.releaseControlNumber === control && record.foIds.includes(row.foId));
    if (fileRejection === undefined && !answersOurs) return;
    if (fileRejection === undefined) {
      this.context.ports.store.put<ReleaseRecord>(RELEASES, key, { ...record, state: 'acknowledged' });
    } else if (record.state === 'at-wms') {
      // Another refusal of a re-send we already know the WMS has: its documents are being asked for.
    } else if (fileRejection.reason !== 'DUPLICATE_CONTROL_NUMBER') {
      // The WMS could not read the file (damaged on the way): send the same document again now.
      this.context.ports.store.put<ReleaseRecord>(RELEASES, key, { ...record, sentAtMs: 0 });
    } else if (record.sends > 1) {
      // Our re-send is refused as a duplicate: the WMS has had the release all along and its
      // acknowledgement was lost (unreadable, or never came). More re-sends cannot help; asking
      // for its documents can (rung 3). LOST_ACK only if that runs out.
      this.context.ports.store.put<ReleaseRecord>(RELEASES, key, { ...record, state: 'at-wms' });
      this.recovery.want(dcId, 'RELEASE', control);
    }
  }

  /** One ack row on its FO line; the FOs it touched are settled after every row. */
  private applyAckRow(row: AckRow, touched: (line: NotedLine) => void): void {
    const fo = this.context.repo.fo(row.foId);
    if (fo === undefined) return;
    touched([fo.foId, row.lineNo]);
    // A late ack after the line's shipment confirmation says nothing new about it: it stays SHIPPED.
    if (row.accepted && fo.lines.find((line) => line.lineNo === row.lineNo)?.externalStatus === 'SHIPPED') return;
    this.context.repo.updateLineOf(fo, row.lineNo, { externalStatus: row.accepted ? 'ACCEPTED' : `REJECTED:${row.reason}` });
  }

  /** Moves an FO on from what the ack said of its lines: rejected lines elsewhere, acknowledged, or shipped already. */
  private settleAcknowledged(foId: string, audit: TransitionAudit): void {
    let fo = this.context.repo.requireFo(foId);
    const rejected = fo.lines.filter((line) => line.externalStatus.startsWith('REJECTED'));
    const accepted = fo.lines.filter(acceptedByWms);
    // A parked FO whose ack finally came is settled like any: a partly rejected one keeps its
    // accepted lines (a wholly rejected one stays with a person: the table has no reject there).
    if (rejected.length > 0 && (REJECTABLE_FROM.has(fo.state) || (accepted.length > 0 && this.parkedForMissingDocument(fo)))) {
      // Out of stock: the DC has none to promise until its next snapshot. Damaged: the WMS's
      // books keep the units (it will take other orders for them), so they are promisable
      // again, as its next snapshot would say; only this FO leaves the node.
      for (const line of rejected) {
        if (line.externalStatus === 'REJECTED:OUT_OF_STOCK') this.context.inventory.set(fo.nodeId, line.sku, 0);
        else this.backOnPromise(fo.nodeId, [line]);
      }
      if (accepted.length === 0) {
        applyFoEvent(this.context, fo, 'reject', {}, rejected.map((line) => `${line.lineNo} ${line.externalStatus}`).join(', '), audit);
        this.context.flows.reroute(foId);
        return;
      }
      // The WMS accepted some lines and will ship them: only the rejected ones go elsewhere.
      fo = this.context.repo.putFoAndReturn({ ...fo, lines: fo.lines.filter((line) => !line.externalStatus.startsWith('REJECTED')) });
      routeRemainderElsewhere(this.context, fo, rejected.map(unservedUnits), fo.nodeId, `${fo.nodeId} rejected ${rejected.map((line) => `${line.lineNo} ${line.externalStatus}`).join(', ')}`, audit);
    }
    if (fo.lines.every((line) => line.shipped >= line.quantity - line.cancelled) && SHIPPABLE_FROM.has(fo.state)) {
      // Its shipment confirmation came before this (late) ack, and what the ack rejected went elsewhere: nothing is left to ship.
      this.context.flows.settle(applyFoEvent(this.context, fo, 'ship', {}, 'shipped before its acknowledgement arrived', audit).foId);
      return;
    }
    if (AWAITING_ACK.has(fo.state) && fo.lines.every(acceptedByWms)) {
      applyFoEvent(this.context, fo, 'acknowledge', {}, '', audit);
    }
  }

  /** One shipment row, once however often the WMS exports it; the FOs it confirmed are settled after every row. */
  private applyShipment(dcId: string, row: ShipmentRow, confirmed: (line: NotedLine) => void, audit: TransitionAudit): void {
    const key = `${row.foId}:${row.lineNo}:${row.shipmentId}`;
    // One stock decrement per shipment row, however often the WMS exports it.
    if (this.inbox.seen(SHIPMENTS, key)) return;
    const fo = this.context.repo.fo(row.foId);
    if (fo === undefined) return;
    if (fo.nodeId !== dcId) {
      // The WMS shipped something we no longer expect from it: a break for a person, not progress.
      raiseException(this.context, fo, 'DOUBLE_DECREMENT', `${dcId} shipped ${row.quantityShipped} of ${row.foId}:${row.lineNo} (shipment ${row.shipmentId}) after it moved to ${fo.nodeId || 'routing'}`, 'escalate', { wms: `shipped ${row.shipmentId}` }, audit);
      return;
    }
    this.inbox.record(SHIPMENTS, key, { shipmentId: row.shipmentId, foId: row.foId, lineNo: row.lineNo, sku: row.sku, quantity: row.quantityShipped, shippedAtMs: row.shippedAtMs } satisfies ShipmentRecord);
    // Incident 7: the last snapshot already left these units out of on hand, and counted them as
    // still promised because their confirmation had not come: give them back once, here.
    if (row.shippedAtMs <= (this.context.ports.store.get<number>(SNAPSHOT_AS_OF, dcId) ?? Number.NEGATIVE_INFINITY)) {
      this.context.inventory.adjust(dcId, row.sku, row.quantityShipped);
    }
    const line = fo.lines.find((candidate) => candidate.lineNo === row.lineNo);
    if (line === undefined) return;
    this.context.repo.updateLineOf(fo, row.lineNo, { shipped: line.shipped + row.quantityShipped, externalStatus: 'SHIPPED' });
    this.context.publisher.publish('shipment.confirmed', fo.foId, fo.orderId, SOURCE, { foId: fo.foId, lineNo: row.lineNo, shipmentId: row.shipmentId, quantity: row.quantityShipped });
    confirmed([fo.foId, row.lineNo]);
  }

  /** Moves an FO on from the lines a document confirmed: short lines elsewhere, then shipped or started. */
  private settleShipped(dcId: string, foId: string, lineNos: ReadonlySet<number>, audit: TransitionAudit): void {
    const fo = this.settleShortShipments(dcId, this.context.repo.requireFo(foId), lineNos, audit);
    if (fo === undefined) return;
    const complete = fo.lines.every((line) => line.shipped >= line.quantity - line.cancelled);
    if (complete && (SHIPPABLE_FROM.has(fo.state) || this.parkedForMissingDocument(fo))) {
      this.context.flows.settle(applyFoEvent(this.context, fo, 'ship', {}, '', audit).foId);
    } else if (!complete && (fo.state === 'ACKNOWLEDGED' || fo.state === 'CANCEL_REJECTED')) {
      applyFoEvent(this.context, fo, 'start', {}, '', audit);
    }
  }

  /** Parked only because a WMS document went missing (LOST_ACK, LATE_CONFIRMATION): the document, now here, settles it. */
  private parkedForMissingDocument(fo: FulfillmentOrder): boolean {
    if (fo.state !== 'EXCEPTION') return false;
    const open = this.context.exceptions.openFor(fo.foId);
    return open.length > 0 && open.every((item) => HEALABLE.has(item.category));
  }

  /**
   * A wave ships each line once: a line confirmed short has had the rest cancelled by the WMS.
   * The FO keeps what shipped; the rest goes to a new FO routed away from this DC. An FO of
   * which nothing shipped is a rejection (routed again whole). Returns the FO to complete, if any.
   */
  /**
   * Units the WMS would not give this FO (cancelled at a short ship, a line rejected as damaged)
   * stay on its books, so other orders may be promised them again, as its next snapshot would say.
   */
  private backOnPromise(dcId: string, lines: readonly FoLine[]): void {
    for (const line of lines) this.context.inventory.adjust(dcId, line.sku, unservedUnits(line).quantity);
  }

  private settleShortShipments(dcId: string, fo: FulfillmentOrder, confirmedLines: ReadonlySet<number>, audit: TransitionAudit): FulfillmentOrder | undefined {
    const short = fo.lines.filter((line) => confirmedLines.has(line.lineNo) && line.shipped < line.quantity - line.cancelled);
    if (short.length === 0) return fo;
    if (this.context.parts.rejectEmptyWave && fo.lines.every((line) => line.shipped === 0) && short.length === fo.lines.length) {
      if (!REJECTABLE_FROM.has(fo.state)) return fo;
      this.backOnPromise(dcId, short);
      applyFoEvent(this.context, fo, 'reject', {}, `${dcId} shipped nothing`, audit);
      this.context.flows.reroute(fo.foId);
      return undefined;
    }
    this.backOnPromise(dcId, short);
    const kept = this.context.repo.putFoAndReturn({
      ...fo,
      lines: fo.lines.filter((line) => line.shipped > 0 || !confirmedLines.has(line.lineNo)).map((line) => (confirmedLines.has(line.lineNo) ? { ...line, quantity: line.shipped + line.cancelled } : line)),
    });
    routeRemainderElsewhere(this.context, fo, short.map(unservedUnits), dcId, `${dcId} shipped short`, audit);
    return kept;
  }


  /**
   * The as-of rule: promise = snapshot on hand - units promised at this DC that had not shipped
   * by the snapshot's as-of time. Shipments after as-of are still in the snapshot's on hand, so
   * they are subtracted; earlier ones are not, so nothing is counted twice.
   */
  private applySnapshot(dcId: string, asOfMs: number, rows: readonly { sku: string; onHand: number }[]): void {
    const shippedByAsOf = new Map<string, number>();
    const countsAtMs = this.context.parts.snapshotCountsAt(asOfMs, this.context.ports.clock.nowMs());
    for (const shipment of this.context.ports.store.values<ShipmentRecord>(SHIPMENTS)) {
      if (shipment.shippedAtMs > countsAtMs) continue;
      const key = `${shipment.foId}:${shipment.lineNo}`;
      shippedByAsOf.set(key, (shippedByAsOf.get(key) ?? 0) + shipment.quantity);
    }
    const promised = new Map<string, number>();
    for (const fo of this.context.repo.fos()) {
      if (fo.nodeId !== dcId) continue;
      // A miscount a part can make: only units still in our release queue subtracted, released ones taken as free.
      if (!this.context.parts.releasedUnitsStayPromised && fo.state !== 'ALLOCATED') continue;
      for (const line of fo.lines) {
        const open = line.quantity - line.cancelled - (shippedByAsOf.get(`${fo.foId}:${line.lineNo}`) ?? 0);
        if (open > 0) promised.set(line.sku, (promised.get(line.sku) ?? 0) + open);
      }
    }
    for (const row of rows) this.context.inventory.set(dcId, row.sku, row.onHand - (promised.get(row.sku) ?? 0));
    this.context.ports.store.put(SNAPSHOT_AS_OF, dcId, countsAtMs);
    // The as-of the counts were applied as (production: the snapshot's own), for reconciliation to check.
    this.context.publisher.publish('inventory.snapshot_applied', `${dcId}:inventory`, dcId, SOURCE, { dcId, asOfMs: countsAtMs, skus: rows.length });
  }

}
