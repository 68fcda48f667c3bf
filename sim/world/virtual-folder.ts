import type { FilesPort } from '../../orchestrator/ports.ts';
import type { FakeFolder } from '../../legacy-fakes/env.ts';
import { fingerprint } from '../kernel/trace.ts';

export interface FolderObserver {
  fileWritten(path: string, content: string, writer: string): void;
  fileRenamed(fromPath: string, toPath: string, writer: string): void;
}

function splitPath(path: string): { dir: string; name: string } {
  const slash = path.lastIndexOf('/');
  if (slash <= 0 || slash === path.length - 1) throw new Error(`"${path}" is not an absolute file path`);
  return { dir: path.slice(0, slash), name: path.slice(slash + 1) };
}

/** The shared batch folder (an SFTP drop box) both sides write to: files in memory, per directory. */
export class VirtualFolder {
  private readonly dirs = new Map<string, Map<string, string>>();
  /** Each directory's names, sorted once after a change: both sides poll their folders every few minutes. */
  private readonly sortedNames = new Map<string, string[]>();

  constructor(private readonly observer: FolderObserver) {}

  write(path: string, content: string, writer: string): void {
    const { dir, name } = splitPath(path);
    let files = this.dirs.get(dir);
    if (files === undefined) {
      files = new Map();
      this.dirs.set(dir, files);
    }
    files.set(name, content);
    this.sortedNames.delete(dir);
    this.observer.fileWritten(path, content, writer);
  }

  rename(fromPath: string, toPath: string, writer: string): void {
    const content = this.read(fromPath);
    if (content === undefined) throw new Error(`rename: ${fromPath} does not exist`);
    const from = splitPath(fromPath);
    this.dirs.get(from.dir)?.delete(from.name);
    const to = splitPath(toPath);
    let files = this.dirs.get(to.dir);
    if (files === undefined) {
      files = new Map();
      this.dirs.set(to.dir, files);
    }
    files.set(to.name, content);
    this.sortedNames.delete(from.dir);
    this.sortedNames.delete(to.dir);
    this.observer.fileRenamed(fromPath, toPath, writer);
  }

  read(path: string): string | undefined {
    const { dir, name } = splitPath(path);
    return this.dirs.get(dir)?.get(name);
  }

  list(dir: string): string[] {
    let names = this.sortedNames.get(dir);
    if (names === undefined) {
      names = [...(this.dirs.get(dir)?.keys() ?? [])].sort();
      this.sortedNames.set(dir, names);
    }
    return [...names];
  }

  /** The orchestrator's view: async, like a real file system. */
  asFilesPort(writer: string): FilesPort {
    return {
      write: async (path, content) => this.write(path, content, writer),
      rename: async (fromPath, toPath) => this.rename(fromPath, toPath, writer),
      read: async (path) => this.read(path),
      list: async (dir) => this.list(dir),
    };
  }

  /** A fake's view: synchronous, because a fake acts inside one event. */
  asFakeFolder(writer: string): FakeFolder {
    return {
      write: (path, content) => this.write(path, content, writer),
      rename: (fromPath, toPath) => this.rename(fromPath, toPath, writer),
      read: (path) => this.read(path),
      list: (dir) => this.list(dir),
    };
  }
}

export function describeWrite(path: string, content: string): string {
  return `${path} bytes=${content.length} fp=${fingerprint(content)}`;
}
