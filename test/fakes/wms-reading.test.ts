import { describe, expect, it } from 'vitest';
import { chicago, dropRelease, outDocs, releaseName, releaseText, startWms } from './wms-helpers.ts';

describe('WMS reading: where a read file goes', () => {
  it('moves an applied release to archive/, so in/ holds only what is still to read', () => {
    const { env, folder, truth } = startWms();
    const name = dropRelease(folder, 1, [['FO-1', '1', 'SKU-1', '2']]);
    const text = folder.read(`/wms/DC1/in/${name}`);
    env.runUntil(chicago(28, 2));
    expect(folder.list('/wms/DC1/in')).toEqual([]);
    expect(folder.read(`/wms/DC1/archive/${name}`)).toBe(text);
    expect(folder.list('/wms/DC1/quarantine')).toEqual([]);
    expect(truth().quarantined).toEqual([]);
  });

  it.each([
    ['BAD_CHECKSUM', (text: string) => text.replace('SKU-1,2', 'SKU-1,9'), /^sha256 of the content is [0-9a-f]{64}, the trailer says [0-9a-f]{64}$/],
    ['TRUNCATED', (text: string) => text.slice(0, text.length - 30), /^the file does not end with a line end$/],
    ['BAD_ROW_COUNT', (text: string) => text.replace(/\nT,2,/, '\nT,1,'), /^the trailer says 1 detail rows, the file has 2$/],
  ])('quarantines a %s file with a reason file, still answers it with one ACK row, applies nothing', (reason, damage, message) => {
    const { env, folder, truth } = startWms();
    const text = damage(
      releaseText(1, [
        ['FO-1', '1', 'SKU-1', '2'],
        ['FO-1', '2', 'SKU-2', '1'],
      ]),
    );
    const name = dropRelease(folder, 1, [], text);
    env.runUntil(chicago(28, 2));
    const path = `/wms/DC1/quarantine/${name}`;
    expect(folder.list('/wms/DC1/in')).toEqual([]);
    expect(folder.list('/wms/DC1/quarantine')).toEqual([name, `${name}.reason`]);
    expect(folder.read(path)).toBe(text);
    const [code, why, end] = (folder.read(`${path}.reason`) ?? '').split('\n');
    expect(code).toBe(reason);
    expect(why).toMatch(message);
    expect(end).toBe('');
    expect(truth().quarantined).toEqual([{ name, path, reason, message: why, atMs: chicago(28, 2) }]);
    expect(outDocs(folder, 'ACK').map(({ doc }) => doc.rows)).toEqual([[['1', '', '0', 'REJECTED', reason]]]);
    expect(truth().lines).toEqual([]);
    expect(env.recordsOf('wms.file.quarantined').map((record) => record.detail)).toEqual([`${name} -> ${path} ${reason}`]);
  });

  it('quarantines a MALFORMED file (authentic, but for another DC) the same way', () => {
    const { env, folder, truth } = startWms();
    const name = dropRelease(folder, 1, [], releaseText(1, [['FO-1', '1', 'SKU-1', '2']], 'DC9'));
    env.runUntil(chicago(28, 2));
    expect(folder.read(`/wms/DC1/quarantine/${name}.reason`)).toBe('MALFORMED\nthe header names DC "DC9", expected "DC1"\n');
    expect(outDocs(folder, 'ACK')[0]?.doc.rows).toEqual([['1', '', '0', 'REJECTED', 'MALFORMED']]);
    expect(truth().lines).toEqual([]);
  });
});

