/**
 * The WMS batch-file format (docs/legacy-protocols.md): CSV with a header row, detail rows and
 * a trailer row carrying the detail count and a sha256 of every byte before it. Parsing never
 * throws: a bad file is a value with a reason, because bad files are part of the world.
 */
import { createHash } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';

/** RELEASE and RESEND are written by the orchestrator into `in/`; the rest by the WMS into `out/`. */
export type BatchDocType = 'RELEASE' | 'RESEND' | 'ACK' | 'SHIPCONF' | 'SNAPSHOT';

export interface BatchDoc {
  docType: BatchDocType;
  controlNumber: number;
  dcId: string;
  /** DC-local `YYYY-MM-DDTHH:mm:ss`, no offset. */
  createdLocal: string;
  /** DC-local time the content is true at (SNAPSHOT); '' when the document has none. */
  asOfLocal: string;
  /** Detail rows without their leading `D`. */
  rows: readonly (readonly string[])[];
}

export type BatchFileRejection = 'TRUNCATED' | 'BAD_CHECKSUM' | 'BAD_ROW_COUNT' | 'MALFORMED';

export type ParsedBatchFile = { ok: true; doc: BatchDoc } | { ok: false; reason: BatchFileRejection; message: string };

/** Fields per detail row, without the `D`. */
export const DETAIL_FIELD_COUNT: Readonly<Record<BatchDocType, number>> = {
  RELEASE: 4, // foId, lineNo, sku, quantity
  RESEND: 2, // DOCUMENT|RELEASE, control number (docs/legacy-protocols.md, re-send requests)
  ACK: 5, // releaseControlNumber, foId, lineNo, ACCEPTED|REJECTED, reason
  SHIPCONF: 6, // shipmentId, foId, lineNo, sku, quantityShipped, shippedLocal
  SNAPSHOT: 2, // sku, onHand
};

const LOCAL_ISO_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;
/** Canonical decimal only, so a corrupted digit can never read as the same number. */
/** A whole number from 1, as a batch file's fields spell one (no sign, no leading zero). */
export const POSITIVE_INTEGER_PATTERN = /^[1-9]\d{0,14}$/;
const TRAILER_PATTERN = /^T,(0|[1-9]\d{0,14}),([0-9a-f]{64})$/;

