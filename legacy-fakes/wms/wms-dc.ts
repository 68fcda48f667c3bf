/**
 * One distribution centre's WMS: stock, the lines it accepted from release files, and the
 * three nightly jobs (read releases, ship, snapshot). Each job runs to completion inside one
 * event, writes its files and records every ground-truth change in the trace. Reading files
 * lives in wms-inbox.ts, writing them in wms-outbox.ts, the wave's shipments in wms-ship-plan.ts.
 */
import type { FakeEnv, FakeFolder } from '../env.ts';
import { localIso } from '../local-time.ts';
import { stockMap } from '../config-check.ts';
import type { ReleaseLine } from './release-file.ts';
import { WmsInbox } from './wms-inbox.ts';
import type { InboundResend } from './wms-inbox.ts';
import type { ResendRow } from './resend-file.ts';
import { WmsOutbox } from './wms-outbox.ts';
import { WmsQuirkDice } from './wms-quirk-dice.ts';
import type { WmsQuirkName } from './wms-quirk-config.ts';
import { planWave } from './wms-ship-plan.ts';
import type { WmsDcConfig, WmsDcStockTruth, WmsDcTruth, WmsLineTruth, WmsResendTruth } from './wms-types.ts';

/** A stale snapshot is taken this long before the wave, so shipments are strictly after its as-of. */
const STALE_SNAPSHOT_LEAD_MS = 60_000;
/** A phantom ACK names a control number this far (at most) past the highest the WMS has seen. */
const PHANTOM_ACK_OFFSET_MAX = 3;

export class WmsDc {
  readonly dcId: string;
  private readonly onHand: Map<string, number>;
  /** Release files lost once on their way in (`lostRelease`): a file is lost at most once. */
  private readonly lostReleases = new Set<string>();
  /** Quantity of accepted, unshipped lines per SKU: promised but still on the shelf. */
  private readonly reserved = new Map<string, number>();
  private readonly lines: WmsLineTruth[] = [];
  /** Indexes into `lines` still waiting for a ship wave, in acceptance order. */
  private toShip: number[] = [];
  private readonly dice: WmsQuirkDice;
  private readonly inbox: WmsInbox;
  private readonly outbox: WmsOutbox;
  private shipmentCount = 0;
  /**
   * Release control number -> the outbound documents about it: the ACK that answered it when it
   * was applied, then each regular SHIPCONF with a row of its lines. What `RELEASE` re-send rows copy.
   */
  private readonly releaseDocuments = new Map<number, number[]>();
  /** An unexported confirmation drawn for an empty wave: taken by the next wave that ships. */
  private unexportDue = false;
  /**
   * Release control number -> the documents about it the export job marked exported but never
   * wrote (unexported quirks): its ACK rows, and the SHIPCONF rows of its lines. A `RELEASE`
   * re-send request exports them, from these records, beside copies of the rest.
   */
  private readonly unexported = new Map<number, { ack?: string[][]; shipments: string[][] }>();
  private readonly resends: WmsResendTruth[] = [];
  /** A snapshot taken before a wave and held back until the snapshot job (stale snapshot quirk). */
  private staleSnapshot: { asOfLocal: string; rows: string[][] } | undefined;
  /** A phantom ACK drawn for a night whose window did not run: written the next night that runs. */
  private phantomAckOffset: number | undefined;
  /** A late re-export drawn for an empty wave: taken by the next wave that ships something. */
  private exportAgainDue = false;
  /** Re-exports scheduled and not yet written: a run that stops before them never saw the fault. */
  private exportsAgainPending = 0;

  constructor(
    private readonly env: FakeEnv,
    folder: FakeFolder,
    private readonly config: WmsDcConfig,
  ) {
    this.dcId = config.dcId;
    this.onHand = stockMap(config.stock);
    this.dice = new WmsQuirkDice(env, config.dcId, config.quirks);
    this.inbox = new WmsInbox(env, folder, config.dcId);
    this.outbox = new WmsOutbox(env, folder, config.dcId, config.timeZone, this.dice, config.quirks?.lateFiles, config.quirks?.veryLateFiles, config.quirks?.stuckTransfer);
  }

