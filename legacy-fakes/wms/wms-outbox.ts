/**
 * Files the WMS writes to `/wms/<dcId>/out`: numbered from one control-number sequence per DC
 * (the WMS is one writer), written under `.tmp` and renamed, so no reader sees half a file.
 */
import type { FakeEnv, FakeFolder } from '../env.ts';
import { localIso } from '../local-time.ts';
import { formatBatchFile } from './batch-file.ts';
import type { BatchDocType } from './batch-file.ts';
import { batchFileName } from './batch-file-name.ts';

export class WmsOutbox {
  private lastControlNumber = 0;

  constructor(
    private readonly env: FakeEnv,
    private readonly folder: FakeFolder,
    private readonly dcId: string,
    private readonly timeZone: string,
  ) {}

  /** Writes one document and returns its file name. `asOfLocal` is '' for documents without one. */
  write(docType: BatchDocType, rows: readonly (readonly string[])[], asOfLocal: string): string {
    this.lastControlNumber += 1;
    const controlNumber = this.lastControlNumber;
    const createdLocal = localIso(this.env.nowMs(), this.timeZone);
    const content = formatBatchFile({ docType, controlNumber, dcId: this.dcId, createdLocal, asOfLocal, rows });
    const name = batchFileName(docType, this.dcId, controlNumber);
    const path = `/wms/${this.dcId}/out/${name}`;
    this.folder.write(`${path}.tmp`, content);
    this.folder.rename(`${path}.tmp`, path);
    return name;
  }
}
