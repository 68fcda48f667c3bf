/** The orchestrator's FilesPort in memory, for feeding a contract's file to an adapter and catching what it writes. */
import type { FilesPort } from '../../../orchestrator/ports.ts';

export class MemoryFiles implements FilesPort {
  readonly files = new Map<string, string>();

  write(path: string, content: string): Promise<void> {
    this.files.set(path, content);
    return Promise.resolve();
  }

  rename(fromPath: string, toPath: string): Promise<void> {
    const content = this.files.get(fromPath);
    if (content === undefined) return Promise.reject(new Error(`rename: no file ${fromPath}`));
    this.files.delete(fromPath);
    this.files.set(toPath, content);
    return Promise.resolve();
  }

  read(path: string): Promise<string | undefined> {
    return Promise.resolve(this.files.get(path));
  }

  list(dir: string): Promise<string[]> {
    const prefix = dir.endsWith('/') ? dir : `${dir}/`;
    return Promise.resolve(
      [...this.files.keys()]
        .filter((path) => path.startsWith(prefix) && !path.slice(prefix.length).includes('/'))
        .map((path) => path.slice(prefix.length))
        .sort(),
    );
  }
}