  /** Reads every complete RELEASE file waiting in `in/`, in control-number order; one ACK each. */
  batchWindow(): void {
    // Both drawn every night, so a skipped night never moves which night gets a phantom ACK; a
    // phantom ACK drawn for a skipped night waits for the next night that runs. Drawn after the
    // heal too (and ignored), so healing moves no later draw.
    const skipped = this.dice.firesSpread('skipped_night') && !this.healed();
    if (this.dice.firesSpread('phantom_ack')) this.phantomAckOffset ??= this.dice.between('phantom_ack', 1, PHANTOM_ACK_OFFSET_MAX);
    if (skipped) {
      this.dice.fired('skipped_night', '', 'batch window did not run; release files wait for the next night');
      return;
    }
    const lost = (name: string): boolean => {
      // The transfer fails once per file: the copy sent again (same name) arrives.
      if (!this.dice.fires('lost_release') || this.lostReleases.has(name)) return false;
      this.lostReleases.add(name);
      this.dice.fired('lost_release', '', `${name} vanished from in/ before the batch job read it`);
      return true;
    };
    for (const release of this.inbox.read(lost)) {
      if (release.kind === 'refused') {
        this.writeAck([[String(release.controlNumber), '', '0', 'REJECTED', release.reason]]);
      } else {
        const rows = release.lines.map((line) => this.decide(line, release.controlNumber));
        // Not stopped by the heal: the wave's confirmation tells the same, a day later at most.
        if (this.dice.firesSpread('unexported_ack')) {
          this.unexportedFor(release.controlNumber).ack = rows;
          this.releaseDocuments.set(release.controlNumber, []);
          this.dice.fired('unexported_ack', '', `the ACK of release ${release.controlNumber} was marked exported and never written`);
        } else this.releaseDocuments.set(release.controlNumber, [this.writeAck(rows)]);
      }
    }
    if (this.phantomAckOffset !== undefined) {
      this.writePhantomAck(this.phantomAckOffset);
      this.phantomAckOffset = undefined;
    }
    this.honourResends();
  }

  /**
   * Re-send requests are read at the end of every job (batch window, ship wave, snapshot): the
   * export service that re-sends is the one those jobs run, and a copy takes no control number
   * and draws from its own streams, so when it is written never moves the WMS's own files.
   * At the batch window it comes after the night's releases, so a request about a release read
   * that night finds it.
   */
  private honourResends(): void {
    for (const request of this.inbox.readResends((rows) => this.unknownResendRows(rows))) this.honour(request);
  }

