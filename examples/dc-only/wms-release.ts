/**
 * Release files: every FO allocated since the last run goes to the DC in one RELEASE file with
 * the next control number. The file's content is stored with its number before anything is
 * written, so a crash mid-write re-sends the very same bytes under the same number.
 */
import type { NodeSpec } from '../../orchestrator/plugin.ts';
import type { Ports } from '../../orchestrator/ports.ts';
import { batchFileName, localTime, writeBatchFile } from './batch-file.ts';
import { commit, loadOrder, saveOrder, transition } from './lifecycle.ts';
import { NS } from './records.ts';

interface ReleaseRecord {
  controlNumber: number;
  name: string;
  content: string;
}

/** Next number of a counter kept in the store (call inside a transaction). */
export function nextNumber(ports: Ports, counter: string): number {
  const next = (ports.store.get<number>(NS.counters, counter) ?? 0) + 1;
  ports.store.put(NS.counters, counter, next);
  return next;
}

export class WmsRelease {
  constructor(
    private readonly ports: Ports,
    private readonly dc: NodeSpec & { wmsFolder: string },
  ) {}

  /** Writes one release file for the FOs waiting, then delivers every file not yet delivered. */
  async run(): Promise<void> {
    this.prepare();
    for (const controlNumber of [...this.ports.store.values<number>(NS.undelivered)]) await this.deliver(controlNumber);
  }

  private prepare(): void {
    const waiting = [...this.ports.store.values<string>(NS.toRelease)];
    if (waiting.length === 0) return;
    const nowMs = this.ports.clock.nowMs();
    commit(this.ports, (out) => {
      const ready = waiting.flatMap((orderId) => {
        this.ports.store.delete(NS.toRelease, orderId);
        const record = loadOrder(this.ports.store, orderId);
        return record?.state === 'ALLOCATED' ? [record] : [];
      });
      if (ready.length === 0) return;
      const controlNumber = nextNumber(this.ports, `release:${this.dc.nodeId}`);
      const rows = ready.flatMap((record) => record.lines.map((line) => [record.foId, String(line.lineNo), line.sku, String(line.quantity)]));
      for (const record of ready) {
        saveOrder(this.ports.store, { ...transition(record, 'RELEASED', 'release', nowMs, out), releaseControlNumber: controlNumber, releasedAtMs: nowMs });
      }
      const content = writeBatchFile({ docType: 'RELEASE', controlNumber, dcId: this.dc.nodeId, createdLocal: localTime(nowMs, this.dc.timeZone), asOfLocal: '', rows });
      this.ports.store.put<ReleaseRecord>(NS.releases, String(controlNumber), { controlNumber, name: batchFileName('RELEASE', this.dc.nodeId, controlNumber), content });
      this.ports.store.put(NS.undelivered, String(controlNumber), controlNumber);
    });
  }

  /** `.tmp` then rename, so the WMS never reads half a file; skipped if the WMS already has it. */
  private async deliver(controlNumber: number): Promise<void> {
    const release = this.ports.store.get<ReleaseRecord>(NS.releases, String(controlNumber));
    if (release === undefined) return;
    const folder = this.dc.wmsFolder;
    const there = [...(await this.ports.files.list(`${folder}/in`)), ...(await this.ports.files.list(`${folder}/archive`))];
    if (!there.includes(release.name)) {
      await this.ports.files.write(`${folder}/in/${release.name}.tmp`, release.content);
      await this.ports.files.rename(`${folder}/in/${release.name}.tmp`, `${folder}/in/${release.name}`);
    }
    this.ports.store.delete(NS.undelivered, String(controlNumber));
  }
}
