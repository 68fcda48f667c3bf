/**
 * WMS batch files as Pact messages: the body is the file itself (text/csv), the metadata its
 * envelope: `fileName`, `sha256` (of the whole file), `rowCount` (D rows) and `controlNumber`.
 * Pact matches the body against one regular expression per document type, so a column added,
 * dropped or moved fails verification; what a regular expression cannot say (the hash really is
 * the digest, the count really is the count, numbers in sequence) the property tests check.
 *
 * Examples are written out here by hand, their trailers computed with node:crypto directly,
 * never with either side's writer: a contract must not compare code with itself.
 */
import './pact-env.ts';
import { createHash } from 'node:crypto';
import { MatchersV3, type Metadata } from '@pact-foundation/pact';

const { regex } = MatchersV3;

export const CSV = 'text/csv';

const LOCAL = '\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}';
/** A plain field: the contract's examples need no CSV quoting (quoting is property-tested). */
const TEXT = '[^,\\n"]+';
const POSITIVE = '[1-9]\\d*';
const WHOLE = '(0|[1-9]\\d*)';
const TRAILER = `T,${WHOLE},[0-9a-f]{64}\\n`;

function header(docType: string, asOf: string): string {
  return `H,${docType},${POSITIVE},DC1,${LOCAL},${asOf}\\n`;
}

/** The body patterns: header, one shape of D row, trailer. Anchored: nothing before, nothing after. */
export const BODY_PATTERNS = {
  ackAccepted: `^${header('ACK', '')}(D,${POSITIVE},${TEXT},${POSITIVE},ACCEPTED,\\n)+${TRAILER}$`,
  ackLineRejected: `^${header('ACK', '')}(D,${POSITIVE},${TEXT},${POSITIVE},REJECTED,(OUT_OF_STOCK|DAMAGED|UNKNOWN_FO)\\n)+${TRAILER}$`,
  ackRefusedWhole: `^${header('ACK', '')}D,${POSITIVE},,0,REJECTED,(BAD_CHECKSUM|BAD_ROW_COUNT|TRUNCATED|MALFORMED|DUPLICATE_CONTROL_NUMBER)\\n${TRAILER}$`,
  shipconf: `^${header('SHIPCONF', '')}(D,${TEXT},${TEXT},${POSITIVE},${TEXT},${WHOLE},${LOCAL}\\n)+${TRAILER}$`,
  snapshot: `^${header('SNAPSHOT', LOCAL)}(D,${TEXT},${WHOLE}\\n)+${TRAILER}$`,
  release: `^${header('RELEASE', '')}(D,${TEXT},${POSITIVE},${TEXT},${POSITIVE}\\n)+${TRAILER}$`,
} as const;

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export interface ExampleFile {
  fileName: string;
  controlNumber: number;
  rowCount: number;
  text: string;
}

/** A file from its H row and D rows, with a correct trailer. */
export function exampleFile(fileName: string, headerRow: string, detailRows: readonly string[]): ExampleFile {
  const body = [headerRow, ...detailRows].map((row) => `${row}\n`).join('');
  const controlNumber = Number(headerRow.split(',')[2]);
  return { fileName, controlNumber, rowCount: detailRows.length, text: `${body}T,${detailRows.length},${sha256Hex(body)}\n` };
}

/** The envelope a message carries, matched by shape (names, digests and counts vary by provider run). */
export function exampleMetadata(example: ExampleFile, fileNamePattern: string): Metadata {
  return {
    contentType: CSV,
    fileName: regex(fileNamePattern, example.fileName),
    sha256: regex('^[0-9a-f]{64}$', sha256Hex(example.text)),
    rowCount: regex(`^${WHOLE}$`, String(example.rowCount)),
    controlNumber: regex(`^${POSITIVE}$`, String(example.controlNumber)),
  };
}

/** What a provider sends beside a file: every value a string, as Pact message metadata travels. */
export function providedMetadata(file: { fileName: string; text: string; rowCount: number; controlNumber: number; sha256?: string }): Record<string, string> {
  return { contentType: CSV, fileName: file.fileName, sha256: file.sha256 ?? sha256Hex(file.text), rowCount: String(file.rowCount), controlNumber: String(file.controlNumber) };
}

export interface FileMessageCase {
  state: string;
  description: string;
  /** A new message the provider does not produce yet: its verification failure is reported, not fatal. */
  pending?: boolean;
  example: ExampleFile;
  bodyPattern: string;
  fileNamePattern: string;
  /**
   * Feeds the example to the consumer's real reader and checks what it made of it. `metadata`
   * is what Pact delivered; the body is the example itself (pact-js 16 garbles V4 text bodies in
   * executeTest, see docs/contracts.md).
   */
  consume(example: ExampleFile, metadata: Record<string, unknown>): Promise<void>;
}
