/**
 * The WMS batch-file format (docs/legacy-protocols.md), written and read by this plugin alone:
 * `H,<docType>,<controlNumber>,<dcId>,<createdLocal>,<asOfLocal>`, `D,...` rows, then
 * `T,<row count>,<sha256 hex of every byte before the T row>`, `\n` line ends.
 *
 * Rows are CSV, written and read with csv-stringify and csv-parse rather than by joining and
 * splitting on commas: a field with a comma, a quote or a line end (a SKU or an id from another
 * system) is quoted on the way out and read back whole, where a hand split would cut it apart.
 */
import { createHash } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';

export type DocType = 'RELEASE' | 'ACK' | 'SHIPCONF' | 'SNAPSHOT';

export interface BatchDocument {
  docType: DocType;
  controlNumber: number;
  dcId: string;
  /** DC-local `YYYY-MM-DDTHH:mm:ss`, no offset. */
  createdLocal: string;
  /** '' unless the document is a snapshot. */
  asOfLocal: string;
  /** Detail rows without their leading `D`. */
  rows: readonly (readonly string[])[];
}

/** Why a file could not be read; the file is then a dead letter, never partly applied. */
export type Unreadable = 'TRUNCATED' | 'BAD_CHECKSUM' | 'BAD_ROW_COUNT' | 'MALFORMED';

export type ReadOutcome = { ok: true; doc: BatchDocument } | { ok: false; reason: Unreadable; message: string };

/** Fields per detail row (without the `D`). */
const WIDTH: Readonly<Record<DocType, number>> = { RELEASE: 4, ACK: 5, SHIPCONF: 6, SNAPSHOT: 2 };
const DOC_TYPES = Object.keys(WIDTH) as DocType[];
const CONTROL_DIGITS = 8;

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** `RELEASE_DC1_00000042.csv`. */
export function batchFileName(docType: DocType, dcId: string, controlNumber: number): string {
  return `${docType}_${dcId}_${String(controlNumber).padStart(CONTROL_DIGITS, '0')}.csv`;
}

/** The document type and control number a name announces for this DC; undefined for `.tmp` files and strangers. */
export function parseBatchFileName(name: string, dcId: string): { docType: DocType; controlNumber: number } | undefined {
  for (const docType of DOC_TYPES) {
    const prefix = `${docType}_${dcId}_`;
    if (!name.startsWith(prefix) || !name.endsWith('.csv')) continue;
    const digits = name.slice(prefix.length, -'.csv'.length);
    if (digits.length === CONTROL_DIGITS && /^\d+$/.test(digits) && Number(digits) > 0) return { docType, controlNumber: Number(digits) };
  }
  return undefined;
}

export function writeBatchFile(doc: BatchDocument): string {
  const header = ['H', doc.docType, String(doc.controlNumber), doc.dcId, doc.createdLocal, doc.asOfLocal];
  // Lines end in \n alone; a field holding a carriage return is quoted, so no reader takes it for a line end.
  const body = stringify([header, ...doc.rows.map((row) => ['D', ...row])], { record_delimiter: '\n', quoted_match: /\r/ });
  return `${body}T,${doc.rows.length},${sha256(body)}\n`;
}

function unreadable(reason: Unreadable, message: string): ReadOutcome {
  return { ok: false, reason, message };
}

/** Checks the trailer on the raw text first, so a damaged file is reported as damaged, not as odd rows. */
export function readBatchFile(text: string): ReadOutcome {
  if (!text.endsWith('\n')) return unreadable('TRUNCATED', 'no final line end');
  const trailerStart = text.lastIndexOf('\n', text.length - 2) + 1;
  const body = text.slice(0, trailerStart);
  const trailer = /^T,(\d+),([0-9a-f]{64})$/.exec(text.slice(trailerStart, -1));
  if (trailer === null) return unreadable('TRUNCATED', 'the last row is not a T,<count>,<sha256> trailer');
  if (sha256(body) !== trailer[2]) return unreadable('BAD_CHECKSUM', 'the sha256 in the trailer does not match the content');
  let records: string[][];
  try {
    records = parse(body, { relax_column_count: true, record_delimiter: '\n' }) as string[][];
  } catch (error) {
    return unreadable('MALFORMED', `not CSV: ${(error as Error).message}`);
  }
  const [header, ...details] = records;
  if (header === undefined || header.length !== 6 || header[0] !== 'H') return unreadable('MALFORMED', 'the first row is not H and five fields');
  const [, docType = '', controlNumber = '', dcId = '', createdLocal = '', asOfLocal = ''] = header;
  if (!DOC_TYPES.includes(docType as DocType)) return unreadable('MALFORMED', `unknown document type ${docType}`);
  if (details.length !== Number(trailer[1])) return unreadable('BAD_ROW_COUNT', `the trailer says ${trailer[1]} rows, the file has ${details.length}`);
  const width = WIDTH[docType as DocType];
  if (details.some((row) => row[0] !== 'D' || row.length !== width + 1)) return unreadable('MALFORMED', `a detail row is not D and ${width} fields`);
  return { ok: true, doc: { docType: docType as DocType, controlNumber: Number(controlNumber), dcId, createdLocal, asOfLocal, rows: details.map((row) => row.slice(1)) } };
}

/** An instant as a DC's wall clock shows it, `YYYY-MM-DDTHH:mm:ss` (the WMS's own format). */
export function localTime(epochMs: number, timeZone: string): string {
  const fields = ['year', 'month', 'day', 'hour', 'minute', 'second'] as const;
  const options = Object.fromEntries(fields.map((field) => [field, field === 'year' ? 'numeric' : '2-digit']));
  const parts = new Intl.DateTimeFormat('en-US', { ...options, timeZone, hourCycle: 'h23' }).formatToParts(epochMs);
  const [year, month, day, hour, minute, second] = fields.map((field) => parts.find((part) => part.type === field)?.value ?? '00');
  return `${year}-${month}-${day}T${hour}:${minute}:${second}`;
}
