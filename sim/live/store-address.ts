/**
 * Which store a live POS request is for. One server stands for every store, so a request names
 * its store either in the path or in the Host header:
 *
 * - a path prefix `/stores/<storeId>/...` (what you type in curl; the rest is the POS path);
 * - otherwise the Host header's first label, `pos-<storeid>` (`pos-s1.stores.local:8400`), which
 *   is what the simulation's base URLs look like, so an orchestrator configured with them only
 *   needs those names to resolve to 127.0.0.1.
 *
 * Store ids match without regard to case (host names are lower case); the first store in
 * configuration order wins if two ids differ only by case.
 */

export type StoreAddress =
  | { ok: true; storeId: string; path: string }
  | { ok: false; reason: 'bad-target' | 'no-store' | 'unknown-store'; named: string };

const PREFIX = '/stores/';
const HOST_LABEL_PATTERN = /^pos-(.+)$/i;

function find(named: string, storeIds: readonly string[]): string | undefined {
  const wanted = named.toLowerCase();
  return storeIds.find((storeId) => storeId.toLowerCase() === wanted);
}

/** `target` is the request line's target (path and query) as received; `host` the Host header. */
export function storeAddress(target: string, host: string | undefined, storeIds: readonly string[]): StoreAddress {
  if (!target.startsWith('/')) return { ok: false, reason: 'bad-target', named: '' };
  if (target.startsWith(PREFIX)) {
    const rest = target.slice(PREFIX.length);
    const end = rest.search(/[/?]/);
    const segment = end < 0 ? rest : rest.slice(0, end);
    let named: string;
    try {
      named = decodeURIComponent(segment);
    } catch {
      return { ok: false, reason: 'unknown-store', named: segment };
    }
    const storeId = find(named, storeIds);
    if (storeId === undefined) return { ok: false, reason: 'unknown-store', named };
    const path = end < 0 ? '/' : rest[end] === '?' ? `/${rest.slice(end)}` : rest.slice(end);
    return { ok: true, storeId, path };
  }
  const label = (host ?? '').split(':')[0]?.split('.')[0] ?? '';
  const match = HOST_LABEL_PATTERN.exec(label);
  if (match === null) return { ok: false, reason: 'no-store', named: '' };
  const named = match[1] as string;
  const storeId = find(named, storeIds);
  return storeId === undefined ? { ok: false, reason: 'unknown-store', named } : { ok: true, storeId, path: target };
}
