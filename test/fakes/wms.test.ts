import { describe, expect, it } from 'vitest';
import { WmsFake } from '../../legacy-fakes/wms/wms-fake.ts';
import { FakeConfigError } from '../../legacy-fakes/config-error.ts';
import { DAY_MS, MemoryFolder, TestEnv } from './test-env.ts';
import { DC1, chicago, dropRelease, outDocs, releaseText, startDcs, startWms } from './wms-helpers.ts';
import { oracleLocal } from './local-time-oracle.ts';

describe('WMS snapshot', () => {
  it('writes one at start, as of now, on hand by SKU', () => {
    const { env, folder } = startWms();
    expect(folder.list('/wms/DC1/out')).toEqual(['SNAPSHOT_DC1_00000001.csv']);
    expect(outDocs(folder, 'SNAPSHOT')[0]?.doc).toEqual({
      docType: 'SNAPSHOT',
      controlNumber: 1,
      dcId: 'DC1',
      createdLocal: '2026-11-27T23:45:00',
      asOfLocal: '2026-11-27T23:45:00',
      rows: [
        ['SKU-1', '10'],
        ['SKU-2', '3'],
      ],
    });
    expect(env.recordsOf('wms.snapshot.written').map((record) => record.detail)).toEqual(['SNAPSHOT_DC1_00000001.csv skus=2']);
  });

  it('writes one every night at snapshot time, local, across the DST change', () => {
    const env = new TestEnv(Date.UTC(2026, 9, 29, 12)); // late October: Chicago falls back on 1 November
    const folder = new MemoryFolder();
    new WmsFake(env, folder, [DC1]).start();
    env.advance(6 * DAY_MS);
    const snapshots = outDocs(folder, 'SNAPSHOT').map(({ doc }) => doc.asOfLocal);
    expect(snapshots).toEqual([
      '2026-10-29T07:00:00',
      '2026-10-29T23:30:00',
      '2026-10-30T23:30:00',
      '2026-10-31T23:30:00',
      '2026-11-01T23:30:00',
      '2026-11-02T23:30:00',
      '2026-11-03T23:30:00',
    ]);
    for (const record of env.recordsOf('wms.snapshot.written').slice(1)) {
      expect(oracleLocal(record.atMs, 'America/Chicago').slice(11)).toBe('23:30:00');
    }
  });
});

