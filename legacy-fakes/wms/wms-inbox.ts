/**
 * The reading side of one DC's batch window: which names in `/wms/<dcId>/in` are release files,
 * which control numbers it has applied, and where each file goes once read. A file is applied
 * whole or not at all; whatever is refused is moved to quarantine with its reason, so nothing
 * is read twice and nothing is silently dropped.
 */
import type { FakeEnv, FakeFolder } from '../env.ts';
import { batchFileMatcher } from './batch-file-name.ts';
import { readReleaseFile } from './release-file.ts';
import type { ReleaseLine } from './release-file.ts';
import { readResendFile } from './resend-file.ts';
import type { ResendRow } from './resend-file.ts';
import { archiveFile, loseFile, quarantineFile } from './wms-file-moves.ts';
import type { WmsQuarantinedFile, WmsQuarantineReason } from './wms-types.ts';

/** A batch window handles at most this many files; the rest wait for the next night. */
const FILES_PER_WINDOW_MAX = 1_000;

/** What the window made of one release file, in the order the DC must answer them. */
export type InboundRelease =
  | { kind: 'applicable'; name: string; controlNumber: number; lines: ReleaseLine[] }
  | { kind: 'refused'; name: string; controlNumber: number; reason: Exclude<WmsQuarantineReason, 'BAD_NAME'>; message: string };

/** A re-send request the WMS can honour, already archived. */
export interface InboundResend {
  name: string;
  controlNumber: number;
  rows: ResendRow[];
}

/** Why the DC cannot honour a well-formed request (it names nothing it has), or undefined. */
export type ResendCheck = (rows: readonly ResendRow[]) => string | undefined;

type Listed =
  | { kind: 'release'; name: string; controlNumber: number }
  | { kind: 'resend'; name: string; controlNumber: number }
  | { kind: 'bad-name'; name: string }
  | { kind: 'skip' };

export class WmsInbox {
  private readonly inDir: string;
  private readonly isReleaseFile: (name: string) => number | undefined;
  private readonly isResendFile: (name: string) => number | undefined;
  private readonly applied = new Set<number>();
  /** Re-send request control numbers honoured: a request is a document too, answered once. */
  private readonly resendsApplied = new Set<number>();
  private highestApplied = 0;
  private highestSeen = 0;
  private readonly filesRead: string[] = [];
  private readonly quarantined: WmsQuarantinedFile[] = [];
  private readonly refused = new Set<string>();
  private sequenceGaps = 0;

  constructor(
    private readonly env: FakeEnv,
    private readonly folder: FakeFolder,
    private readonly dcId: string,
  ) {
    this.inDir = `/wms/${dcId}/in`;
    this.isReleaseFile = batchFileMatcher('RELEASE', dcId);
    this.isResendFile = batchFileMatcher('RESEND', dcId);
  }

  /**
   * Reads the window's files: misnamed ones go straight to quarantine; release files come back
   * in control-number order, each already moved out of `in/` (applied ones to `archive/`).
   */
  read(lost: (name: string) => boolean = () => false): InboundRelease[] {
    const listed = this.folder.list(this.inDir).map((name) => this.classify(name));
    const badNames = listed.flatMap((entry) => (entry.kind === 'bad-name' ? [entry.name] : [])).slice(0, FILES_PER_WINDOW_MAX);
    for (const name of badNames) {
      if (this.folder.read(`${this.inDir}/${name}`) === undefined) continue; // gone since the listing
      this.quarantine(name, 'BAD_NAME', `expected a name like RELEASE_${this.dcId}_00000001.csv (control number from 1, 8 digits), got ${JSON.stringify(name)}`);
    }
    const releases = listed
      .flatMap((entry) => (entry.kind === 'release' ? [entry] : []))
      .sort((a, b) => a.controlNumber - b.controlNumber)
      .slice(0, FILES_PER_WINDOW_MAX - badNames.length);
    const results: InboundRelease[] = [];
    for (const { name, controlNumber } of releases) {
      const text = this.folder.read(`${this.inDir}/${name}`);
      if (text === undefined) continue; // gone since the listing: nothing was read
      if (lost(name)) {
        // Gone before the job read it: nothing is recorded, so a copy sent again reads as new.
        loseFile(this.folder, this.dcId, name);
        continue;
      }
      try {
        results.push(this.readRelease(name, controlNumber, text));
      } catch (error) {
        // The file could not be moved out of in/ (a disk error, a link out of the root): it was
        // not taken, so it and the files after it wait for the next window; those already read
        // are answered tonight.
        this.env.trace.record('wms.window.stopped', '', `${this.dcId} ${name}: ${error instanceof Error ? error.message : String(error)}; it and later files wait for the next window`);
        break;
      }
    }
    return results;
  }

