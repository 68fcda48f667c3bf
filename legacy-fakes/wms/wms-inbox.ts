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
import { archiveFile, quarantineFile } from './wms-file-moves.ts';
import type { WmsQuarantinedFile, WmsQuarantineReason } from './wms-types.ts';

/** A batch window handles at most this many files; the rest wait for the next night. */
const FILES_PER_WINDOW_MAX = 1_000;

/** What the window made of one release file, in the order the DC must answer them. */
export type InboundRelease =
  | { kind: 'applicable'; name: string; controlNumber: number; lines: ReleaseLine[] }
  | { kind: 'refused'; name: string; controlNumber: number; reason: Exclude<WmsQuarantineReason, 'BAD_NAME'>; message: string };

type Listed = { kind: 'release'; name: string; controlNumber: number } | { kind: 'bad-name'; name: string } | { kind: 'skip' };

export class WmsInbox {
  private readonly inDir: string;
  private readonly isReleaseFile: (name: string) => number | undefined;
  private readonly applied = new Set<number>();
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
  }

  /**
   * Reads the window's files: misnamed ones go straight to quarantine; release files come back
   * in control-number order, each already moved out of `in/` (applied ones to `archive/`).
   */
  read(): InboundRelease[] {
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
      results.push(this.readRelease(name, controlNumber, text));
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
    const controlNumber = this.isReleaseFile(name);
    // Control numbers start at 1: RELEASE_..._00000000.csv names no document.
    if (controlNumber === undefined || controlNumber === 0) return { kind: 'bad-name', name };
    return { kind: 'release', name, controlNumber };
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
    // Applied means archived: from now on this control number is taken.
    this.applied.add(controlNumber);
    if (controlNumber !== this.highestApplied + 1) {
      this.sequenceGaps += 1;
      this.env.trace.record('wms.sequence_gap', '', `${name} expected control number ${this.highestApplied + 1}, got ${controlNumber}`);
    }
    this.highestApplied = Math.max(this.highestApplied, controlNumber);
    archiveFile(this.folder, this.dcId, name);
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