describe('WMS batch window', () => {
  it('reads a release file only at the batch window, not before', () => {
    const { env, folder, wms } = startWms();
    const name = dropRelease(folder, 1, [['FO-1', '1', 'SKU-1', '2']]);
    env.runUntil(chicago(28, 2) - 1);
    expect(wms.truth()[0]?.releaseFilesRead).toEqual([]);
    expect(outDocs(folder, 'ACK')).toEqual([]);
    env.runUntil(chicago(28, 2));
    expect(wms.truth()[0]?.releaseFilesRead).toEqual([name]);
    expect(env.recordsOf('wms.release.read')).toEqual([{ atMs: chicago(28, 2), kind: 'wms.release.read', reference: '', detail: `${name} rows=1` }]);
  });

  it('applies neither temporary files nor names that are not its release files (wms-reading.test.ts: where they go)', () => {
    const { env, folder, wms } = startWms();
    const text = releaseText(1, [['FO-1', '1', 'SKU-1', '2']]);
    for (const name of [
      'RELEASE_DC1_00000001.csv.tmp',
      'RELEASE_DC2_00000001.csv',
      'release_DC1_00000001.csv',
      'RELEASE_DC1_1.csv',
      'RELEASE_DC1_00000001.csv.bak',
      'ACK_DC1_00000001.csv',
    ]) {
      folder.write(`/wms/DC1/in/${name}`, text);
    }
    env.runUntil(chicago(28, 3));
    expect(wms.truth()[0]?.releaseFilesRead).toEqual([]);
    expect(wms.truth()[0]?.lines).toEqual([]);
  });

  it('accepts lines the available stock covers and rejects the rest OUT_OF_STOCK, one ACK per file', () => {
    const { env, folder, wms } = startWms();
    dropRelease(folder, 1, [
      ['FO-1', '1', 'SKU-1', '6'],
      ['FO-1', '2', 'SKU-1', '5'], // only 4 left once line 1 is promised
      ['FO-2', '1', 'SKU-2', '3'],
      ['FO-3', '1', 'SKU-9', '1'], // a SKU this DC never stocked
    ]);
    dropRelease(folder, 2, [['FO-4', '1', 'SKU-1', '4']]);
    env.runUntil(chicago(28, 2));
    const acks = outDocs(folder, 'ACK');
    expect(acks.map(({ name }) => name)).toEqual(['ACK_DC1_00000002.csv', 'ACK_DC1_00000003.csv']);
    expect(acks[0]?.doc.rows).toEqual([
      ['1', 'FO-1', '1', 'ACCEPTED', ''],
      ['1', 'FO-1', '2', 'REJECTED', 'OUT_OF_STOCK'],
      ['1', 'FO-2', '1', 'ACCEPTED', ''],
      ['1', 'FO-3', '1', 'REJECTED', 'OUT_OF_STOCK'],
    ]);
    expect(acks[1]?.doc.rows).toEqual([['2', 'FO-4', '1', 'ACCEPTED', '']]);
    expect(wms.truth()[0]?.lines.map((line) => `${line.foId}:${line.lineNo} ${line.status} ${line.reason}`)).toEqual([
      'FO-1:1 ACCEPTED ',
      'FO-1:2 REJECTED OUT_OF_STOCK',
      'FO-2:1 ACCEPTED ',
      'FO-3:1 REJECTED OUT_OF_STOCK',
      'FO-4:1 ACCEPTED ',
    ]);
    expect(env.recordsOf('wms.line.accepted').map((record) => record.reference)).toEqual(['FO-1:1', 'FO-2:1', 'FO-4:1']);
    expect(env.recordsOf('wms.line.rejected').map((record) => record.reference)).toEqual(['FO-1:2', 'FO-3:1']);
    expect(wms.truth()[0]?.onHand.get('SKU-1')).toBe(10); // promised, not yet shipped
  });

  it('reads files in control-number order, each only once', () => {
    const { env, folder, wms } = startWms();
    dropRelease(folder, 2, [['FO-2', '1', 'SKU-1', '1']]);
    dropRelease(folder, 1, [['FO-1', '1', 'SKU-1', '1']]);
    env.runUntil(chicago(29, 3));
    dropRelease(folder, 3, [['FO-3', '1', 'SKU-1', '1']]);
    env.runUntil(chicago(30, 3));
    expect(wms.truth()[0]?.releaseFilesRead).toEqual([
      'RELEASE_DC1_00000001.csv',
      'RELEASE_DC1_00000002.csv',
      'RELEASE_DC1_00000003.csv',
    ]);
    expect(outDocs(folder, 'ACK').map(({ doc }) => doc.rows[0]?.[0])).toEqual(['1', '2', '3']);
    expect(wms.truth()[0]?.lines.map((line) => line.foId)).toEqual(['FO-1', 'FO-2', 'FO-3']);
  });

  it.each([
    ['BAD_CHECKSUM', (text: string) => text.replace('SKU-1,2', 'SKU-1,9')],
    ['TRUNCATED', (text: string) => text.slice(0, text.length - 30)],
    ['BAD_ROW_COUNT', (text: string) => text.replace(/\nT,2,/, '\nT,1,')],
  ])('rejects a file whole with %s: one ACK row, no lines, no stock promised', (reason, damage) => {
    const { env, folder, wms } = startWms();
    const text = releaseText(1, [
      ['FO-1', '1', 'SKU-1', '2'],
      ['FO-1', '2', 'SKU-2', '1'],
    ]);
    dropRelease(folder, 1, [], damage(text));
    env.runUntil(chicago(28, 2));
    expect(outDocs(folder, 'ACK').map(({ doc }) => doc.rows)).toEqual([[['1', '', '0', 'REJECTED', reason]]]);
    expect(env.recordsOf('wms.file.rejected').map((record) => record.detail)).toEqual([`RELEASE_DC1_00000001.csv ${reason}`]);
    expect(wms.truth()[0]?.lines).toEqual([]);
    expect(wms.truth()[0]?.releaseFilesRead).toEqual(['RELEASE_DC1_00000001.csv']);
    env.runUntil(chicago(29, 15));
    expect(outDocs(folder, 'SHIPCONF').flatMap(({ doc }) => doc.rows)).toEqual([]);
  });

  it('rejects as MALFORMED an authentic file whose header disagrees with its name or whose lines are not numbers', () => {
    const { env, folder } = startWms();
    dropRelease(folder, 1, [], releaseText(7, [['FO-1', '1', 'SKU-1', '2']]));
    dropRelease(folder, 2, [], releaseText(2, [['FO-1', '1', 'SKU-1', 'two']]));
    dropRelease(folder, 3, [], releaseText(3, [['FO-1', '1', 'SKU-1', '2']], 'DC2'));
    env.runUntil(chicago(28, 2));
    expect(outDocs(folder, 'ACK').map(({ doc }) => doc.rows[0])).toEqual([
      ['1', '', '0', 'REJECTED', 'MALFORMED'],
      ['2', '', '0', 'REJECTED', 'MALFORMED'],
      ['3', '', '0', 'REJECTED', 'MALFORMED'],
    ]);
  });

  it('rejects as MALFORMED a release that lists one (foId, lineNo) twice, and picks none of it', () => {
    const { env, folder, wms } = startWms();
    dropRelease(folder, 1, [
      ['FO-1', '1', 'SKU-1', '2'],
      ['FO-2', '1', 'SKU-2', '1'],
      ['FO-1', '1', 'SKU-1', '3'],
    ]);
    env.runUntil(chicago(28, 2));
    expect(outDocs(folder, 'ACK').map(({ doc }) => doc.rows)).toEqual([[['1', '', '0', 'REJECTED', 'MALFORMED']]]);
    expect(folder.read('/wms/DC1/quarantine/RELEASE_DC1_00000001.csv.reason')).toBe('MALFORMED\ndetail row 3: FO FO-1 line 1 is already detail row 1; a release lists each (foId, lineNo) once\n');
    expect(wms.truth()[0]?.lines).toEqual([]);
    env.runUntil(chicago(29, 15));
    expect(outDocs(folder, 'SHIPCONF').flatMap(({ doc }) => doc.rows)).toEqual([]);
  });
});