  /** Ships every accepted, unshipped line: one shipment per FO (unless split), one SHIPCONF file per wave. */
  shipWave(): void {
    this.maybeTakeStaleSnapshot();
    const nowLocal = localIso(this.env.nowMs(), this.config.timeZone);
    const waveLines = this.toShip.map((index) => this.lines[index] as WmsLineTruth);
    const plan = planWave(waveLines, this.dice, () => {
      this.shipmentCount += 1;
      return `SHP-${this.dcId}-${this.shipmentCount}`;
    });
    waveLines.forEach((line, index) => {
      const shipped = plan.shipped[index] ?? 0;
      line.status = shipped < line.quantity ? 'SHORT_SHIPPED' : 'SHIPPED';
      line.shippedQuantity = shipped;
      line.cancelledQuantity = line.quantity - shipped;
      this.onHand.set(line.sku, (this.onHand.get(line.sku) ?? 0) - shipped);
      // The cancelled rest is promised no more: it is back on offer.
      this.reserved.set(line.sku, (this.reserved.get(line.sku) ?? 0) - line.quantity);
    });
    const rows = plan.rows.map(({ lineIndex, shipmentId, quantity }) => {
      const line = waveLines[lineIndex] as WmsLineTruth;
      line.shipments.push({ shipmentId, quantity });
      this.env.trace.record('wms.line.shipped', `${line.foId}:${line.lineNo}`, `${this.dcId} ${shipmentId} ${line.sku}x${quantity}`);
      return [shipmentId, line.foId, String(line.lineNo), line.sku, String(quantity), nowLocal];
    });
    this.toShip = [];
    // Drawn on every wave (k of every n), taken by the next wave that ships something.
    if (this.dice.firesSpread('unexported_confirmation')) this.unexportDue = true;
    if (rows.length > 0 && this.unexportDue && !this.healed()) {
      this.unexportDue = false;
      plan.rows.forEach(({ lineIndex }, index) => this.unexportedFor((waveLines[lineIndex] as WmsLineTruth).releaseControlNumber).shipments.push(rows[index] as string[]));
      this.dice.fired('unexported_confirmation', '', `the confirmation of a wave of ${rows.length} rows was marked exported and never written`);
      this.honourResends();
      return;
    }
    const { name, controlNumber } = this.outbox.write('SHIPCONF', rows, '');
    this.env.trace.record('wms.file.written', '', name);
    for (const release of new Set(waveLines.map((line) => line.releaseControlNumber))) this.releaseDocuments.get(release)?.push(controlNumber);
    // Drawn every wave; an empty wave has nothing worth repeating.
    if (this.dice.fires('duplicate_confirmation') && rows.length > 0) {
      // The export job restarted after its rename and before it marked the wave exported.
      const { name: duplicate } = this.outbox.write('SHIPCONF', rows, '', 'DUPLICATE');
      this.env.trace.record('wms.file.written', '', duplicate);
      this.dice.fired('duplicate_confirmation', '', `${duplicate} repeats ${name} (${rows.length} rows)`);
    }
    this.maybeExportAgainLater(name, rows);
    this.honourResends();
  }

  /**
   * An export re-run over past days writes this wave's confirmation once more, `delayHours` from
   * now: a new control number then, the rows (ship times included) as they were. Drawn every
   * wave when configured, `k` of every `n` waves; an empty wave has nothing worth repeating, so
   * its draw passes to the next wave that ships.
   */
  private maybeExportAgainLater(name: string, rows: readonly (readonly string[])[]): void {
    const quirk = this.config.quirks?.lateDuplicateConfirmation;
    if (quirk === undefined) return;
    if (this.dice.firesSpread('late_duplicate_confirmation')) this.exportAgainDue = true;
    if (!this.exportAgainDue || rows.length === 0) return;
    this.exportAgainDue = false;
    const hours = this.dice.between('late_duplicate_confirmation', quirk.delayHours.min, quirk.delayHours.max);
    this.exportsAgainPending += 1;
    this.env.schedule(`wms.${this.dcId}.export-again ${name}`, hours * 3_600_000, () => {
      this.exportsAgainPending -= 1;
      const { name: again } = this.outbox.write('SHIPCONF', rows, '', 'DUPLICATE');
      this.env.trace.record('wms.file.written', '', again);
      this.dice.fired('late_duplicate_confirmation', '', `${again} repeats ${name} (${rows.length} rows) ${hours} h later`);
    });
  }

  /** Files this DC has promised to write later (late re-exports): the world runs until they are out. */
  pendingDeliveries(): number {
    return this.exportsAgainPending;
  }

  /** Writes on hand per SKU as of now, or the snapshot held back before today's wave. */
  snapshot(): void {
    const stale = this.staleSnapshot;
    this.staleSnapshot = undefined;
    const asOfLocal = stale?.asOfLocal ?? localIso(this.env.nowMs(), this.config.timeZone);
    const rows = stale?.rows ?? this.onHandRows();
    const { name } = this.outbox.write('SNAPSHOT', rows, asOfLocal, stale === undefined ? 'REGULAR' : 'STALE_SNAPSHOT');
    this.env.trace.record('wms.snapshot.written', '', `${name} skus=${rows.length}`);
    if (stale !== undefined) this.dice.fired('stale_snapshot', '', `${name} as of ${asOfLocal}, before the ship wave it is delivered after`);
    this.honourResends();
  }

