/**
 * Whether `eventId` is exactly `<aggregateId>#<sequence>` (docs/plugins.md: the canonical id of
 * an aggregate's event), read in place: every published event is asked, and building the text
 * to compare made a string per event.
 */
export function isCanonicalId(eventId: string, aggregateId: string, sequence: number): boolean {
  if (!Number.isSafeInteger(sequence) || sequence < 1) return false;
  const hash = aggregateId.length;
  const digits = eventId.length - hash - 1;
  // A safe integer has at most 16 digits; more could round to it.
  if (digits < 1 || digits > 16 || eventId.charCodeAt(hash) !== 0x23 || !eventId.startsWith(aggregateId)) return false;
  let value = 0;
  for (let at = hash + 1; at < eventId.length; at++) {
    const digit = eventId.charCodeAt(at) - 0x30;
    // A leading zero is another spelling (`#07`), not the canonical one.
    if (digit < 0 || digit > 9 || (digit === 0 && at === hash + 1)) return false;
    value = value * 10 + digit;
  }
  return value === sequence;
}
