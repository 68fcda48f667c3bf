import { epochMsToLocalIso } from '../../local-time.ts';
import type { NodeSpec } from '../../plugin.ts';
import type { ClockPort, FilesPort } from '../../ports.ts';
import { ok, type AdapterOutcome } from '../outcome.ts';
import { formatBatchFile, parseBatchFile, sha256Hex } from './batch-file.ts';
import { decodeWmsDocument, type WmsDocument } from './wms-documents.ts';

export const WMS_ADAPTER_VERSION = 'wms-adapter/1.0.0';

export interface ReleaseRow {
  foId: string;
  lineNo: number;
  sku: string;
  quantity: number;
}

export interface WrittenFile {
  fileName: string;
  sha256: string;
  rowCount: number;
}

/** What a re-send request asks for: one outbound document by its control number, or everything about one release. */
export interface ResendRow {
  kind: 'DOCUMENT' | 'RELEASE';
  controlNumber: number;
}

export interface InboundFile {
  fileName: string;
  docType: 'ACK' | 'SHIPCONF' | 'SNAPSHOT';
  controlNumber: number;
  /** 0 for the original; n for the WMS's n-th copy of it (`_R<n>`), written to answer a re-send request. */
  copy: number;
}

const INBOUND_NAME = /^(ACK|SHIPCONF|SNAPSHOT)_([A-Za-z0-9-]+)_(\d{8})(?:_R([1-9]\d{0,5}))?\.csv$/;

/** Anti-corruption layer over one DC's batch folder. */
export class WmsAdapter {
  private readonly dcId: string;
  private readonly inDir: string;
  private readonly outDir: string;
  private readonly timeZone: string;

  constructor(
    private readonly files: FilesPort,
    private readonly clock: ClockPort,
    node: NodeSpec,
  ) {
    if (node.wmsFolder === undefined) throw new Error(`DC ${node.nodeId} has no wmsFolder`);
    this.dcId = node.nodeId;
    this.inDir = `${node.wmsFolder}/in`;
    this.outDir = `${node.wmsFolder}/out`;
    this.timeZone = node.timeZone;
  }

  releaseFileName(controlNumber: number): string {
    return `RELEASE_${this.dcId}_${String(controlNumber).padStart(8, '0')}.csv`;
  }

  resendFileName(controlNumber: number): string {
    return `RESEND_${this.dcId}_${String(controlNumber).padStart(8, '0')}.csv`;
  }

  /** Writes under a temporary name, then renames, so the WMS never reads half a file. */
  async writeRelease(controlNumber: number, rows: readonly ReleaseRow[]): Promise<WrittenFile> {
    return this.writeIn('RELEASE', this.releaseFileName(controlNumber), controlNumber, rows.map((row) => [row.foId, String(row.lineNo), row.sku, String(row.quantity)]));
  }

  /** A re-send request (its own control-number sequence), written like a release. */
  async writeResendRequest(controlNumber: number, rows: readonly ResendRow[]): Promise<WrittenFile> {
    return this.writeIn('RESEND', this.resendFileName(controlNumber), controlNumber, rows.map((row) => [row.kind, String(row.controlNumber)]));
  }

  /** Names of our own files still waiting in the WMS's `in/` folder: written, not read by a batch window yet. */
  async unreadByWms(): Promise<ReadonlySet<string>> {
    return new Set(await this.files.list(this.inDir));
  }

  /** Complete inbound files, originals and copies, in the WMS's control-number order (an original before its copies). */
  async listInbound(): Promise<InboundFile[]> {
    const names = await this.files.list(this.outDir);
    const inbound: InboundFile[] = [];
    for (const fileName of names) {
      const match = INBOUND_NAME.exec(fileName);
      if (match !== null && match[2] === this.dcId) {
        inbound.push({ fileName, docType: match[1] as InboundFile['docType'], controlNumber: Number(match[3]), copy: match[4] === undefined ? 0 : Number(match[4]) });
      }
    }
    return inbound.sort((a, b) => a.controlNumber - b.controlNumber || a.copy - b.copy || (a.fileName < b.fileName ? -1 : 1));
  }

  private async writeIn(docType: string, fileName: string, controlNumber: number, rows: string[][]): Promise<WrittenFile> {
    const content = formatBatchFile({
      header: { docType, controlNumber, dcId: this.dcId, createdLocal: epochMsToLocalIso(this.clock.nowMs(), this.timeZone), asOfLocal: '' },
      rows,
    });
    await this.files.write(`${this.inDir}/${fileName}.tmp`, content);
    await this.files.rename(`${this.inDir}/${fileName}.tmp`, `${this.inDir}/${fileName}`);
    return { fileName, sha256: sha256Hex(content), rowCount: rows.length };
  }

  async readDocument(fileName: string): Promise<AdapterOutcome<WmsDocument>> {
    const text = await this.files.read(`${this.outDir}/${fileName}`);
    if (text === undefined) return { kind: 'unavailable', retryAfterMs: null, message: `${fileName} vanished before it was read` };
    const batch = parseBatchFile(text);
    if (!batch.ok) return { kind: 'malformed', message: `${fileName}: ${batch.reason}: ${batch.message}` };
    const decoded = decodeWmsDocument(batch.doc, this.timeZone);
    return decoded.ok ? ok(decoded.document) : { kind: 'malformed', message: `${fileName}: ${decoded.message}` };
  }
}
