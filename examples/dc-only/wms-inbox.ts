/**
 * Reads what the WMS writes to `out/`: ACK and SHIPCONF files, each exactly once (by name),
 * whole or not at all. A file that does not check out (cut short, wrong hash, odd rows) is a
 * dead letter; its FOs are later parked by the confirmation timeout if nothing else tells.
 *
 * Late, out-of-order and duplicate files need no special case: files are read by name, not by
 * "next control number"; ACK rows are matched by (release control number, FO, line) and unknown
 * FOs ignored (phantom ACKs); shipped units are kept per shipment id, so a confirmation exported
 * twice adds nothing. Snapshots are not read: this plugin lets the WMS decide what it has.
 */
import type { NodeSpec } from '../../orchestrator/plugin.ts';
import type { Ports, PublishedEvent } from '../../orchestrator/ports.ts';
import { parseBatchFileName, readBatchFile } from './batch-file.ts';
import { advance, commit, emit, loadOrder, park, saveOrder } from './lifecycle.ts';
import { isTerminal, NS, type LineRecord, type OrderRecord } from './records.ts';

/**
 * Released this long without the WMS settling every line, an FO is parked for a person. Long
 * enough for skipped batch nights and day-late files; a document arriving later still settles it.
 */
export const CONFIRMATION_TIMEOUT_MS = 4 * 24 * 3_600_000;

const FO_PREFIX = 'FO-';

export function foIdOf(orderId: string): string {
  return `${FO_PREFIX}${orderId}`;
}

function orderIdOf(foId: string): string | undefined {
  return foId.startsWith(FO_PREFIX) ? foId.slice(FO_PREFIX.length) : undefined;
}

/** One detail row's effect on one FO line. */
type LineNews = { orderId: string; lineNo: number; apply: (line: LineRecord) => LineRecord; releaseControlNumber?: number };

const WHOLE_NUMBER = /^(0|[1-9]\d{0,8})$/;

function ackNews(row: readonly string[]): LineNews | undefined | 'bad' {
  const [controlNumber = '', foId = '', lineNo = '', status = ''] = row;
  if (!WHOLE_NUMBER.test(controlNumber) || !WHOLE_NUMBER.test(lineNo) || (status !== 'ACCEPTED' && status !== 'REJECTED')) return 'bad';
  const orderId = orderIdOf(foId);
  // A whole-file refusal (no FO) of our release: its FOs wait for the timeout. An unknown FO: a phantom ACK.
  if (orderId === undefined) return undefined;
  return { orderId, lineNo: Number(lineNo), releaseControlNumber: Number(controlNumber), apply: (line) => (line.ack === 'REJECTED' ? line : { ...line, ack: status }) };
}

function shipNews(row: readonly string[]): LineNews | undefined | 'bad' {
  const [shipmentId = '', foId = '', lineNo = '', , quantity = ''] = row;
  if (shipmentId === '' || !WHOLE_NUMBER.test(lineNo) || !WHOLE_NUMBER.test(quantity)) return 'bad';
  const orderId = orderIdOf(foId);
  if (orderId === undefined) return undefined;
  return { orderId, lineNo: Number(lineNo), apply: (line) => ({ ...line, confirmed: true, shipments: { ...line.shipments, [shipmentId]: Number(quantity) } }) };
}

/** A `shipment.confirmed` for each shipment a line did not have before: consumers count shipped units from these. */
function announceShipments(before: OrderRecord, after: OrderRecord, nowMs: number, out: PublishedEvent[]): OrderRecord {
  let next = after;
  for (const line of after.lines) {
    const known = before.lines.find((candidate) => candidate.lineNo === line.lineNo)?.shipments ?? {};
    for (const [shipmentId, quantity] of Object.entries(line.shipments)) {
      if (known[shipmentId] === undefined) next = emit(next, 'shipment.confirmed', { foId: after.foId, lineNo: line.lineNo, shipmentId, quantity }, nowMs, out);
    }
  }
  return next;
}

export class WmsInbox {
  constructor(
    private readonly ports: Ports,
    private readonly dc: NodeSpec & { wmsFolder: string },
    /** Told of every order the WMS settled, so its money can move at once. */
    private readonly settled: (orderId: string) => void,
  ) {}

