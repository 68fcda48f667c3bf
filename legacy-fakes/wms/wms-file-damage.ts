/**
 * How a real export job damages a file it has already rendered: the writer dies mid-file (and
 * the rename still happens), or the hash in the trailer is not the hash of what was written.
 * Both leave a file that a careful reader must reject whole.
 */

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