describe('WMS reading: file names', () => {
  const badNames = [
    'RELEASE_DC2_00000001.csv', // another DC's file
    'release_DC1_00000001.csv',
    'RELEASE_DC1_1.csv',
    'RELEASE_DC1_00000001.csv.bak',
    'RELEASE_DC1_00000000.csv', // control numbers start at 1
    'ACK_DC1_00000001.csv',
    'notes.txt',
  ];

  it('quarantines every name that is not a release file name with BAD_NAME; no ACK, nothing applied', () => {
    const { env, folder, truth } = startWms();
    const text = releaseText(1, [['FO-1', '1', 'SKU-1', '2']]);
    for (const name of badNames) folder.write(`/wms/DC1/in/${name}`, text);
    env.runUntil(chicago(28, 3));
    expect(folder.list('/wms/DC1/in')).toEqual([]);
    expect(truth().quarantined.map((file) => `${file.name} ${file.reason}`)).toEqual([...badNames].sort().map((name) => `${name} BAD_NAME`));
    for (const name of badNames) {
      expect(folder.read(`/wms/DC1/quarantine/${name}`)).toBe(text);
      expect(folder.read(`/wms/DC1/quarantine/${name}.reason`)).toBe(
        `BAD_NAME\nexpected a name like RELEASE_DC1_00000001.csv (control number from 1, 8 digits), got ${JSON.stringify(name)}\n`,
      );
    }
    expect(truth().releaseFilesRead).toEqual([]);
    expect(truth().lines).toEqual([]);
    expect(outDocs(folder, 'ACK')).toEqual([]);
  });

  it('leaves .tmp files alone: a writer is still writing them', () => {
    const { env, folder, truth } = startWms();
    folder.write('/wms/DC1/in/RELEASE_DC1_00000001.csv.tmp', 'H,RELEASE,1,DC1,2026');
    env.runUntil(chicago(29, 3));
    expect(folder.list('/wms/DC1/in')).toEqual(['RELEASE_DC1_00000001.csv.tmp']);
    expect(truth().quarantined).toEqual([]);
  });

  it('gives a quarantined name a safe one: no "..", no odd characters', () => {
    const { env, folder, truth } = startWms();
    folder.write('/wms/DC1/in/..RELEASE_DC1_00000001.csv', 'x');
    folder.write('/wms/DC1/in/RELEASE DC1 ✓.csv', 'y');
    env.runUntil(chicago(28, 3));
    expect(truth().quarantined.map((file) => file.path)).toEqual(['/wms/DC1/quarantine/_RELEASE_DC1_00000001.csv', '/wms/DC1/quarantine/RELEASE_DC1__.csv']);
    expect(folder.list('/wms/DC1/quarantine')).toEqual(['RELEASE_DC1__.csv', 'RELEASE_DC1__.csv.reason', '_RELEASE_DC1_00000001.csv', '_RELEASE_DC1_00000001.csv.reason']);
  });

  it('refuses to address a name with a path separator: left in place, recorded once', () => {
    const { env, folder, truth } = startWms();
    folder.write('/wms/DC1/in/..\\out\\ACK_DC1_00000009.csv', 'x');
    env.runUntil(chicago(30, 3));
    expect(folder.list('/wms/DC1/in')).toEqual(['..\\out\\ACK_DC1_00000009.csv']);
    expect(truth().refusedNames).toEqual(['..\\out\\ACK_DC1_00000009.csv']);
    expect(truth().quarantined).toEqual([]);
    expect(env.recordsOf('wms.file.refused')).toHaveLength(1);
  });

  it('keeps every copy when the same bad name is quarantined twice', () => {
    const { env, folder } = startWms();
    folder.write('/wms/DC1/in/notes.txt', 'first');
    env.runUntil(chicago(28, 3));
    folder.write('/wms/DC1/in/notes.txt', 'second');
    env.runUntil(chicago(29, 3));
    expect(folder.list('/wms/DC1/quarantine')).toEqual(['notes.txt', 'notes.txt.reason', 'notes.txt~2', 'notes.txt~2.reason']);
    expect(folder.read('/wms/DC1/quarantine/notes.txt~2')).toBe('second');
  });
});

describe('WMS reading: control numbers', () => {
  it('rejects a re-sent control number whole: DUPLICATE_CONTROL_NUMBER, quarantined, nothing applied twice', () => {
    const { env, folder, wms, truth } = startWms();
    const rows = [['FO-1', '1', 'SKU-1', '2']];
    const name = dropRelease(folder, 1, rows);
    env.runUntil(chicago(28, 3));
    dropRelease(folder, 1, rows); // the orchestrator re-sends after losing the ACK
    env.runUntil(chicago(29, 3));
    expect(outDocs(folder, 'ACK').map(({ doc }) => doc.rows)).toEqual([[['1', 'FO-1', '1', 'ACCEPTED', '']], [['1', '', '0', 'REJECTED', 'DUPLICATE_CONTROL_NUMBER']]]);
    expect(truth().lines).toHaveLength(1);
    expect(truth().releaseFilesRead).toEqual([name, name]);
    expect(truth().quarantined.map((file) => `${file.path} ${file.reason}`)).toEqual([`/wms/DC1/quarantine/${name} DUPLICATE_CONTROL_NUMBER`]);
    expect(folder.read(`/wms/DC1/quarantine/${name}.reason`)).toBe('DUPLICATE_CONTROL_NUMBER\ncontrol number 1 was already applied; a release is applied once\n');
    expect(wms.quirkCounts()).toEqual({});
  });

  it('does not take the control number of a refused file: the corrected re-send is applied', () => {
    const { env, folder, truth } = startWms();
    const rows = [['FO-1', '1', 'SKU-1', '2']];
    dropRelease(folder, 1, rows, releaseText(1, rows).slice(0, 20));
    env.runUntil(chicago(28, 3));
    dropRelease(folder, 1, rows);
    env.runUntil(chicago(29, 3));
    expect(outDocs(folder, 'ACK').map(({ doc }) => doc.rows[0]?.[4])).toEqual(['TRUNCATED', '']);
    expect(truth().lines.map((line) => `${line.foId} ${line.status}`)).toEqual(['FO-1 ACCEPTED']);
  });

  it('applies a gap or a late lower number, and counts each as a sequence gap', () => {
    const { env, folder, wms, truth } = startWms();
    dropRelease(folder, 1, [['FO-1', '1', 'SKU-1', '1']]);
    dropRelease(folder, 3, [['FO-3', '1', 'SKU-1', '1']]);
    env.runUntil(chicago(28, 3));
    dropRelease(folder, 2, [['FO-2', '1', 'SKU-1', '1']]);
    dropRelease(folder, 4, [['FO-4', '1', 'SKU-1', '1']]);
    env.runUntil(chicago(29, 3));
    expect(truth().lines.map((line) => `${line.foId} ${line.status}`)).toEqual(['FO-1 SHIPPED', 'FO-3 SHIPPED', 'FO-2 ACCEPTED', 'FO-4 ACCEPTED']);
    expect(env.recordsOf('wms.sequence_gap').map((record) => record.detail)).toEqual([
      `${releaseName(3)} expected control number 2, got 3`,
      `${releaseName(2)} expected control number 4, got 2`,
    ]);
    expect(truth().sequenceGaps).toBe(2);
    expect(wms.quirkCounts()).toEqual({ 'wms.sequence_gap': 2 });
  });
});
