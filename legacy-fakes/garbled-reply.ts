/**
 * A successful reply garbled on its way back (a proxy rewriting bodies, a client library from
 * another API version): well-framed JSON that is not the record the caller asked for. The fakes
 * apply the request first, so the caller must neither believe the body nor act twice.
 */

/** How many forms `garble` knows; draw one uniformly. */
export const GARBLED_FORMS = 5;

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Applies `change` to the record and to the first item of each list in it (a stock list, a page of holds). */
function deep(record: Record<string, unknown>, change: (item: Record<string, unknown>) => Record<string, unknown>): Record<string, unknown> {
  const changed = change(record);
  return Object.fromEntries(
    Object.entries(changed).map(([name, value]) => {
      if (!Array.isArray(value) || value.length === 0 || !isPlainRecord(value[0])) return [name, value];
      return [name, [change(value[0]), ...value.slice(1)]];
    }),
  );
}

/**
 * One of the forms: `{}`; the record without its id fields (`idFields`, also in a list's first
 * item); its numbers as strings (there too); `null`; a bare `"OK"`.
 */
export function garble(body: unknown, form: number, idFields: readonly string[]): unknown {
  const record = isPlainRecord(body) ? body : {};
  switch (form) {
    case 0:
      return {};
    case 1:
      return deep(record, (item) => Object.fromEntries(Object.entries(item).filter(([name]) => !idFields.includes(name))));
    case 2:
      return deep(record, (item) => Object.fromEntries(Object.entries(item).map(([name, value]) => [name, typeof value === 'number' ? String(value) : value])));
    case 3:
      return null;
    default:
      return 'OK';
  }
}