  /** Stock and files only: the lines grow with every order, and a nightly check need not copy them. */
  stockTruth(): WmsDcStockTruth {
    return { dcId: this.dcId, onHand: new Map(this.onHand), filesWritten: this.outbox.files() };
  }

  truth(): WmsDcTruth {
    return {
      dcId: this.dcId,
      onHand: new Map(this.onHand),
      lines: this.lines.map((line) => ({ ...line, shipments: line.shipments.map((shipment) => ({ ...shipment })) })),
      releaseFilesRead: this.inbox.releaseFilesRead(),
      filesWritten: this.outbox.files(),
      quarantined: this.inbox.quarantinedFiles(),
      refusedNames: this.inbox.refusedNames(),
      sequenceGaps: this.inbox.sequenceGapCount(),
      resendsHonoured: this.resends.map((resend) => ({ ...resend, copies: [...resend.copies] })),
    };
  }

  /** Configured quirks (0 if they never fired) and, once seen, `sequence_gap`. */
  counts(): ReadonlyMap<WmsQuirkName | 'sequence_gap', number> {
    const counts = new Map<WmsQuirkName | 'sequence_gap', number>(this.dice.tally());
    const gaps = this.inbox.sequenceGapCount();
    if (gaps > 0) counts.set('sequence_gap', gaps);
    return counts;
  }

  /** Accepts the line if available stock (on hand minus promised) covers it; returns its ACK row. */
  private decide(line: ReleaseLine, releaseControlNumber: number): string[] {
    const reference = `${line.foId}:${line.lineNo}`;
    const reserved = this.reserved.get(line.sku) ?? 0;
    const available = (this.onHand.get(line.sku) ?? 0) - reserved;
    const covered = line.quantity <= available;
    // Drawn for every line; only a line that would be accepted is rejected "damaged": that is the surprise.
    const damaged = this.dice.fires('reject_line') && covered;
    const reason = !covered ? 'OUT_OF_STOCK' : damaged ? 'DAMAGED' : '';
    const truth: WmsLineTruth = {
      foId: line.foId,
      lineNo: line.lineNo,
      sku: line.sku,
      quantity: line.quantity,
      releaseControlNumber,
      status: reason === '' ? 'ACCEPTED' : 'REJECTED',
      shippedQuantity: 0,
      cancelledQuantity: 0,
      shipments: [],
      reason,
    };
    this.lines.push(truth);
    const detail = `${this.dcId} ctl=${releaseControlNumber} ${line.sku}x${line.quantity}`;
    if (reason === '') {
      this.reserved.set(line.sku, reserved + line.quantity);
      this.toShip.push(this.lines.length - 1);
      this.env.trace.record('wms.line.accepted', reference, detail);
    } else {
      if (damaged) this.dice.fired('reject_line', reference, `${line.sku}x${line.quantity} rejected DAMAGED with ${available} available`);
      this.env.trace.record('wms.line.rejected', reference, `${detail} ${reason}`);
    }
    return [String(releaseControlNumber), line.foId, String(line.lineNo), truth.status, truth.reason];
  }

  /** An ACK for a control number never received: a few past the highest seen, rejecting an FO no one has. */
  private writePhantomAck(offset: number): void {
    const controlNumber = this.inbox.highestControlNumberSeen() + offset;
    const { name } = this.outbox.write('ACK', [[String(controlNumber), 'UNKNOWN', '1', 'REJECTED', 'UNKNOWN_FO']], '', 'PHANTOM_ACK');
    this.env.trace.record('wms.file.written', '', name);
    this.dice.fired('phantom_ack', '', `${name} acknowledges release ${controlNumber}, never received`);
  }

