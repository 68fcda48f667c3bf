/**
 * Where a release file goes once the WMS has read it: `archive/` when applied, `quarantine/`
 * (with a `.reason` file beside it) when refused. Moving it out of `in/` is what lets the WMS
 * tell a re-sent control number from the file it already read, and keeps the nightly listing
 * short.
 */
import type { FakeFolder } from '../env.ts';

/** Copies of one name a folder may hold before the WMS gives up: looping, not working. */
const SAME_NAME_COPIES_MAX = 10_000;
const SAFE_NAME_LENGTH_MAX = 200;

/**
 * A name that is safe as the last segment of a path: only letters, digits, '.', '_' and '-', no
 * run of dots (so never `..`), never empty or hidden.
 */
export function safeFileName(name: string): string {
  const cleaned = name
    .replace(/[^A-Za-z0-9._-]/g, '_')
    .replace(/\.{2,}/g, '_')
    .slice(0, SAFE_NAME_LENGTH_MAX);
  return cleaned.length === 0 || cleaned.startsWith('.') ? `_${cleaned}` : cleaned;
}

/** A path in `dir` no file holds yet: `name`, then `name~2`, `name~3`, ... */
function freePath(folder: FakeFolder, dir: string, name: string): string {
  for (let copy = 1; copy <= SAME_NAME_COPIES_MAX; copy += 1) {
    const path = copy === 1 ? `${dir}/${name}` : `${dir}/${name}~${copy}`;
    if (folder.read(path) === undefined && folder.read(`${path}.reason`) === undefined) return path;
  }
  throw new Error(`wms: more than ${SAME_NAME_COPIES_MAX} files named ${name} in ${dir}`);
}

/** Moves `in/<name>` to `lost/`, where nothing reads it (a release file lost before the job read it); returns the new path. */
export function loseFile(folder: FakeFolder, dcId: string, name: string): string {
  const path = freePath(folder, `/wms/${dcId}/lost`, safeFileName(name));
  folder.rename(`/wms/${dcId}/in/${name}`, path);
  return path;
}

/** Moves `in/<name>` to `archive/`; returns the new path. */
export function archiveFile(folder: FakeFolder, dcId: string, name: string): string {
  const path = freePath(folder, `/wms/${dcId}/archive`, safeFileName(name));
  folder.rename(`/wms/${dcId}/in/${name}`, path);
  return path;
}

/** Moves `in/<name>` to `quarantine/` and writes `<path>.reason`: the code, then the message. */
export function quarantineFile(folder: FakeFolder, dcId: string, name: string, reason: string, message: string): string {
  const path = freePath(folder, `/wms/${dcId}/quarantine`, safeFileName(name));
  folder.rename(`/wms/${dcId}/in/${name}`, path);
  // One line each, whatever the message quoted from the file; written like every other file.
  folder.write(`${path}.reason.tmp`, `${reason}\n${message.replace(/[\r\n]+/g, ' ')}\n`);
  folder.rename(`${path}.reason.tmp`, `${path}.reason`);
  return path;
}
