import { createHash } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';

/**
 * The WMS batch-file envelope (docs/legacy-protocols.md): H row, D rows, T row with the row count
 * and the sha256 of every byte before it. The orchestrator keeps its own reader and writer (it
 * may not import the fake's), and the contracts check that both sides agree.
 */
export interface BatchHeader {
  docType: string;
  controlNumber: number;
  dcId: string;
  createdLocal: string;
  asOfLocal: string;
}

export interface BatchDocument {
  header: BatchHeader;
  rows: string[][];
}

export type BatchParseResult = { ok: true; doc: BatchDocument } | { ok: false; reason: 'TRUNCATED' | 'BAD_CHECKSUM' | 'BAD_ROW_COUNT' | 'MALFORMED'; message: string };

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function formatBatchFile(doc: BatchDocument): string {
  const { docType, controlNumber, dcId, createdLocal, asOfLocal } = doc.header;
  const body = stringify([['H', docType, String(controlNumber), dcId, createdLocal, asOfLocal], ...doc.rows.map((row) => ['D', ...row])], { record_delimiter: '\n' });
  return body + stringify([['T', String(doc.rows.length), sha256Hex(body)]], { record_delimiter: '\n' });
}

export function parseBatchFile(text: string): BatchParseResult {
  if (!text.endsWith('\n')) return { ok: false, reason: 'TRUNCATED', message: 'file does not end with a newline' };
  const trailerStart = text.lastIndexOf('\n', text.length - 2) + 1;
  const body = text.slice(0, trailerStart);
  const trailer = text.slice(trailerStart, -1).split(',');
  if (trailer[0] !== 'T') return { ok: false, reason: 'TRUNCATED', message: 'no trailer row' };
  if (trailer[2] !== sha256Hex(body)) return { ok: false, reason: 'BAD_CHECKSUM', message: 'sha256 of the file does not match its trailer' };
  // Header and details are parsed apart so the details can be parsed strictly (one width) and
  // fast: csv-parse builds an error object per row whose width differs when relaxed.
  const headerEnd = body.indexOf('\n') + 1;
  let header: string[] | undefined;
  let details: string[][];
  try {
    header = (parse(body.slice(0, headerEnd)) as string[][])[0];
    details = headerEnd >= body.length ? [] : (parse(body.slice(headerEnd)) as string[][]);
  } catch (error) {
    return { ok: false, reason: 'MALFORMED', message: `not CSV: ${(error as Error).message}` };
  }
  if (header === undefined || header[0] !== 'H' || header.length !== 6) return { ok: false, reason: 'MALFORMED', message: 'first row is not a 6-field H row' };
  if (details.some((row) => row[0] !== 'D')) return { ok: false, reason: 'MALFORMED', message: 'a row between H and T is not a D row' };
  if (trailer[1] !== String(details.length)) return { ok: false, reason: 'BAD_ROW_COUNT', message: `trailer says ${trailer[1]} rows, file has ${details.length}` };
  const controlNumber = Number(header[2]);
  if (!Number.isInteger(controlNumber) || controlNumber < 1) return { ok: false, reason: 'MALFORMED', message: `control number ${header[2]} is not a positive integer` };
  return {
    ok: true,
    doc: {
      header: { docType: header[1] ?? '', controlNumber, dcId: header[3] ?? '', createdLocal: header[4] ?? '', asOfLocal: header[5] ?? '' },
      rows: details.map((row) => row.slice(1)),
    },
  };
}