  async poll(): Promise<void> {
    const folder = `${this.dc.wmsFolder}/out`;
    for (const name of await this.ports.files.list(folder)) {
      const named = parseBatchFileName(name, this.dc.nodeId);
      if (named === undefined || this.ports.store.get(NS.filesRead, name) !== undefined) continue;
      const text = named.docType === 'ACK' || named.docType === 'SHIPCONF' ? await this.ports.files.read(`${folder}/${name}`) : '';
      if (text === undefined) continue;
      this.readOnce(name, named, text);
    }
    this.parkOverdue();
  }

  private readOnce(name: string, named: { docType: string; controlNumber: number }, text: string): void {
    const nowMs = this.ports.clock.nowMs();
    const settled = commit(this.ports, (out) => {
      // Another poll (or an instance before a crash) may have read it meanwhile.
      if (this.ports.store.get(NS.filesRead, name) !== undefined) return [];
      this.ports.store.put(NS.filesRead, name, nowMs);
      if (named.docType !== 'ACK' && named.docType !== 'SHIPCONF') return [];
      const read = readBatchFile(text);
      if (!read.ok) return this.deadLetter(name, `${read.reason}: ${read.message}`, nowMs);
      if (read.doc.docType !== named.docType || read.doc.controlNumber !== named.controlNumber || read.doc.dcId !== this.dc.nodeId) {
        return this.deadLetter(name, 'MALFORMED: the header disagrees with the file name', nowMs);
      }
      const news = read.doc.rows.map((row) => (read.doc.docType === 'ACK' ? ackNews(row) : shipNews(row)));
      if (news.includes('bad')) return this.deadLetter(name, 'MALFORMED: a detail row does not parse', nowMs);
      return this.apply(news.filter((item): item is LineNews => item !== undefined && item !== 'bad'), nowMs, out);
    });
    for (const orderId of settled) this.settled(orderId);
  }

  /** Applies every row of a document that checked out; returns the orders it settled. */
  private apply(news: readonly LineNews[], nowMs: number, out: PublishedEvent[]): string[] {
    const touched = new Map<string, OrderRecord>();
    for (const item of news) {
      const record = touched.get(item.orderId) ?? loadOrder(this.ports.store, item.orderId);
      if (record === undefined || isTerminal(record.state) || record.releaseControlNumber === null) continue;
      if (item.releaseControlNumber !== undefined && item.releaseControlNumber !== record.releaseControlNumber) continue;
      let next: OrderRecord = { ...record, lines: record.lines.map((line) => (line.lineNo === item.lineNo ? item.apply(line) : line)) };
      next = announceShipments(record, next, nowMs, out);
      touched.set(item.orderId, next);
    }
    const settled: string[] = [];
    for (const record of touched.values()) {
      const next = advance(record, nowMs, out);
      saveOrder(this.ports.store, next);
      if (next.state === 'SHIPPED' || next.state === 'REJECTED') settled.push(next.orderId);
    }
    return settled;
  }

  private deadLetter(id: string, reason: string, nowMs: number): string[] {
    this.ports.store.put(NS.deadLetters, id, { id, source: `wms:${this.dc.nodeId}`, reason, atMs: nowMs });
    return [];
  }

  /** FOs the WMS has kept silent about for too long go on the exception queue. */
  private parkOverdue(): void {
    const nowMs = this.ports.clock.nowMs();
    for (const orderId of [...this.ports.store.values<string>(NS.open)]) {
      const record = loadOrder(this.ports.store, orderId);
      if (record === undefined || (record.state !== 'RELEASED' && record.state !== 'ACKNOWLEDGED')) continue;
      if (record.releasedAtMs === null || nowMs - record.releasedAtMs < CONFIRMATION_TIMEOUT_MS) continue;
      const lostAck = record.state === 'RELEASED';
      commit(this.ports, (out) => {
        const detail = `release ${record.releaseControlNumber} to ${this.dc.nodeId}: ${lostAck ? 'no ACK' : 'no shipment confirmation'} after ${CONFIRMATION_TIMEOUT_MS / 3_600_000} h`;
        saveOrder(this.ports.store, park(record, lostAck ? 'LOST_ACK' : 'LATE_CONFIRMATION', 'resync', 'P2', detail, nowMs, out));
      });
    }
  }
}