  /**
   * Reads the window's re-send requests, in control-number order, after its releases (so a
   * request about a release read this same night finds it). A request that does not read, repeats
   * a control number already honoured, or that `check` says names something unknown is
   * quarantined with its reason, whole; the others are archived and returned to be honoured.
   */
  readResends(check: ResendCheck): InboundResend[] {
    const requests = this.folder
      .list(this.inDir)
      .flatMap((name) => {
        const controlNumber = name.endsWith('.tmp') ? undefined : this.isResendFile(name);
        return controlNumber === undefined || controlNumber === 0 ? [] : [{ name, controlNumber }];
      })
      .sort((a, b) => a.controlNumber - b.controlNumber)
      .slice(0, FILES_PER_WINDOW_MAX);
    const results: InboundResend[] = [];
    for (const { name, controlNumber } of requests) {
      const text = this.folder.read(`${this.inDir}/${name}`);
      if (text === undefined) continue; // gone since the listing: nothing was read
      const resend = this.readResend(name, controlNumber, text, check);
      if (resend !== undefined) results.push(resend);
    }
    return results;
  }

  /** The highest control number named by any release file read, applied or not. */
  highestControlNumberSeen(): number {
    return this.highestSeen;
  }

  releaseFilesRead(): string[] {
    return [...this.filesRead];
  }

  quarantinedFiles(): WmsQuarantinedFile[] {
    return this.quarantined.map((file) => ({ ...file }));
  }

  refusedNames(): string[] {
    return [...this.refused];
  }

  sequenceGapCount(): number {
    return this.sequenceGaps;
  }

  private classify(name: string): Listed {
    // A writer is still writing it (the protocol's temporary name): not ours to touch yet.
    if (name.endsWith('.tmp')) return { kind: 'skip' };
    if (name === '.' || name === '..' || name.includes('/') || name.includes('\\')) {
      // Moving it would need a path built from the name, which could reach outside in/.
      if (!this.refused.has(name)) {
        this.refused.add(name);
        this.env.trace.record('wms.file.refused', '', `${this.dcId} ${JSON.stringify(name)} BAD_NAME left in place`);
      }
      return { kind: 'skip' };
    }
    // Control numbers start at 1: RELEASE_..._00000000.csv names no document.
    const resendNumber = this.isResendFile(name);
    if (resendNumber !== undefined && resendNumber > 0) return { kind: 'resend', name, controlNumber: resendNumber };
    const controlNumber = this.isReleaseFile(name);
    if (controlNumber === undefined || controlNumber === 0) return { kind: 'bad-name', name };
    return { kind: 'release', name, controlNumber };
  }

  private readResend(name: string, controlNumber: number, text: string, check: ResendCheck): InboundResend | undefined {
    const refuse = (reason: WmsQuarantineReason, message: string): undefined => {
      this.env.trace.record('wms.file.rejected', '', `${name} ${reason}`);
      this.quarantine(name, reason, message);
      return undefined;
    };
    if (this.resendsApplied.has(controlNumber)) return refuse('DUPLICATE_CONTROL_NUMBER', `re-send request ${controlNumber} was already honoured; a request is honoured once`);
    const request = readResendFile(text, this.dcId, controlNumber);
    this.env.trace.record('wms.resend.read', '', `${name} rows=${request.ok ? String(request.rows.length) : '-'}`);
    if (!request.ok) return refuse(request.reason, request.message);
    const unknown = check(request.rows);
    if (unknown !== undefined) return refuse('UNKNOWN_DOCUMENT', unknown);
    archiveFile(this.folder, this.dcId, name);
    this.resendsApplied.add(controlNumber);
    return { name, controlNumber, rows: request.rows };
  }

  private readRelease(name: string, controlNumber: number, text: string): InboundRelease {
    this.filesRead.push(name);
    this.highestSeen = Math.max(this.highestSeen, controlNumber);
    if (this.applied.has(controlNumber)) {
      this.env.trace.record('wms.release.read', '', `${name} rows=-`);
      return this.refuse(name, controlNumber, 'DUPLICATE_CONTROL_NUMBER', `control number ${controlNumber} was already applied; a release is applied once`);
    }
    const release = readReleaseFile(text, this.dcId, controlNumber);
    this.env.trace.record('wms.release.read', '', `${name} rows=${release.ok ? String(release.lines.length) : '-'}`);
    if (!release.ok) return this.refuse(name, controlNumber, release.reason, release.message);
    // Applied means archived: from now on this control number is taken. Moved first, so a move
    // that fails leaves the file in in/ and its control number free for the next window.
    archiveFile(this.folder, this.dcId, name);
    this.applied.add(controlNumber);
    if (controlNumber !== this.highestApplied + 1) {
      this.sequenceGaps += 1;
      this.env.trace.record('wms.sequence_gap', '', `${name} expected control number ${this.highestApplied + 1}, got ${controlNumber}`);
    }
    this.highestApplied = Math.max(this.highestApplied, controlNumber);
    return { kind: 'applicable', name, controlNumber, lines: release.lines };
  }

  private refuse(name: string, controlNumber: number, reason: Exclude<WmsQuarantineReason, 'BAD_NAME'>, message: string): InboundRelease {
    this.env.trace.record('wms.file.rejected', '', `${name} ${reason}`);
    this.quarantine(name, reason, message);
    return { kind: 'refused', name, controlNumber, reason, message };
  }

  private quarantine(name: string, reason: WmsQuarantineReason, message: string): void {
    const path = quarantineFile(this.folder, this.dcId, name, reason, message);
    this.quarantined.push({ name, path, reason, message, atMs: this.env.nowMs() });
    this.env.trace.record('wms.file.quarantined', '', `${name} -> ${path} ${reason}`);
  }
}
