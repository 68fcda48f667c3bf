/**
 * Files the WMS writes to `/wms/<dcId>/out`: numbered from one control-number sequence per DC
 * (the WMS is one writer), written under `.tmp` and renamed, so no reader sees half a file.
 * The export job's own faults live here too: a file renamed late, cut short, with a wrong hash,
 * or carrying its neighbour's control number.
 */
import type { FakeEnv, FakeFolder } from '../env.ts';
import { localIso } from '../local-time.ts';
import { formatBatchFile } from './batch-file.ts';
import type { BatchDocType } from './batch-file.ts';
import { batchFileName } from './batch-file-name.ts';
import { breakChecksum, truncateFile } from './wms-file-damage.ts';
import type { WmsQuirkDice } from './wms-quirk-dice.ts';
import type { WmsFileDamage, WmsFileOrigin, WmsFileTruth, WmsQuirks } from './wms-types.ts';

const MINUTE_MS = 60_000;
const HASH_HEX_LENGTH = 64;

export class WmsOutbox {
  private lastControlNumber = 0;
  /** A number skipped by an out-of-order swap: the next file written takes it. */
  private heldBack: number | undefined;
  private readonly written: WmsFileTruth[] = [];

  constructor(
    private readonly env: FakeEnv,
    private readonly folder: FakeFolder,
    private readonly dcId: string,
    private readonly timeZone: string,
    private readonly dice: WmsQuirkDice,
    private readonly lateFiles: WmsQuirks['lateFiles'],
  ) {}

  /** Writes one document and returns its file name. `asOfLocal` is '' for documents without one. */
  write(docType: BatchDocType, rows: readonly (readonly string[])[], asOfLocal: string, origin: WmsFileOrigin = 'REGULAR'): string {
    const nowMs = this.env.nowMs();
    const controlNumber = this.nextControlNumber(docType);
    const createdLocal = localIso(nowMs, this.timeZone);
    const name = batchFileName(docType, this.dcId, controlNumber);
    const { content, damage } = this.damage(name, formatBatchFile({ docType, controlNumber, dcId: this.dcId, createdLocal, asOfLocal, rows }));
    const path = `/wms/${this.dcId}/out/${name}`;
    this.folder.write(`${path}.tmp`, content);
    const delayMs = this.lateDelayMs(name);
    if (delayMs === 0) {
      this.folder.rename(`${path}.tmp`, path);
    } else {
      this.env.schedule(`wms.${this.dcId}.late ${name}`, delayMs, () => this.deliverLate(path, name));
    }
    this.written.push({ name, docType, controlNumber, writtenAtMs: nowMs, deliveredAtMs: nowMs + delayMs, damage, origin });
    return name;
  }

  /** Every file written so far, copies. */
  files(): WmsFileTruth[] {
    return this.written.map((file) => ({ ...file }));
  }

  private nextControlNumber(docType: BatchDocType): number {
    if (this.heldBack !== undefined) {
      const controlNumber = this.heldBack;
      this.heldBack = undefined;
      return controlNumber;
    }
    if (this.dice.fires('out_of_order_control_numbers')) {
      // This file takes n+1 and the next file written takes n: the later file carries the lower number.
      this.heldBack = this.lastControlNumber + 1;
      this.lastControlNumber += 2;
      const name = batchFileName(docType, this.dcId, this.lastControlNumber);
      this.dice.fired('out_of_order_control_numbers', '', `${name} took ${this.lastControlNumber}; ${this.heldBack} goes to the next file`);
      return this.lastControlNumber;
    }
    this.lastControlNumber += 1;
    return this.lastControlNumber;
  }

  /**
   * At most one kind of damage per file (a cut file has no trailer left to get wrong), but both
   * are drawn in full for every file, so one's ratio never moves where the other strikes.
   */
  private damage(name: string, text: string): { content: string; damage: WmsFileDamage } {
    const keepChars = this.dice.fires('truncated_file') ? this.dice.between('truncated_file', 1, text.length - 1) : undefined;
    const hashDigit = this.dice.fires('checksum_mismatch') ? this.dice.between('checksum_mismatch', 0, HASH_HEX_LENGTH - 1) : undefined;
    if (keepChars !== undefined) {
      this.dice.fired('truncated_file', '', `${name} cut to ${keepChars} of ${text.length} characters`);
      return { content: truncateFile(text, keepChars), damage: 'TRUNCATED' };
    }
    if (hashDigit !== undefined) {
      this.dice.fired('checksum_mismatch', '', `${name} trailer hash digit ${hashDigit} changed`);
      return { content: breakChecksum(text, hashDigit), damage: 'BAD_CHECKSUM' };
    }
    return { content: text, damage: 'NONE' };
  }

  private lateDelayMs(name: string): number {
    if (this.lateFiles === undefined || !this.dice.fires('late')) return 0;
    const minutes = this.dice.between('late', this.lateFiles.delayMinutes.min, this.lateFiles.delayMinutes.max);
    this.dice.fired('late', '', `${name} delivered ${minutes} min late`);
    return minutes * MINUTE_MS;
  }

  private deliverLate(path: string, name: string): void {
    // Someone may have cleared the folder meanwhile; a late job then has nothing to rename.
    if (this.folder.read(`${path}.tmp`) === undefined) return;
    this.folder.rename(`${path}.tmp`, path);
    this.env.trace.record('wms.file.delivered', '', name);
  }
}
