/**
 * Headers as they look once they have crossed a real HTTP stack: names in lower case (fetch,
 * node:http and msw all lower-case them) and a JSON body labelled as JSON. The direct transport
 * applies the same rules, so a fake sees the same request whichever transport carried it.
 */

const JSON_CONTENT_TYPE = 'application/json';

function hasUpperCaseName(headers: Readonly<Record<string, string>>): boolean {
  for (const name in headers) {
    if (name !== name.toLowerCase()) return true;
  }
  return false;
}

/**
 * Lower-cased names; with `hasBody`, a `content-type` of application/json unless one is set
 * (fetch would label a string body text/plain). Returns the same object when nothing changes,
 * which is the common case on the hot path (the adapters already send lower-case names).
 */
export function wireHeaders(headers: Readonly<Record<string, string>>, hasBody: boolean): Readonly<Record<string, string>> {
  const needsType = hasBody && !('content-type' in headers);
  if (!needsType && !hasUpperCaseName(headers)) return headers;
  const wire: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) wire[name.toLowerCase()] = value;
  if (hasBody && wire['content-type'] === undefined) wire['content-type'] = JSON_CONTENT_TYPE;
  return wire;
}