describe('WMS ship wave', () => {
  it('ships accepted lines at the wave: one shipment per FO, one SHIPCONF, on hand down', () => {
    const { env, folder, wms } = startWms();
    dropRelease(folder, 1, [
      ['FO-1', '1', 'SKU-1', '2'],
      ['FO-2', '1', 'SKU-2', '1'],
      ['FO-1', '2', 'SKU-2', '1'],
      ['FO-3', '1', 'SKU-2', '9'],
    ]);
    env.runUntil(chicago(28, 14) - 1);
    expect(outDocs(folder, 'SHIPCONF')).toEqual([]);
    env.runUntil(chicago(28, 14));
    const shipconfs = outDocs(folder, 'SHIPCONF');
    expect(shipconfs.map(({ name }) => name)).toEqual(['SHIPCONF_DC1_00000003.csv']);
    expect(shipconfs[0]?.doc.rows).toEqual([
      ['SHP-DC1-1', 'FO-1', '1', 'SKU-1', '2', '2026-11-28T14:00:00'],
      ['SHP-DC1-2', 'FO-2', '1', 'SKU-2', '1', '2026-11-28T14:00:00'],
      ['SHP-DC1-1', 'FO-1', '2', 'SKU-2', '1', '2026-11-28T14:00:00'],
    ]);
    const truth = wms.truth()[0]!;
    expect(truth.onHand).toEqual(new Map([['SKU-1', 8], ['SKU-2', 1]]));
    // The nightly checks' cheaper reading agrees with the full truth, and is a copy too.
    const stock = wms.stockTruth()[0]!;
    expect([stock.dcId, stock.onHand, stock.filesWritten]).toEqual([truth.dcId, truth.onHand, truth.filesWritten]);
    (stock.onHand as Map<string, number>).set('SKU-1', -1);
    expect(wms.stockTruth()[0]?.onHand.get('SKU-1')).toBe(8);
    expect(truth.lines.map((line) => `${line.foId}:${line.lineNo} ${line.status} ${line.shippedQuantity}`)).toEqual([
      'FO-1:1 SHIPPED 2',
      'FO-2:1 SHIPPED 1',
      'FO-1:2 SHIPPED 1',
      'FO-3:1 REJECTED 0',
    ]);
    expect(env.recordsOf('wms.line.shipped').map((record) => `${record.reference} ${record.detail}`)).toEqual([
      'FO-1:1 DC1 SHP-DC1-1 SKU-1x2',
      'FO-2:1 DC1 SHP-DC1-2 SKU-2x1',
      'FO-1:2 DC1 SHP-DC1-1 SKU-2x1',
    ]);
    // Shipped once: the next wave has nothing left to ship.
    env.runUntil(chicago(29, 14));
    expect(outDocs(folder, 'SHIPCONF').map(({ doc }) => doc.rows.length)).toEqual([3, 0]);
    // The night's snapshot sees the shipment.
    env.runUntil(chicago(29, 23, 30));
    expect(outDocs(folder, 'SNAPSHOT').at(-1)?.doc.rows).toEqual([
      ['SKU-1', '8'],
      ['SKU-2', '1'],
    ]);
  });

  it('frees promised stock only by shipping it: available is on hand minus accepted, unshipped lines', () => {
    const { env, folder } = startWms();
    dropRelease(folder, 1, [['FO-1', '1', 'SKU-2', '3']]);
    env.runUntil(chicago(28, 3));
    dropRelease(folder, 2, [['FO-2', '1', 'SKU-2', '1']]);
    env.runUntil(chicago(29, 3)); // shipped at 14:00 on the 28th: on hand is 0 now
    expect(outDocs(folder, 'ACK').map(({ doc }) => doc.rows[0]?.[3])).toEqual(['ACCEPTED', 'REJECTED']);
  });
});

