import { localIsoToEpochMs } from '../../local-time.ts';
import type { BatchDocument } from './batch-file.ts';

/** WMS documents in canonical form: typed rows, UTC times. */
export interface AckRow {
  releaseControlNumber: number;
  foId: string;
  lineNo: number;
  accepted: boolean;
  reason: string;
}

export interface ShipmentRow {
  shipmentId: string;
  foId: string;
  lineNo: number;
  sku: string;
  quantityShipped: number;
  shippedAtMs: number;
}

export interface SnapshotRow {
  sku: string;
  onHand: number;
}

interface DocumentBase {
  dcId: string;
  controlNumber: number;
  createdAtMs: number;
}

export type WmsDocument =
  | (DocumentBase & { docType: 'ACK'; rows: AckRow[] })
  | (DocumentBase & { docType: 'SHIPCONF'; rows: ShipmentRow[] })
  | (DocumentBase & { docType: 'SNAPSHOT'; asOfMs: number; rows: SnapshotRow[] });

type Decoded = { ok: true; document: WmsDocument } | { ok: false; message: string };

function wholeNumber(text: string | undefined): number | undefined {
  const value = Number(text);
  return text !== undefined && text !== '' && Number.isInteger(value) && value >= 0 ? value : undefined;
}

/** Turns a parsed batch file into a typed document; any bad row rejects the whole document. */
export function decodeWmsDocument(batch: BatchDocument, timeZone: string): Decoded {
  const { header } = batch;
  const createdAtMs = localIsoToEpochMs(header.createdLocal, timeZone);
  if (createdAtMs === undefined) return { ok: false, message: `createdLocal "${header.createdLocal}" is not a local ISO time` };
  const base = { dcId: header.dcId, controlNumber: header.controlNumber, createdAtMs };
  switch (header.docType) {
    case 'ACK': {
      const rows: AckRow[] = [];
      for (const [release, foId, lineNo, status, reason] of batch.rows) {
        const releaseControlNumber = wholeNumber(release);
        const line = wholeNumber(lineNo);
        if (releaseControlNumber === undefined || foId === undefined || line === undefined || (status !== 'ACCEPTED' && status !== 'REJECTED')) {
          return { ok: false, message: `ACK row is malformed: ${[release, foId, lineNo, status].join(',')}` };
        }
        rows.push({ releaseControlNumber, foId, lineNo: line, accepted: status === 'ACCEPTED', reason: reason ?? '' });
      }
      return { ok: true, document: { ...base, docType: 'ACK', rows } };
    }
    case 'SHIPCONF': {
      const rows: ShipmentRow[] = [];
      for (const [shipmentId, foId, lineNo, sku, quantity, shippedLocal] of batch.rows) {
        const line = wholeNumber(lineNo);
        const quantityShipped = wholeNumber(quantity);
        const shippedAtMs = shippedLocal === undefined ? undefined : localIsoToEpochMs(shippedLocal, timeZone);
        if (shipmentId === undefined || foId === undefined || sku === undefined || line === undefined || quantityShipped === undefined || shippedAtMs === undefined) {
          return { ok: false, message: `SHIPCONF row is malformed: ${[shipmentId, foId, lineNo, sku, quantity, shippedLocal].join(',')}` };
        }
        rows.push({ shipmentId, foId, lineNo: line, sku, quantityShipped, shippedAtMs });
      }
      return { ok: true, document: { ...base, docType: 'SHIPCONF', rows } };
    }
    case 'SNAPSHOT': {
      const asOfMs = localIsoToEpochMs(header.asOfLocal, timeZone);
      if (asOfMs === undefined) return { ok: false, message: `snapshot asOfLocal "${header.asOfLocal}" is not a local ISO time` };
      const rows: SnapshotRow[] = [];
      for (const [sku, onHandText] of batch.rows) {
        const onHand = wholeNumber(onHandText);
        if (sku === undefined || onHand === undefined) return { ok: false, message: `SNAPSHOT row is malformed: ${[sku, onHandText].join(',')}` };
        rows.push({ sku, onHand });
      }
      return { ok: true, document: { ...base, docType: 'SNAPSHOT', asOfMs, rows } };
    }
    default:
      return { ok: false, message: `unknown document type "${header.docType}"` };
  }
}