  private maybeTakeStaleSnapshot(): void {
    if (this.staleSnapshot !== undefined || !this.dice.fires('stale_snapshot')) return;
    const asOfLocal = localIso(this.env.nowMs() - STALE_SNAPSHOT_LEAD_MS, this.config.timeZone);
    this.staleSnapshot = { asOfLocal, rows: this.onHandRows() };
  }

  private onHandRows(): string[][] {
    return [...this.onHand].map(([sku, onHand]) => [sku, String(onHand)]);
  }

  /** Returns the ACK's control number. */
  private writeAck(rows: readonly (readonly string[])[]): number {
    const { name, controlNumber } = this.outbox.write('ACK', rows, '');
    this.env.trace.record('wms.file.written', '', name);
    return controlNumber;
  }

  /** Why a request cannot be honoured (the rows naming nothing this WMS has), or undefined. */
  private unknownResendRows(rows: readonly ResendRow[]): string | undefined {
    const unknown = rows.filter((row) => (row.kind === 'DOCUMENT' ? !this.outbox.has(row.controlNumber) : !this.releaseDocuments.has(row.controlNumber)));
    if (unknown.length === 0) return undefined;
    const named = unknown.map((row) => (row.kind === 'DOCUMENT' ? `no outbound document ${row.controlNumber} was written` : `release ${row.controlNumber} was never applied`));
    return `nothing to re-send: ${named.join('; ')}`;
  }

  /** In the heal phase the batch windows run every night and the export job writes what it marks. */
  private healed(): boolean {
    return this.config.windowsAlwaysRunFromMs !== undefined && this.env.nowMs() >= this.config.windowsAlwaysRunFromMs;
  }

  private unexportedFor(release: number): { ack?: string[][]; shipments: string[][] } {
    const existing = this.unexported.get(release);
    if (existing !== undefined) return existing;
    const created = { shipments: [] };
    this.unexported.set(release, created);
    return created;
  }

  /** Exports what the job marked exported and never wrote for these releases: a new document each, as a re-send. */
  private exportUnexported(releases: readonly number[]): string[] {
    const names: string[] = [];
    for (const release of releases) {
      const missing = this.unexported.get(release);
      if (missing === undefined) continue;
      this.unexported.delete(release);
      const documents = this.releaseDocuments.get(release) ?? [];
      for (const [docType, rows] of [['ACK', missing.ack], ['SHIPCONF', missing.shipments]] as const) {
        if (rows === undefined || rows.length === 0) continue;
        const { name, controlNumber } = this.outbox.write(docType, rows, '', 'RESEND');
        this.env.trace.record('wms.file.written', '', name);
        documents.push(controlNumber);
        names.push(name);
      }
      this.releaseDocuments.set(release, documents);
    }
    return names;
  }

  /** Writes a fresh copy of every document the request names, each once, in control-number order. */
  private honour(request: InboundResend): void {
    // What was written before is copied; what never was is exported now, as a new document.
    const documents = new Set(request.rows.flatMap((row) => (row.kind === 'DOCUMENT' ? [row.controlNumber] : (this.releaseDocuments.get(row.controlNumber) ?? []))));
    const exported = this.exportUnexported(request.rows.filter((row) => row.kind === 'RELEASE').map((row) => row.controlNumber));
    const copies = [...documents].sort((a, b) => a - b).map((controlNumber) => {
      const name = this.outbox.writeCopy(controlNumber);
      this.env.trace.record('wms.file.written', '', name);
      return name;
    });
    const written = [...exported, ...copies];
    this.resends.push({ name: request.name, controlNumber: request.controlNumber, copies: written, atMs: this.env.nowMs() });
    this.env.trace.record('wms.resend.honoured', '', `${this.dcId} ${request.name} -> ${written.length === 0 ? '(nothing yet)' : written.join(' ')}`);
  }
}
