import type { FilesPort } from '../../orchestrator/ports.ts';
import { VirtualFolder } from '../world/virtual-folder.ts';

/**
 * The shadow's batch folder: a private copy that sees every file the WMS writes or moves, and
 * the shadow's own writes, which never reach the WMS (recorded, not executed).
 */
export class ShadowFolder {
  private readonly folder = new VirtualFolder({ fileWritten: () => undefined, fileRenamed: () => undefined });
  private written = 0;

  wmsWrote(path: string, content: string): void {
    this.folder.write(path, content, 'wms');
  }

  /** The WMS moved a file: the shadow's copy of it (if it wrote one by that name) moves too. */
  wmsRenamed(fromPath: string, toPath: string): void {
    if (this.folder.read(fromPath) !== undefined) this.folder.rename(fromPath, toPath, 'wms');
  }

  filesPort(): FilesPort {
    const port = this.folder.asFilesPort('shadow');
    return {
      ...port,
      write: (path, content) => {
        this.written++;
        return port.write(path, content);
      },
    };
  }

  /** Files the shadow wrote (releases the WMS never saw). */
  filesWritten(): number {
    return this.written;
  }
}
