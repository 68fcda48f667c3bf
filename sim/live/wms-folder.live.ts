/**
 * The WMS fake's shared folder on a real directory, for live mode: the fake's paths
 * `/wms/<dcId>/<sub>/<name>` map to `<root>/<dcId>/<sub>/<name>`. Calls are synchronous
 * (node:fs *Sync), because a fake acts inside one event. Every write goes to a temporary name
 * ending in `.tmp` (which readers skip) and is renamed into place, so nobody sees half a file.
 * A path segment that is empty, `.` or `..`, or holds a path separator, is refused: nothing the
 * fake is handed from a file name can reach outside the root. Nor is a symbolic link below the
 * root ever followed: a folder under the root that is a link (a `quarantine/` pointing elsewhere)
 * is refused for writes and moves, and read as empty; entries that are not plain files are
 * ignored, each logged once with why.
 */
import { lstatSync, mkdirSync, openSync, readSync, closeSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import type { FakeFolder } from '../../legacy-fakes/env.ts';

const PREFIX = '/wms/';
/** A batch file of a few million rows; past this a file is read only this far (and fails its checks). */
const READ_BYTES_MAX = 64 * 1024 * 1024;

/** A path outside the folder's mapping, or one that could climb out of it: a bug in the caller. */
export class FolderPathError extends Error {
  override readonly name = 'FolderPathError';
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR';
}

export interface FolderLog {
  (line: string): void;
}

/** What a directory entry is, for the log line saying why it was ignored. */
function entryKind(entry: { isDirectory(): boolean; isSymbolicLink(): boolean }): string {
  if (entry.isSymbolicLink()) return 'a symbolic link (never followed)';
  if (entry.isDirectory()) return 'a directory';
  return 'not a plain file (a device, socket or pipe)';
}

export class LiveWmsFolder implements FakeFolder {
  readonly root: string;
  private tempCount = 0;
  /** Paths already logged as ignored: a listing every few seconds must not repeat them. */
  private readonly ignored = new Set<string>();

  constructor(root: string, private readonly log: FolderLog = () => undefined) {
    this.root = resolve(root);
  }

  /** The real path for a fake path; throws FolderPathError for anything that is not a clean `/wms/...` path. */
  realPath(fakePath: string): string {
    if (typeof fakePath !== 'string' || !fakePath.startsWith(PREFIX)) throw new FolderPathError(`expected a path under ${PREFIX}, got ${JSON.stringify(fakePath)}`);
    const segments = fakePath.slice(PREFIX.length).split('/');
    for (const segment of segments) {
      if (segment === '' || segment === '.' || segment === '..' || segment.includes('\\') || segment.includes('\0')) {
        throw new FolderPathError(`refusing path ${JSON.stringify(fakePath)}: segment ${JSON.stringify(segment)} is empty, "." or "..", or holds a separator`);
      }
    }
    return join(this.root, ...segments);
  }

  /**
   * The first folder between the root and `real` (itself included when `includeSelf`) that is a
   * symbolic link, or undefined. Folders that do not exist yet are fine: mkdir makes real ones.
   */
  private linkOnTheWay(real: string, includeSelf: boolean): string | undefined {
    const segments = real.slice(this.root.length + 1).split(sep);
    const folders = includeSelf ? segments.length : segments.length - 1;
    let current = this.root;
    for (let index = 0; index < folders; index += 1) {
      current = join(current, segments[index] ?? '');
      try {
        if (lstatSync(current).isSymbolicLink()) return current;
      } catch (error) {
        if (isMissing(error)) return undefined;
        throw error;
      }
    }
    return undefined;
  }

  /** Throws FolderPathError when reaching `real` would go through a link. */
  private refuseLinks(fakePath: string, real: string): void {
    const link = this.linkOnTheWay(real, false);
    if (link !== undefined) throw new FolderPathError(`refusing ${fakePath}: ${link} is a symbolic link, and the WMS folder never follows links out of its root`);
  }

  /** Logs once that `what` was ignored, and why. */
  private ignore(what: string, why: string): void {
    if (this.ignored.has(what)) return;
    this.ignored.add(what);
    this.log(`ignored ${what}: ${why}`);
  }

  write(path: string, content: string): void {
    const target = this.realPath(path);
    this.refuseLinks(path, target);
    mkdirSync(dirname(target), { recursive: true });
    this.tempCount += 1;
    const temp = `${target}.${process.pid}-${this.tempCount}.tmp`;
    writeFileSync(temp, content, 'utf8');
    renameSync(temp, target);
  }

  rename(fromPath: string, toPath: string): void {
    const from = this.realPath(fromPath);
    const to = this.realPath(toPath);
    this.refuseLinks(fromPath, from);
    this.refuseLinks(toPath, to);
    mkdirSync(dirname(to), { recursive: true });
    renameSync(from, to);
    // The fake's own `.tmp` -> final renames are routine; moves between folders are news.
    if (dirname(from) !== dirname(to)) this.log(`moved ${fromPath} -> ${toPath}`);
  }

  /** The file's text, or undefined if there is no regular file there (symlinks are not followed). */
  read(path: string): string | undefined {
    const real = this.realPath(path);
    const link = this.linkOnTheWay(real, false);
    if (link !== undefined) {
      this.ignore(path, `${link} is a symbolic link (never followed)`);
      return undefined;
    }
    let size: number;
    try {
      const stats = lstatSync(real);
      if (!stats.isFile()) {
        this.ignore(path, entryKind(stats));
        return undefined;
      }
      size = stats.size;
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
    try {
      if (size <= READ_BYTES_MAX) return readFileSync(real, 'utf8');
      const buffer = Buffer.alloc(READ_BYTES_MAX);
      const descriptor = openSync(real, 'r');
      try {
        const read = readSync(descriptor, buffer, 0, READ_BYTES_MAX, 0);
        this.log(`${path} is ${size} bytes: read the first ${read} only`);
        return buffer.subarray(0, read).toString('utf8');
      } finally {
        closeSync(descriptor);
      }
    } catch (error) {
      if (isMissing(error)) return undefined; // gone since the lstat
      throw error;
    }
  }

  /** Names of the regular files directly inside `dir`, sorted; none if it does not exist. */
  list(dir: string): string[] {
    const real = this.realPath(dir);
    const link = this.linkOnTheWay(real, true);
    if (link !== undefined) {
      this.ignore(dir, `${link} is a symbolic link (never followed)`);
      return [];
    }
    try {
      const names: string[] = [];
      for (const entry of readdirSync(real, { withFileTypes: true })) {
        if (entry.isFile()) names.push(entry.name);
        else if (!entry.name.endsWith('.tmp')) this.ignore(`${dir}/${entry.name}`, entryKind(entry));
      }
      return names.sort();
    } catch (error) {
      if (isMissing(error)) return [];
      throw error;
    }
  }
}
