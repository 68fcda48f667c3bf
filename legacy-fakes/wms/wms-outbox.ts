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
import { batchFileName, copyFileName } from './batch-file-name.ts';
import { breakChecksum, breakContent, contentDamagesFor, truncateFile } from './wms-file-damage.ts';
import type { WmsQuirkDice } from './wms-quirk-dice.ts';
import type { WmsFileDamage, WmsFileOrigin, WmsFileTruth, WmsQuirks } from './wms-types.ts';
import type { ContentDamage } from './wms-file-damage.ts';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const HASH_HEX_LENGTH = 64;

export class WmsOutbox {
  private lastControlNumber = 0;
  /** A number skipped by an out-of-order swap: the next file written takes it. */
  private heldBack: number | undefined;
  private readonly written: WmsFileTruth[] = [];
  /**
   * Each document as rendered, before any damage, by control number: what a re-send request
   * gets a copy of. The export job's own archive; one string per file.
   */
  private readonly rendered = new Map<number, { docType: BatchDocType; text: string; writtenAtMs: number; copies: number }>();

  constructor(
    private readonly env: FakeEnv,
    private readonly folder: FakeFolder,
    private readonly dcId: string,
    private readonly timeZone: string,
    private readonly dice: WmsQuirkDice,
    private readonly lateFiles: WmsQuirks['lateFiles'],
    private readonly veryLateFiles?: WmsQuirks['veryLateFiles'],
    private readonly stuckTransfer?: WmsQuirks['stuckTransfer'],
  ) {}

  /** Writes one document and returns its file name. `asOfLocal` is '' for documents without one. */
  write(docType: BatchDocType, rows: readonly (readonly string[])[], asOfLocal: string, origin: WmsFileOrigin = 'REGULAR'): { name: string; controlNumber: number } {
    const nowMs = this.env.nowMs();
    const controlNumber = this.nextControlNumber(docType);
    const createdLocal = localIso(nowMs, this.timeZone);
    const name = batchFileName(docType, this.dcId, controlNumber);
    const text = formatBatchFile({ docType, controlNumber, dcId: this.dcId, createdLocal, asOfLocal, rows });
    this.rendered.set(controlNumber, { docType, text, writtenAtMs: nowMs, copies: 0 });
    const { content, damage } = this.damage(name, text, false, contentDamagesFor(docType, rows.length));
    const path = `/wms/${this.dcId}/out/${name}`;
    this.folder.write(`${path}.tmp`, content);
    const lateMs = this.hoursToADayLateMs(name);
    const daysLateHours = this.daysLateHours();
    const stuckMs = this.stuckMs(nowMs);
    const delayMs = Math.max(lateMs, daysLateHours * HOUR_MS, stuckMs);
    this.deliver(path, name, delayMs, daysLateHours, stuckMs > 0);
    this.written.push({ name, docType, controlNumber, writtenAtMs: nowMs, deliveredAtMs: nowMs + delayMs, damage, origin });
    return { name, controlNumber };
  }

  /** Whether a document was written under this control number (a held-back number is not, yet). */
  has(controlNumber: number): boolean {
    return this.rendered.has(controlNumber);
  }

