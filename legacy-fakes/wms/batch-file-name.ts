/** File names in the WMS folders: `<DOCTYPE>_<dcId>_<control number, 8 digits>.csv`. */
import type { BatchDocType } from './batch-file.ts';

const CONTROL_DIGITS = 8;
const CONTROL_NUMBER_MAX = 99_999_999;

export function batchFileName(docType: BatchDocType, dcId: string, controlNumber: number): string {
  // Past eight digits the name would stop matching every reader's pattern: fail loudly instead.
  if (!Number.isSafeInteger(controlNumber) || controlNumber < 1 || controlNumber > CONTROL_NUMBER_MAX) {
    throw new RangeError(`batchFileName: control number must be 1..${CONTROL_NUMBER_MAX}, got ${controlNumber}`);
  }
  return `${docType}_${dcId}_${String(controlNumber).padStart(CONTROL_DIGITS, '0')}.csv`;
}

/**
 * The name of a re-sent copy of an outbound document (a re-send request answered): the
 * original's name with `_R<copy>` before `.csv`, copies numbered from 1 per document. The copy
 * keeps the original's control number in its header, so a reader that de-duplicates by
 * (DC, type, control number) applies the document once whichever arrives first; the name is new
 * because a reader remembers the names it has read (and the damaged original is still there).
 */
export function copyFileName(docType: BatchDocType, dcId: string, controlNumber: number, copy: number): string {
  if (!Number.isSafeInteger(copy) || copy < 1) throw new RangeError(`copyFileName: copy must be a positive integer, got ${copy}`);
  return batchFileName(docType, dcId, controlNumber).replace(/\.csv$/, `_R${copy}.csv`);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A matcher for one DC's files of one type. Anything else in the folder, `.tmp` files above
 * all, is not ours to read (a writer may still be writing it).
 */
export function batchFileMatcher(docType: BatchDocType, dcId: string): (name: string) => number | undefined {
  const pattern = new RegExp(`^${docType}_${escapeRegExp(dcId)}_(\\d{${CONTROL_DIGITS}})\\.csv$`);
  return (name) => {
    const match = pattern.exec(name);
    return match === null ? undefined : Number(match[1]);
  };
}
