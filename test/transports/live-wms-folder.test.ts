/**
 * The WMS fake over a real folder: files dropped into `<dir>/<dcId>/in` are read at the batch
 * window, and a truncated file and one with a bad checksum are quarantined with reason files.
 * The live env runs fast and starts just before the window, so the window comes in ~100 ms.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatBatchFile, parseBatchFile } from '../../legacy-fakes/wms/batch-file.ts';
import type { WmsDcConfig } from '../../legacy-fakes/wms/wms-fake.ts';
import { startLiveWms, type LiveWms } from '../../sim/live/live-wms.live.ts';
import { FolderPathError, LiveWmsFolder } from '../../sim/live/wms-folder.live.ts';

const DC1: WmsDcConfig = {
  dcId: 'DC1',
  timeZone: 'America/Chicago',
  batchWindowLocal: '02:00',
  shipWaveLocal: '14:00',
  snapshotLocal: '23:30',
  stock: { 'SKU-1': 10, 'SKU-2': 5 },
};
/** 01:59:58 in Chicago (CST, UTC-6): the window is 2 simulated seconds away. */
const JUST_BEFORE_WINDOW_MS = Date.parse('2026-11-03T01:59:58-06:00');
const SPEED = 20;
// A hang detector, not a speed check: the window comes in ~100 ms, far later on a loaded machine.
const WAIT_MS_MAX = 60_000;

let dir = '';
let live: LiveWms | undefined;

afterEach(() => {
  live?.stop();
  live = undefined;
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
  dir = '';
});

function release(controlNumber: number, rows: string[][]): string {
  return formatBatchFile({ docType: 'RELEASE', controlNumber, dcId: 'DC1', createdLocal: '2026-11-03T01:00:00', asOfLocal: '', rows });
}

function name(controlNumber: number): string {
  return `RELEASE_DC1_${String(controlNumber).padStart(8, '0')}.csv`;
}

