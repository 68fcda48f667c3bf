/**
 * How a real export job damages a file it has already rendered: the writer dies mid-file (and
 * the rename still happens), or the hash in the trailer is not the hash of what was written.
 * Both leave a file that a careful reader must reject whole. And how it damages one before it
 * hashes it: a well-framed file, trailer and hash right, whose content breaks the format.
 */
import { sha256Hex } from './batch-file.ts';

const HASH_HEX_LENGTH = 64;

/** The first `keepChars` characters (1 <= keepChars < text.length): the rest never reached the disk. */
export function truncateFile(text: string, keepChars: number): string {
  if (!Number.isSafeInteger(keepChars) || keepChars < 1 || keepChars >= text.length) {
    throw new RangeError(`truncateFile: keepChars must be 1..${text.length - 1}, got ${keepChars}`);
  }
  return text.slice(0, keepChars);
}

/**
 * The same file with hex digit `position` (0-63) of its trailer hash changed: the content stays
 * plausible, so only a reader that checks the hash notices.
 */
export function breakChecksum(text: string, position: number): string {
  if (!Number.isSafeInteger(position) || position < 0 || position >= HASH_HEX_LENGTH) {
    throw new RangeError(`breakChecksum: position must be 0..${HASH_HEX_LENGTH - 1}, got ${position}`);
  }
  // The trailer is the last row and ends with the hash and the final line end.
  const index = text.length - 1 - HASH_HEX_LENGTH + position;
  const digit = Number.parseInt(text.charAt(index), 16);
  if (!text.endsWith('\n') || Number.isNaN(digit)) throw new RangeError('breakChecksum: the text does not end with a trailer hash');
  const changed = ((digit + 1) % 16).toString(16);
  return text.slice(0, index) + changed + text.slice(index + 1);
}

/** Content damage under a valid trailer: what a checksum cannot catch. */
export type ContentDamage = 'SHORT_HEADER' | 'ROW_COUNT' | 'BLANK_FIELD' | 'BAD_TIME';

/** The field (after the leading `D`) a blank or a bad time goes into, per document type. */
const FIELD_TO_BREAK: Readonly<Record<string, { blank: number; time?: number }>> = {
  ACK: { blank: 4 }, // ACCEPTED|REJECTED
  SHIPCONF: { blank: 5, time: 6 }, // quantityShipped, shippedLocal
  SNAPSHOT: { blank: 2 }, // onHand
};

/**
 * The damages a document can take: a row's fields only if it has rows, a time only in a
 * confirmation. Snapshots take none: the export bug is in the ACK and SHIPCONF job (snapshots
 * already arrive truncated or with a bad hash, and three lost in a row leave a DC unpromised for days).
 */
export function contentDamagesFor(docType: string, rowCount: number): readonly ContentDamage[] {
  if (docType === 'SNAPSHOT') return [];
  if (rowCount === 0) return ['SHORT_HEADER', 'ROW_COUNT'];
  return docType === 'SHIPCONF' ? ['ROW_COUNT', 'BLANK_FIELD', 'BAD_TIME'] : ['ROW_COUNT', 'BLANK_FIELD'];
}

/**
 * The file as an export job with a bug writes it: the header missing its last field, the
 * trailer counting one row too many, a required field of the first row blank, or a shipment time
 * without its `T`. The trailer's hash is of the damaged content, so it checks out. A damage the
 * document cannot take (no rows, no time field) falls back to the short header.
 */
export function breakContent(text: string, damage: ContentDamage): string {
  const lines = text.split('\n');
  // The text ends with a line end: the last element is '' and the one before is the trailer.
  const trailer = lines[lines.length - 2];
  if (lines.at(-1) !== '' || trailer === undefined || !trailer.startsWith('T,')) throw new RangeError('breakContent: the text does not end with a trailer row');
  const body = lines.slice(0, -2);
  const docType = body[0]?.split(',')[1] ?? '';
  const rowCount = body.length - 1;
  const target = FIELD_TO_BREAK[docType];
  const field = damage === 'BAD_TIME' ? target?.time : damage === 'BLANK_FIELD' ? target?.blank : undefined;
  if (damage === 'ROW_COUNT') return `${body.join('\n')}\nT,${rowCount + 1},${sha256Hex(`${body.join('\n')}\n`)}\n`;
  if (field === undefined || rowCount === 0) {
    const header = body[0] ?? '';
    body[0] = header.slice(0, header.lastIndexOf(','));
  } else {
    const fields = (body[1] ?? '').split(',');
    fields[field] = damage === 'BAD_TIME' ? (fields[field] ?? '').replace('T', ' ') : '';
    body[1] = fields.join(',');
  }
  const content = `${body.join('\n')}\n`;
  return `${content}T,${rowCount},${sha256Hex(content)}\n`;
}
