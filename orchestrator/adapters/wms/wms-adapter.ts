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

const INBOUND_NAME = /^(ACK|SHIPCONF|SNAPSHOT)_([A-Za-z0-9-]+)_(\d{8})\.csv$/;

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

  /** Writes under a temporary name, then renames, so the WMS never reads half a file. */
  async writeRelease(controlNumber: number, rows: readonly ReleaseRow[]): Promise<WrittenFile> {
    const fileName = this.releaseFileName(controlNumber);
    const content = formatBatchFile({
      header: { docType: 'RELEASE', controlNumber, dcId: this.dcId, createdLocal: epochMsToLocalIso(this.clock.nowMs(), this.timeZone), asOfLocal: '' },
      rows: rows.map((row) => [row.foId, String(row.lineNo), row.sku, String(row.quantity)]),
    });
    await this.files.write(`${this.inDir}/${fileName}.tmp`, content);
    await this.files.rename(`${this.inDir}/${fileName}.tmp`, `${this.inDir}/${fileName}`);
    return { fileName, sha256: sha256Hex(content), rowCount: rows.length };
  }

  /** Complete inbound files, in the WMS's control-number order. */
  async listInbound(): Promise<{ fileName: string; controlNumber: number }[]> {
    const names = await this.files.list(this.outDir);
    const inbound: { fileName: string; controlNumber: number }[] = [];
    for (const fileName of names) {
      const match = INBOUND_NAME.exec(fileName);
      if (match !== null && match[2] === this.dcId) inbound.push({ fileName, controlNumber: Number(match[3]) });
    }
    return inbound.sort((a, b) => a.controlNumber - b.controlNumber || (a.fileName < b.fileName ? -1 : 1));
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