  /**
   * Writes a copy of document `controlNumber` (which must exist): the same bytes as first
   * rendered, under `<name>_R<copy>.csv`, renamed into `out/` at once (an export run on demand,
   * not a queued night job: it is never late, unless the transfer is stuck). It can be damaged
   * like any file, drawn from the copy streams. Returns its name.
   */
  writeCopy(controlNumber: number): string {
    const original = this.rendered.get(controlNumber);
    if (original === undefined) throw new Error(`wms ${this.dcId}: no document ${controlNumber} to copy`);
    original.copies += 1;
    const name = copyFileName(original.docType, this.dcId, controlNumber, original.copies);
    const { content, damage } = this.damage(name, original.text, true);
    const path = `/wms/${this.dcId}/out/${name}`;
    this.folder.write(`${path}.tmp`, content);
    const stuckMs = this.stuckMs(this.env.nowMs());
    this.deliver(path, name, stuckMs, 0, stuckMs > 0);
    this.written.push({ name, docType: original.docType, controlNumber, writtenAtMs: original.writtenAtMs, deliveredAtMs: this.env.nowMs() + stuckMs, damage, origin: 'RESEND' });
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
  /** `contentDamages`: what a content bug can do to this document; none for a copy (rendered from the records again). */
  private damage(name: string, text: string, copy: boolean, contentDamages: readonly ContentDamage[] = []): { content: string; damage: WmsFileDamage } {
    const fires = (quirk: 'truncated_file' | 'checksum_mismatch'): boolean => (copy ? this.dice.firesOnCopy(quirk) : this.dice.fires(quirk));
    const between = (quirk: 'truncated_file' | 'checksum_mismatch', min: number, max: number): number => (copy ? this.dice.betweenOnCopy(quirk, min, max) : this.dice.between(quirk, min, max));
    const keepChars = fires('truncated_file') ? between('truncated_file', 1, text.length - 1) : undefined;
    const hashDigit = fires('checksum_mismatch') ? between('checksum_mismatch', 0, HASH_HEX_LENGTH - 1) : undefined;
    if (keepChars !== undefined) {
      this.dice.fired('truncated_file', '', `${name} cut to ${keepChars} of ${text.length} characters`);
      return { content: truncateFile(text, keepChars), damage: 'TRUNCATED' };
    }
    if (hashDigit !== undefined) {
      this.dice.fired('checksum_mismatch', '', `${name} trailer hash digit ${hashDigit} changed`);
      return { content: breakChecksum(text, hashDigit), damage: 'BAD_CHECKSUM' };
    }
    if (contentDamages.length > 0 && this.dice.fires('malformed_file')) {
      const kind = contentDamages[this.dice.between('malformed_file', 0, contentDamages.length - 1)] ?? 'ROW_COUNT';
      this.dice.fired('malformed_file', '', `${name} written with ${kind} under a valid trailer`);
      return { content: breakContent(text, kind), damage: 'MALFORMED' };
    }
    return { content: text, damage: 'NONE' };
  }

  private hoursToADayLateMs(name: string): number {
    if (this.lateFiles === undefined || !this.dice.fires('late')) return 0;
    const minutes = this.dice.between('late', this.lateFiles.delayMinutes.min, this.lateFiles.delayMinutes.max);
    this.dice.fired('late', '', `${name} delivered ${minutes} min late`);
    return minutes * MINUTE_MS;
  }

  /**
   * Hours a file is held back days late (0: not). Drawn apart from `late` (its own stream), so one's
   * ratio never moves the other's files; a file both draw is as late as the later. Counted when
   * the file arrives, not when it is held back: one still held when the run ends reached nobody.
   */
  private daysLateHours(): number {
    if (this.veryLateFiles === undefined || !this.dice.fires('very_late')) return 0;
    return this.dice.between('very_late', this.veryLateFiles.delayHours.min, this.veryLateFiles.delayHours.max);
  }

  /** How long a file written now waits for a stuck transfer (0: the transfer runs). */
  private stuckMs(nowMs: number): number {
    const stuck = this.stuckTransfer;
    return stuck !== undefined && nowMs >= stuck.fromMs && nowMs < stuck.toMs ? stuck.toMs - nowMs : 0;
  }

  /** Renames the file into `out/` now, or schedules it `delayMs` later (counting what held it back then). */
  private deliver(path: string, name: string, delayMs: number, daysLateHours: number, stuck: boolean): void {
    if (delayMs === 0) this.folder.rename(`${path}.tmp`, path);
    else this.env.schedule(`wms.${this.dcId}.late ${name}`, delayMs, () => this.deliverLate(path, name, daysLateHours, stuck));
  }

  private deliverLate(path: string, name: string, daysLateHours: number, stuck: boolean): void {
    // Someone may have cleared the folder meanwhile; a late job then has nothing to rename.
    if (this.folder.read(`${path}.tmp`) === undefined) return;
    this.folder.rename(`${path}.tmp`, path);
    this.env.trace.record('wms.file.delivered', '', name);
    if (daysLateHours > 0) this.dice.fired('very_late', '', `${name} delivered ${daysLateHours} h late`);
    if (stuck) this.dice.fired('stuck_transfer', '', `${name} delivered when the transfer came back`);
  }
}