async function until(done: () => boolean): Promise<void> {
  const started = performance.now();
  while (!done()) {
    if (performance.now() - started > WAIT_MS_MAX) throw new Error(`not done within ${WAIT_MS_MAX} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('WMS over a real folder', () => {
  it('quarantines a truncated and a bad-checksum file with reason files at the batch window, and applies a good one', async () => {
    dir = mkdtempSync(join(tmpdir(), 'converge-wms-'));
    const inDir = join(dir, 'DC1', 'in');
    mkdirSync(inDir, { recursive: true });
    const good = release(1, [['FO-1', '1', 'SKU-1', '2']]);
    const truncated = release(2, [['FO-2', '1', 'SKU-1', '1']]).slice(0, -30);
    const badChecksum = release(3, [['FO-3', '1', 'SKU-2', '1']]).replace('SKU-2,1', 'SKU-2,4');
    writeFileSync(join(inDir, name(1)), good);
    writeFileSync(join(inDir, name(2)), truncated);
    writeFileSync(join(inDir, name(3)), badChecksum);
    writeFileSync(join(inDir, `${name(4)}.tmp`), 'still being written');
    const log: string[] = [];

    live = startLiveWms({ dcs: [DC1], seed: 1, speed: SPEED, startEpochMs: JUST_BEFORE_WINDOW_MS, dir, log: (line) => log.push(line) });
    expect(live.dcs[0]?.batchWindowInRealMs).toBeCloseTo(2_000 / SPEED, -1);
    const quarantine = join(dir, 'DC1', 'quarantine');
    await until(() => live?.wms.truth()[0]?.releaseFilesRead.length === 3);

    expect(readdirSync(quarantine).sort()).toEqual([name(2), `${name(2)}.reason`, name(3), `${name(3)}.reason`]);
    expect(readFileSync(join(quarantine, `${name(2)}.reason`), 'utf8').split('\n')[0]).toBe('TRUNCATED');
    expect(readFileSync(join(quarantine, `${name(3)}.reason`), 'utf8').split('\n')[0]).toBe('BAD_CHECKSUM');
    // Moved, not copied: the damaged bytes are kept as they came, for a person to look at.
    expect(readFileSync(join(quarantine, name(2)), 'utf8')).toBe(truncated);
    expect(readdirSync(join(dir, 'DC1', 'archive'))).toEqual([name(1)]);
    expect(readdirSync(inDir)).toEqual([`${name(4)}.tmp`]);

    const truth = live.wms.truth()[0];
    expect(truth?.quarantined.map(({ name: file, reason }) => `${file} ${reason}`)).toEqual([`${name(2)} TRUNCATED`, `${name(3)} BAD_CHECKSUM`]);
    expect(truth?.lines.map((line) => `${line.foId} ${line.status}`)).toEqual(['FO-1 ACCEPTED']);

    // docs/legacy-protocols.md: a file that fails its checks is rejected whole, one ACK row with the reason.
    const outDir = join(dir, 'DC1', 'out');
    const ackRows = readdirSync(outDir)
      .filter((file) => file.startsWith('ACK_'))
      .sort()
      .flatMap((file) => {
        const parsed = parseBatchFile(readFileSync(join(outDir, file), 'utf8'));
        if (!parsed.ok) throw new Error(`${file}: ${parsed.message}`);
        return parsed.doc.rows.map((row) => row.join(','));
      });
    expect(ackRows).toEqual(['1,FO-1,1,ACCEPTED,', '2,,0,REJECTED,TRUNCATED', '3,,0,REJECTED,BAD_CHECKSUM']);
    expect(log.some((line) => line.includes('wms.file.quarantined'))).toBe(true);
  });

  it('leaves a name with a path separator where it is and touches nothing outside the folder', async () => {
    dir = mkdtempSync(join(tmpdir(), 'converge-wms-'));
    const inDir = join(dir, 'root', 'DC1', 'in');
    mkdirSync(inDir, { recursive: true });
    writeFileSync(join(inDir, '..\\RELEASE_DC1_00000001.csv'), release(1, [['FO-1', '1', 'SKU-1', '1']]));
    live = startLiveWms({ dcs: [DC1], seed: 1, speed: SPEED, startEpochMs: JUST_BEFORE_WINDOW_MS, dir: join(dir, 'root'), log: () => undefined });
    await until(() => (live?.wms.truth()[0]?.refusedNames.length ?? 0) > 0);
    expect(readdirSync(inDir)).toEqual(['..\\RELEASE_DC1_00000001.csv']);
    expect(readdirSync(dir)).toEqual(['root']);
  });
});

describe('WMS over a real folder whose quarantine is a link out of it', () => {
  it('moves nothing through the link: the bad file stays in in/, the window says why and stops', async () => {
    dir = mkdtempSync(join(tmpdir(), 'converge-wms-'));
    const inDir = join(dir, 'root', 'DC1', 'in');
    mkdirSync(inDir, { recursive: true });
    mkdirSync(join(dir, 'outside'));
    symlinkSync(join(dir, 'outside'), join(dir, 'root', 'DC1', 'quarantine'));
    writeFileSync(join(inDir, name(1)), release(1, [['FO-1', '1', 'SKU-1', '1']]).slice(0, -30));
    const lines: string[] = [];
    live = startLiveWms({ dcs: [DC1], seed: 1, speed: SPEED, startEpochMs: JUST_BEFORE_WINDOW_MS, dir: join(dir, 'root'), log: (line) => lines.push(line) });
    await until(() => lines.some((line) => line.includes('wms.window.stopped')));
    expect(lines.find((line) => line.includes('wms.window.stopped'))).toMatch(/RELEASE_DC1_00000001\.csv: refusing \/wms\/DC1\/quarantine\/RELEASE_DC1_00000001\.csv: .*quarantine is a symbolic link/);
    expect(readdirSync(join(dir, 'outside'))).toEqual([]);
    expect(readdirSync(inDir)).toEqual([name(1)]);
  });
});

describe('LiveWmsFolder', () => {
  it('never follows a symbolic link below its root, and logs once what it ignored and why', () => {
    dir = mkdtempSync(join(tmpdir(), 'converge-wms-'));
    const root = join(dir, 'root');
    const outside = join(dir, 'outside');
    mkdirSync(join(root, 'DC1', 'in'), { recursive: true });
    mkdirSync(outside);
    symlinkSync(outside, join(root, 'DC1', 'quarantine'));
    writeFileSync(join(outside, 'secret.csv'), 'not yours\n');
    symlinkSync(join(outside, 'secret.csv'), join(root, 'DC1', 'in', 'RELEASE_DC1_00000009.csv'));
    writeFileSync(join(root, 'DC1', 'in', 'RELEASE_DC1_00000001.csv'), 'x\n');
    const lines: string[] = [];
    const folder = new LiveWmsFolder(root, (line) => lines.push(line));
    expect(() => folder.rename('/wms/DC1/in/RELEASE_DC1_00000001.csv', '/wms/DC1/quarantine/RELEASE_DC1_00000001.csv')).toThrow(FolderPathError);
    expect(() => folder.write('/wms/DC1/quarantine/x.reason', 'BAD\n')).toThrow(/quarantine is a symbolic link, and the WMS folder never follows links out of its root/);
    expect(readdirSync(outside)).toEqual(['secret.csv']);
    expect(readdirSync(join(root, 'DC1', 'in'))).toContain('RELEASE_DC1_00000001.csv');
    expect(folder.read('/wms/DC1/quarantine/secret.csv')).toBeUndefined();
    expect(folder.list('/wms/DC1/quarantine')).toEqual([]);
    expect(folder.read('/wms/DC1/in/RELEASE_DC1_00000009.csv')).toBeUndefined();
    expect(folder.list('/wms/DC1/in')).toEqual(['RELEASE_DC1_00000001.csv']);
    expect(folder.list('/wms/DC1/in')).toEqual(['RELEASE_DC1_00000001.csv']);
    expect(lines).toEqual([
      `ignored /wms/DC1/quarantine/secret.csv: ${join(root, 'DC1', 'quarantine')} is a symbolic link (never followed)`,
      `ignored /wms/DC1/quarantine: ${join(root, 'DC1', 'quarantine')} is a symbolic link (never followed)`,
      'ignored /wms/DC1/in/RELEASE_DC1_00000009.csv: a symbolic link (never followed)',
    ]);
  });

  it('maps /wms/<dcId>/... under its root and refuses anything that could climb out', () => {
    const folder = new LiveWmsFolder('/srv/drop');
    expect(folder.realPath('/wms/DC1/in/RELEASE_DC1_00000001.csv')).toBe('/srv/drop/DC1/in/RELEASE_DC1_00000001.csv');
    for (const path of ['/etc/passwd', '/wms/DC1/../../etc/passwd', '/wms/DC1/in/..', '/wms/DC1//x', '/wms/DC1/in/a\\b', '/wms/./x', 'wms/DC1/in/x', '/wms/DC1/in/x\u0000']) {
      expect(() => folder.realPath(path), path).toThrow(FolderPathError);
    }
  });

  it('writes whole files only (temp + rename), reads, lists regular files sorted, renames across folders', () => {
    dir = mkdtempSync(join(tmpdir(), 'converge-wms-'));
    const folder = new LiveWmsFolder(dir);
    folder.write('/wms/DC1/out/B.csv', 'b\n');
    folder.write('/wms/DC1/out/A.csv', 'a\n');
    mkdirSync(join(dir, 'DC1', 'out', 'C-is-a-folder'));
    expect(folder.list('/wms/DC1/out')).toEqual(['A.csv', 'B.csv']);
    expect(folder.read('/wms/DC1/out/A.csv')).toBe('a\n');
    expect(folder.read('/wms/DC1/out/missing.csv')).toBeUndefined();
    expect(folder.read('/wms/DC1/out/C-is-a-folder')).toBeUndefined();
    expect(folder.list('/wms/DC9/in')).toEqual([]);
    folder.rename('/wms/DC1/out/A.csv', '/wms/DC1/archive/A.csv');
    expect(folder.read('/wms/DC1/archive/A.csv')).toBe('a\n');
    expect(readdirSync(join(dir, 'DC1', 'out')).sort()).toEqual(['B.csv', 'C-is-a-folder']);
  });
});
