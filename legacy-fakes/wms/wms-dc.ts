/**
 * One distribution centre's WMS: stock, the lines it accepted from release files, and the
 * three nightly jobs (read releases, ship, snapshot). Each job runs to completion inside one
 * event, writes its files and records every ground-truth change in the trace.
 */
import type { FakeEnv, FakeFolder } from '../env.ts';
import { localIso } from '../local-time.ts';
import { stockMap } from '../config-check.ts';
import { batchFileMatcher } from './batch-file-name.ts';
import { readReleaseFile } from './release-file.ts';
import type { ReleaseLine } from './release-file.ts';
import { WmsOutbox } from './wms-outbox.ts';
import type { WmsDcConfig, WmsDcTruth, WmsLineTruth } from './wms-types.ts';

/** A batch window reads at most this many files; the rest wait for the next night. */
const RELEASE_FILES_PER_WINDOW_MAX = 1_000;

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

export class WmsDc {
  readonly dcId: string;
  private readonly onHand: Map<string, number>;
  /** Quantity of accepted, unshipped lines per SKU: promised but still on the shelf. */
  private readonly reserved = new Map<string, number>();
  private readonly lines: WmsLineTruth[] = [];
  /** Indexes into `lines` still waiting for a ship wave, in acceptance order. */
  private toShip: number[] = [];
  private readonly filesRead = new Set<string>();
  private readonly releaseFilesRead: string[] = [];
  private readonly isReleaseFile: (name: string) => number | undefined;
  private readonly outbox: WmsOutbox;
  private shipmentCount = 0;

  constructor(
    private readonly env: FakeEnv,
    private readonly folder: FakeFolder,
    private readonly config: WmsDcConfig,
  ) {
    this.dcId = config.dcId;
    this.onHand = stockMap(config.stock);
    this.isReleaseFile = batchFileMatcher('RELEASE', config.dcId);
    this.outbox = new WmsOutbox(env, folder, config.dcId, config.timeZone);
  }

  /** Reads every complete RELEASE file not read before, in control-number order; one ACK each. */
  batchWindow(): void {
    const inDir = `/wms/${this.dcId}/in`;
    const pending = this.folder
      .list(inDir)
      .map(baseName)
      .flatMap((name) => {
        const controlNumber = this.isReleaseFile(name);
        return controlNumber === undefined || this.filesRead.has(name) ? [] : [{ name, controlNumber }];
      })
      .sort((a, b) => a.controlNumber - b.controlNumber)
      .slice(0, RELEASE_FILES_PER_WINDOW_MAX);
    for (const { name, controlNumber } of pending) {
      const text = this.folder.read(`${inDir}/${name}`);
      if (text === undefined) continue; // gone since the listing: nothing was read
      this.filesRead.add(name);
      this.releaseFilesRead.push(name);
      this.applyRelease(name, controlNumber, text);
    }
  }

  /** Ships every accepted, unshipped line: one shipment per FO, one SHIPCONF file per wave. */
  shipWave(): void {
    const shippedLocal = localIso(this.env.nowMs(), this.config.timeZone);
    const shipmentByFo = new Map<string, string>();
    const rows: string[][] = [];
    for (const index of this.toShip) {
      const line = this.lines[index] as WmsLineTruth;
      let shipmentId = shipmentByFo.get(line.foId);
      if (shipmentId === undefined) {
        this.shipmentCount += 1;
        shipmentId = `SHP-${this.dcId}-${this.shipmentCount}`;
        shipmentByFo.set(line.foId, shipmentId);
      }
      line.status = 'SHIPPED';
      line.shippedQuantity = line.quantity;
      this.onHand.set(line.sku, (this.onHand.get(line.sku) ?? 0) - line.quantity);
      this.reserved.set(line.sku, (this.reserved.get(line.sku) ?? 0) - line.quantity);
      rows.push([shipmentId, line.foId, String(line.lineNo), line.sku, String(line.quantity), shippedLocal]);
      this.env.trace.record('wms.line.shipped', `${line.foId}:${line.lineNo}`, `${this.dcId} ${shipmentId} ${line.sku}x${line.quantity}`);
    }
    this.toShip = [];
    const name = this.outbox.write('SHIPCONF', rows, '');
    this.env.trace.record('wms.file.written', '', name);
  }

  /** Writes on hand per SKU as of now. */
  snapshot(): void {
    const asOfLocal = localIso(this.env.nowMs(), this.config.timeZone);
    const rows = [...this.onHand].map(([sku, onHand]) => [sku, String(onHand)]);
    const name = this.outbox.write('SNAPSHOT', rows, asOfLocal);
    this.env.trace.record('wms.snapshot.written', '', `${name} skus=${rows.length}`);
  }

  truth(): WmsDcTruth {
    return {
      dcId: this.dcId,
      onHand: new Map(this.onHand),
      lines: this.lines.map((line) => ({ ...line })),
      releaseFilesRead: [...this.releaseFilesRead],
    };
  }

  private applyRelease(name: string, controlNumber: number, text: string): void {
    const release = readReleaseFile(text, this.dcId, controlNumber);
    const rowCount = release.ok ? String(release.lines.length) : '-';
    this.env.trace.record('wms.release.read', '', `${name} rows=${rowCount}`);
    if (!release.ok) {
      this.env.trace.record('wms.file.rejected', '', `${name} ${release.reason}`);
      this.writeAck([[String(controlNumber), '', '0', 'REJECTED', release.reason]]);
      return;
    }
    this.writeAck(release.lines.map((line) => this.decide(line, controlNumber)));
  }

  /** Accepts the line if available stock (on hand minus promised) covers it; returns its ACK row. */
  private decide(line: ReleaseLine, releaseControlNumber: number): string[] {
    const reference = `${line.foId}:${line.lineNo}`;
    const reserved = this.reserved.get(line.sku) ?? 0;
    const available = (this.onHand.get(line.sku) ?? 0) - reserved;
    const accepted = line.quantity <= available;
    const truth: WmsLineTruth = {
      ...line,
      releaseControlNumber,
      status: accepted ? 'ACCEPTED' : 'REJECTED',
      shippedQuantity: 0,
      reason: accepted ? '' : 'OUT_OF_STOCK',
    };
    this.lines.push(truth);
    const detail = `${this.dcId} ctl=${releaseControlNumber} ${line.sku}x${line.quantity}`;
    if (accepted) {
      this.reserved.set(line.sku, reserved + line.quantity);
      this.toShip.push(this.lines.length - 1);
      this.env.trace.record('wms.line.accepted', reference, detail);
    } else {
      this.env.trace.record('wms.line.rejected', reference, `${detail} OUT_OF_STOCK`);
    }
    return [String(releaseControlNumber), line.foId, String(line.lineNo), truth.status, truth.reason];
  }

  private writeAck(rows: readonly (readonly string[])[]): void {
    const name = this.outbox.write('ACK', rows, '');
    this.env.trace.record('wms.file.written', '', name);
  }
}
