/**
 * A batch window that fails (a file that cannot be moved, a disk that refuses a write) must
 * neither take a release it did not finish nor stop the DC: the file stays in in/ with its
 * control number free, and the next night's window runs and reads it. Before, the control
 * number was marked applied before the move, and a throw never booked the next window: the
 * DC read nothing again while the process looked healthy.
 */
import { describe, expect, it } from 'vitest';
import { WmsFake } from '../../legacy-fakes/wms/wms-fake.ts';
import { chicago, DC1, dropRelease, outDocs, releaseName } from './wms-helpers.ts';
import { MemoryFolder, WatchedEnv } from './test-env.ts';

/** A folder whose next operations matching `fails` throw, as a real disk would. */
class FlakyFolder extends MemoryFolder {
  failures: { op: 'rename' | 'write'; match: RegExp }[] = [];

  override rename(fromPath: string, toPath: string): void {
    this.maybeFail('rename', `${fromPath} -> ${toPath}`);
    super.rename(fromPath, toPath);
  }

  override write(path: string, content: string): void {
    this.maybeFail('write', path);
    super.write(path, content);
  }

  private maybeFail(op: 'rename' | 'write', what: string): void {
    const index = this.failures.findIndex((failure) => failure.op === op && failure.match.test(what));
    if (index < 0) return;
    this.failures.splice(index, 1);
    throw Object.assign(new Error(`EISDIR: illegal operation on a directory, ${op} '${what}'`), { code: 'EISDIR' });
  }
}

function start(): { env: WatchedEnv; folder: FlakyFolder; wms: WmsFake } {
  const env = new WatchedEnv(chicago(27, 23, 45), 1);
  const folder = new FlakyFolder();
  const wms = new WmsFake(env, folder, [DC1]);
  wms.start();
  return { env, folder, wms };
}

describe('a batch window that fails', () => {
  it('leaves a release it could not archive in in/, unapplied, and reads it the next night', () => {
    const { env, folder, wms } = start();
    dropRelease(folder, 1, [['FO-1', '1', 'SKU-1', '2']]);
    dropRelease(folder, 2, [['FO-2', '1', 'SKU-2', '1']]);
    folder.failures.push({ op: 'rename', match: /RELEASE_DC1_00000002\.csv -> \/wms\/DC1\/archive\// });
    env.runUntil(chicago(28, 3));
    // Release 1 was taken and answered; release 2 was not taken at all.
    expect(outDocs(folder, 'ACK').flatMap(({ doc }) => doc.rows)).toEqual([['1', 'FO-1', '1', 'ACCEPTED', '']]);
    expect(folder.read(`/wms/DC1/in/${releaseName(2)}`)).toBeDefined();
    expect(env.recordsOf('wms.window.stopped').map((record) => record.detail)).toEqual([
      `DC1 ${releaseName(2)}: EISDIR: illegal operation on a directory, rename '/wms/DC1/in/${releaseName(2)} -> /wms/DC1/archive/${releaseName(2)}'; it and later files wait for the next window`,
    ]);
    env.runUntil(chicago(29, 3));
    expect(outDocs(folder, 'ACK').flatMap(({ doc }) => doc.rows)).toEqual([
      ['1', 'FO-1', '1', 'ACCEPTED', ''],
      ['2', 'FO-2', '1', 'ACCEPTED', ''],
    ]);
    expect(folder.read(`/wms/DC1/in/${releaseName(2)}`)).toBeUndefined();
    expect(wms.truth()[0]?.lines.map((line) => line.foId)).toEqual(['FO-1', 'FO-2']);
  });

  it('that throws still books the next window', () => {
    const { env, folder } = start();
    dropRelease(folder, 1, [['FO-1', '1', 'SKU-1', '2']]);
    folder.failures.push({ op: 'write', match: /\/out\/ACK_/ });
    expect(() => env.runUntil(chicago(28, 3))).toThrow(/EISDIR/);
    dropRelease(folder, 2, [['FO-2', '1', 'SKU-2', '1']]);
    env.runUntil(chicago(29, 3));
    // The next night ran: release 2 is read and answered.
    expect(outDocs(folder, 'ACK').flatMap(({ doc }) => doc.rows)).toContainEqual(['2', 'FO-2', '1', 'ACCEPTED', '']);
  });
});