function isDocType(value: string | undefined): value is BatchDocType {
  return value === 'RELEASE' || value === 'RESEND' || value === 'ACK' || value === 'SHIPCONF' || value === 'SNAPSHOT';
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** A character csv-stringify would quote a field for (a bare '\r' included, see toCsv). */
const NEEDS_QUOTES = /[",\n\r]/;

/**
 * The records as plain `a,b,c` lines, or undefined if any field needs quoting: then csv-stringify
 * writes them. For such fields the two write the same bytes; most files have nothing else, and
 * this is many times cheaper.
 */
function plainCsv(records: readonly (readonly string[])[]): string | undefined {
  let text = '';
  for (const record of records) {
    for (const field of record) if (typeof field !== 'string' || NEEDS_QUOTES.test(field)) return undefined;
    text += `${record.join(',')}\n`;
  }
  return text;
}

function toCsv(records: readonly (readonly string[])[]): string {
  // A bare '\r' would survive unquoted and be read back as a line end by some readers.
  return plainCsv(records) ?? stringify(records as string[][], { record_delimiter: '\n', quoted_match: /\r/ });
}

/** Renders a document. A document that breaks the format is a bug in the writer: it throws. */
export function formatBatchFile(doc: BatchDoc): string {
  if (!Number.isSafeInteger(doc.controlNumber) || doc.controlNumber < 1) {
    throw new RangeError(`formatBatchFile: controlNumber must be a positive integer, got ${doc.controlNumber}`);
  }
  if (!LOCAL_ISO_PATTERN.test(doc.createdLocal)) throw new RangeError(`formatBatchFile: createdLocal must be YYYY-MM-DDTHH:mm:ss, got ${JSON.stringify(doc.createdLocal)}`);
  if (doc.asOfLocal !== '' && !LOCAL_ISO_PATTERN.test(doc.asOfLocal)) {
    throw new RangeError(`formatBatchFile: asOfLocal must be '' or YYYY-MM-DDTHH:mm:ss, got ${JSON.stringify(doc.asOfLocal)}`);
  }
  if (doc.dcId.length === 0) throw new RangeError('formatBatchFile: dcId must not be empty');
  const width = DETAIL_FIELD_COUNT[doc.docType];
  doc.rows.forEach((row, index) => {
    if (row.length !== width) throw new RangeError(`formatBatchFile: ${doc.docType} row ${index} needs ${width} fields, got ${row.length}`);
  });
  const header = ['H', doc.docType, String(doc.controlNumber), doc.dcId, doc.createdLocal, doc.asOfLocal];
  const body = toCsv([header, ...doc.rows.map((row) => ['D', ...row])]);
  return body + toCsv([['T', String(doc.rows.length), sha256Hex(body)]]);
}

function reject(reason: BatchFileRejection, message: string): ParsedBatchFile {
  return { ok: false, reason, message };
}

/**
 * `body`'s records if it is plain CSV: no quote, no '\r', every detail row as wide as the first.
 * csv-parse reads such text into exactly these records (each line split at its commas), and costs
 * many times more; anything else is left to it (undefined), its error messages included.
 */
function plainRecords(body: string): string[][] | undefined {
  if (body.includes('"') || body.includes('\r') || (body.length > 0 && !body.endsWith('\n'))) return undefined;
  const records = body.length === 0 ? [] : body.slice(0, -1).split('\n').map((line) => line.split(','));
  const detailWidth = records[1]?.length;
  for (let index = 2; index < records.length; index += 1) if ((records[index] as string[]).length !== detailWidth) return undefined;
  return records;
}

/**
 * The header row and the detail rows are parsed apart: detail rows all have one width, so the
 * parser can be strict, and it need not build an error object for every row whose width differs
 * from the header's (csv-parse does that under relax_column_count: 14x slower here).
 */
function readRecords(body: string): string[][] | string {
  const plain = plainRecords(body);
  if (plain !== undefined) return plain;
  const headerEnd = body.indexOf('\n') + 1;
  try {
    const header = parse(body.slice(0, headerEnd), { record_delimiter: '\n' }) as string[][];
    const details = headerEnd >= body.length ? [] : (parse(body.slice(headerEnd), { record_delimiter: '\n' }) as string[][]);
    return [...header, ...details];
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/**
 * Reads a document. The trailer is checked on the raw text before any CSV parsing, so a
 * damaged file is reported as damaged (TRUNCATED, BAD_CHECKSUM) rather than as odd CSV.
 */
export function parseBatchFile(text: string): ParsedBatchFile {
  if (typeof text !== 'string' || !text.endsWith('\n')) return reject('TRUNCATED', 'the file does not end with a line end');
  const trailerStart = text.lastIndexOf('\n', text.length - 2) + 1;
  const trailer = text.slice(trailerStart, -1);
  const body = text.slice(0, trailerStart);
  if (!trailer.startsWith('T,')) return reject('TRUNCATED', 'the last row is not a T (trailer) row');
  const trailerMatch = TRAILER_PATTERN.exec(trailer);
  if (trailerMatch === null) return reject('MALFORMED', `the trailer row must read T,<count>,<sha256 hex>, got ${JSON.stringify(trailer)}`);
  const declaredCount = Number(trailerMatch[1]);
  const declaredHash = trailerMatch[2] as string;
  const actualHash = sha256Hex(body);
  if (actualHash !== declaredHash) return reject('BAD_CHECKSUM', `sha256 of the content is ${actualHash}, the trailer says ${declaredHash}`);

  const records = readRecords(body);
  if (typeof records === 'string') return reject('MALFORMED', `not valid CSV: ${records}`);
  const [header, ...details] = records;
  if (header === undefined || header[0] !== 'H' || header.length !== 6) {
    return reject('MALFORMED', `the first row must be H,<docType>,<controlNumber>,<dcId>,<createdLocal>,<asOfLocal>, got ${JSON.stringify(header ?? null)}`);
  }
  const [, docType, controlNumber = '', dcId = '', createdLocal = '', asOfLocal = ''] = header;
  if (!isDocType(docType)) return reject('MALFORMED', `unknown docType ${JSON.stringify(docType)}`);
  if (!POSITIVE_INTEGER_PATTERN.test(controlNumber)) return reject('MALFORMED', `controlNumber must be a positive integer, got ${JSON.stringify(controlNumber)}`);
  if (dcId.length === 0) return reject('MALFORMED', 'dcId is empty');
  if (!LOCAL_ISO_PATTERN.test(createdLocal)) return reject('MALFORMED', `createdLocal must be YYYY-MM-DDTHH:mm:ss, got ${JSON.stringify(createdLocal)}`);
  if (asOfLocal !== '' && !LOCAL_ISO_PATTERN.test(asOfLocal)) return reject('MALFORMED', `asOfLocal must be empty or YYYY-MM-DDTHH:mm:ss, got ${JSON.stringify(asOfLocal)}`);
  if (details.length !== declaredCount) return reject('BAD_ROW_COUNT', `the trailer says ${declaredCount} detail rows, the file has ${details.length}`);
  const width = DETAIL_FIELD_COUNT[docType];
  const rows: string[][] = [];
  for (const [index, record] of details.entries()) {
    if (record[0] !== 'D' || record.length !== width + 1) {
      return reject('MALFORMED', `row ${index + 2} must be D and ${width} fields for ${docType}, got ${JSON.stringify(record)}`);
    }
    rows.push(record.slice(1));
  }
  return { ok: true, doc: { docType, controlNumber: Number(controlNumber), dcId, createdLocal, asOfLocal, rows } };
}

/**
 * Parses an inbound file and checks its header against what its name says: the document type,
 * the DC and the control number. A file for another DC, or whose header disagrees with its name,
 * is MALFORMED: a WMS that half-trusts a file is how orders get shipped twice.
 */
export function parseInboundFile(text: string, docType: BatchDocType, dcId: string, controlNumber: number): ParsedBatchFile {
  const parsed = parseBatchFile(text);
  if (!parsed.ok) return parsed;
  const { doc } = parsed;
  const malformed = (message: string): ParsedBatchFile => ({ ok: false, reason: 'MALFORMED', message });
  if (doc.docType !== docType) return malformed(`docType is ${doc.docType}, expected ${docType}`);
  if (doc.dcId !== dcId) return malformed(`the header names DC ${JSON.stringify(doc.dcId)}, expected ${JSON.stringify(dcId)}`);
  if (doc.controlNumber !== controlNumber) return malformed(`the header says control number ${doc.controlNumber}, the file name ${controlNumber}`);
  return parsed;
}
