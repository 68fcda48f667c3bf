/**
 * The WMS fake's shared folder on a real directory, for live mode: the fake's paths
 * `/wms/<dcId>/<sub>/<name>` map to `<root>/<dcId>/<sub>/<name>`. Calls are synchronous
 * (node:fs *Sync), because a fake acts inside one event. Every write goes to a temporary name
 * ending in `.tmp` (which readers skip) and is renamed into place, so nobody sees half a file.
 * A path segment that is empty, `.` or `..`, or holds a path separator, is refused: nothing the
 * fake is handed from a file name can reach outside the root.
 */
import { lstatSync, mkdirSync, openSync, readSync, closeSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
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

export class LiveWmsFolder implements FakeFolder {
  readonly root: string;
  private tempCount = 0;

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

  write(path: string, content: string): void {
    const target = this.realPath(path);
    mkdirSync(dirname(target), { recursive: true });
    this.tempCount += 1;
    const temp = `${target}.${process.pid}-${this.tempCount}.tmp`;
    writeFileSync(temp, content, 'utf8');
    renameSync(temp, target);
  }

  rename(fromPath: string, toPath: string): void {
    const from = this.realPath(fromPath);
    const to = this.realPath(toPath);
    mkdirSync(dirname(to), { recursive: true });
    renameSync(from, to);
    // The fake's own `.tmp` -> final renames are routine; moves between folders are news.
    if (dirname(from) !== dirname(to)) this.log(`moved ${fromPath} -> ${toPath}`);
  }

  /** The file's text, or undefined if there is no regular file there (symlinks are not followed). */
  read(path: string): string | undefined {
    const real = this.realPath(path);
    let size: number;
    try {
      const stats = lstatSync(real);
      if (!stats.isFile()) return undefined;
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
    try {
      return readdirSync(this.realPath(dir), { withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) => entry.name)
        .sort();
    } catch (error) {
      if (isMissing(error)) return [];
      throw error;
    }
  }
}