describe('WMS files', () => {
  it('numbers every file it writes from one sequence, written under .tmp then renamed', () => {
    const { env, folder } = startWms();
    const writes: string[] = [];
    const write = folder.write.bind(folder);
    folder.write = (path, content) => {
      writes.push(path);
      write(path, content);
    };
    dropRelease(folder, 1, [['FO-1', '1', 'SKU-1', '1']]);
    env.runUntil(chicago(28, 23, 59));
    expect(writes.filter((path) => path.includes('/out/'))).toEqual([
      '/wms/DC1/out/ACK_DC1_00000002.csv.tmp',
      '/wms/DC1/out/SHIPCONF_DC1_00000003.csv.tmp',
      '/wms/DC1/out/SNAPSHOT_DC1_00000004.csv.tmp',
    ]);
    expect(folder.list('/wms/DC1/out')).toEqual([
      'ACK_DC1_00000002.csv',
      'SHIPCONF_DC1_00000003.csv',
      'SNAPSHOT_DC1_00000001.csv',
      'SNAPSHOT_DC1_00000004.csv',
    ]);
    expect(env.recordsOf('wms.file.written').map((record) => record.detail)).toEqual(['ACK_DC1_00000002.csv', 'SHIPCONF_DC1_00000003.csv']);
  });

  it('keeps each DC to its own folders', () => {
    const { env, folder, wms } = startDcs([DC1, { ...DC1, dcId: 'DC2', timeZone: 'Europe/Berlin' }]);
    dropRelease(folder, 1, [['FO-1', '1', 'SKU-1', '1']]);
    env.runUntil(chicago(28, 3));
    expect(wms.truth().map((dc) => dc.releaseFilesRead.length)).toEqual([1, 0]);
    expect(folder.list('/wms/DC2/out')).toEqual(['SNAPSHOT_DC2_00000001.csv']);
    expect(outDocs(folder, 'SNAPSHOT')[0]?.doc.dcId).toBe('DC1');
  });
});

describe('WMS configuration', () => {
  const env = new TestEnv(0);
  it.each([
    [{ ...DC1, dcId: 'DC_1' }, /^dcs\[0\]\.dcId: expected letters, digits or "-", got "DC_1"$/],
    [{ ...DC1, timeZone: 'Chicago' }, /^dcs\[0\]\.timeZone: expected an IANA time zone/],
    [{ ...DC1, shipWaveLocal: '14h00' }, /^dcs\[0\]\.shipWaveLocal: expected a local time "HH:mm"/],
    [{ ...DC1, stock: { 'SKU-1': 1.5 } }, /^dcs\[0\]\.stock\["SKU-1"\]: expected a non-negative integer, got 1.5$/],
  ])('rejects %j, naming the field', (config, message) => {
    expect(() => new WmsFake(env, new MemoryFolder(), [config])).toThrow(FakeConfigError);
    expect(() => new WmsFake(env, new MemoryFolder(), [config])).toThrow(message);
  });

  it('refuses to start twice', () => {
    const wms = new WmsFake(env, new MemoryFolder(), [DC1]);
    wms.start();
    expect(() => wms.start()).toThrow(/already started/);
  });
});
