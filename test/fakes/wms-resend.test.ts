import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatBatchFile, parseBatchFile } from '../../legacy-fakes/wms/batch-file.ts';
import { readResendFile, type ResendRow } from '../../legacy-fakes/wms/resend-file.ts';
import type { WmsQuirks } from '../../legacy-fakes/wms/wms-fake.ts';
import type { MemoryFolder } from './test-env.ts';
import { chicago, dropRelease, outFiles, startWms } from './wms-helpers.ts';

function resendText(controlNumber: number, rows: readonly ResendRow[], dcId = 'DC1'): string {
  return formatBatchFile({ docType: 'RESEND', controlNumber, dcId, createdLocal: '2026-11-28T15:00:00', asOfLocal: '', rows: rows.map((row) => [row.kind, String(row.controlNumber)]) });
}

function resendName(controlNumber: number): string {
  return `RESEND_DC1_${String(controlNumber).padStart(8, '0')}.csv`;
}

/** As the orchestrator does it: under a temporary name, then renamed. */
function dropResend(folder: MemoryFolder, controlNumber: number, rows: readonly ResendRow[], text = resendText(controlNumber, rows)): string {
  const name = resendName(controlNumber);
  folder.write(`/wms/DC1/in/${name}.tmp`, text);
  folder.rename(`/wms/DC1/in/${name}.tmp`, `/wms/DC1/in/${name}`);
  return name;
}

const rowArb: fc.Arbitrary<ResendRow> = fc.record({ kind: fc.constantFrom<ResendRow['kind']>('DOCUMENT', 'RELEASE'), controlNumber: fc.integer({ min: 1, max: 99_999_999 }) });

describe('RESEND file format', () => {
  it('reads back exactly what was written (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 99_999_999 }), fc.array(rowArb, { minLength: 1, maxLength: 20 }), (controlNumber, rows) => {
        expect(readResendFile(resendText(controlNumber, rows), 'DC1', controlNumber)).toEqual({ ok: true, rows });
      }),
    );
  });

  it('never throws on damaged text, and never reads a damaged file as a request (property)', () => {
    fc.assert(
      fc.property(fc.array(rowArb, { minLength: 1, maxLength: 5 }), fc.nat(), (rows, cut) => {
        const text = resendText(7, rows);
        const truncated = text.slice(0, cut % text.length);
        expect(readResendFile(truncated, 'DC1', 7)).toMatchObject({ ok: false });
      }),
    );
  });

  const request = (rows: string[][], controlNumber = 3, dcId = 'DC1'): string => formatBatchFile({ docType: 'RESEND', controlNumber, dcId, createdLocal: '2026-11-28T15:00:00', asOfLocal: '', rows });
  it.each([
    ['an unknown row kind', request([['SHIPMENT', '4']]), 'MALFORMED', /detail row 1: expected DOCUMENT or RELEASE, got "SHIPMENT"/],
    ['a control number that is not one', request([['DOCUMENT', '0']]), 'MALFORMED', /detail row 1: control number must be a positive integer, got "0"/],
    ['no rows', request([]), 'MALFORMED', /must name at least one document or release/],
    ['another DC', request([['DOCUMENT', '2']], 3, 'DC2'), 'MALFORMED', /the header names DC "DC2", expected "DC1"/],
    ['a header that disagrees with the name', request([['DOCUMENT', '2']], 4), 'MALFORMED', /the header says control number 4, the file name 3/],
    ['a RELEASE file under a RESEND name', formatBatchFile({ docType: 'RELEASE', controlNumber: 3, dcId: 'DC1', createdLocal: '2026-11-28T15:00:00', asOfLocal: '', rows: [['FO-1', '1', 'SKU-1', '1']] }), 'MALFORMED', /docType is RELEASE, expected RESEND/],
    ['a bad trailer hash', request([['DOCUMENT', '2']]).replace('DOCUMENT,2', 'DOCUMENT,5'), 'BAD_CHECKSUM', /^sha256 of the content is/],
  ])('refuses %s with a reason', (_what, text, reason, message) => {
    const read = readResendFile(text, 'DC1', 3);
    expect(read).toMatchObject({ ok: false, reason });
    expect(read.ok ? '' : read.message).toMatch(message);
  });
});

/** A release read at the 28th's window, shipped at its wave (SHIPCONF 3), with these quirks. */
function shippedWorld(quirks?: WmsQuirks, seed = 1) {
  const world = startWms(quirks, seed);
  dropRelease(world.folder, 1, [['FO-1', '1', 'SKU-1', '2']]);
  world.env.runUntil(chicago(28, 14, 1));
  return world;
}

describe('WMS re-send requests', () => {
  it('answers DOCUMENT n at the end of its next job with a byte-identical copy that keeps control number n', () => {
    const { env, folder, truth } = shippedWorld();
    const original = folder.read('/wms/DC1/out/SHIPCONF_DC1_00000003.csv');
    const name = dropResend(folder, 1, [{ kind: 'DOCUMENT', controlNumber: 3 }]);
    // Not before the next job (here the 23:30 snapshot): the WMS reads in/ only when a job runs.
    env.runUntil(chicago(28, 23, 29));
    expect(folder.read('/wms/DC1/out/SHIPCONF_DC1_00000003_R1.csv')).toBeUndefined();
    env.runUntil(chicago(28, 23, 31));
    expect(folder.read('/wms/DC1/out/SHIPCONF_DC1_00000003_R1.csv')).toBe(original);
    expect(folder.list('/wms/DC1/in')).toEqual([]);
    expect(folder.list('/wms/DC1/archive')).toContain(name);
    expect(truth().resendsHonoured).toEqual([{ name, controlNumber: 1, copies: ['SHIPCONF_DC1_00000003_R1.csv'], atMs: chicago(28, 23, 30) }]);
    // The copy comes after the snapshot the job wrote, and takes no control number of its own.
    expect(truth().filesWritten.slice(-2).map((file) => file.name)).toEqual(['SNAPSHOT_DC1_00000004.csv', 'SHIPCONF_DC1_00000003_R1.csv']);
    expect(truth().filesWritten.at(-1)).toEqual({ name: 'SHIPCONF_DC1_00000003_R1.csv', docType: 'SHIPCONF', controlNumber: 3, writtenAtMs: chicago(28, 14), deliveredAtMs: chicago(28, 23, 30), damage: 'NONE', origin: 'RESEND' });
    expect(env.recordsOf('wms.resend.honoured').map((record) => record.detail)).toEqual([`DC1 ${name} -> SHIPCONF_DC1_00000003_R1.csv`]);
    // Honouring a request is not a fault: nothing is counted.
    expect(env.streamsAsked).toEqual([]);
  });

  it('answers RELEASE n with copies of its ACK and of every SHIPCONF with its lines, numbered per document', () => {
    const { env, folder, truth } = shippedWorld();
    dropResend(folder, 1, [{ kind: 'RELEASE', controlNumber: 1 }]);
    env.runUntil(chicago(29, 2, 1));
    dropResend(folder, 2, [{ kind: 'RELEASE', controlNumber: 1 }, { kind: 'DOCUMENT', controlNumber: 2 }]);
    env.runUntil(chicago(30, 2, 1));
    // Files: SNAPSHOT 1, ACK 2 (release 1), SHIPCONF 3, SNAPSHOT 4, ACK-less night, ...
    expect(truth().resendsHonoured.map((resend) => resend.copies)).toEqual([
      ['ACK_DC1_00000002_R1.csv', 'SHIPCONF_DC1_00000003_R1.csv'],
      ['ACK_DC1_00000002_R2.csv', 'SHIPCONF_DC1_00000003_R2.csv'],
    ]);
    const ack = parseBatchFile(folder.read('/wms/DC1/out/ACK_DC1_00000002_R2.csv') ?? '');
    expect(ack).toMatchObject({ ok: true, doc: { docType: 'ACK', controlNumber: 2, rows: [['1', 'FO-1', '1', 'ACCEPTED', '']] } });
  });

  it('damages a copy like any file, from its own stream, and the next request gets a readable one', () => {
    // Half the files are cut short; ask until a copy of the damaged confirmation reads (bounded).
    const quirks: WmsQuirks = { truncatedFile: [1, 2] };
    const seed = [...Array(40).keys()].map((n) => n + 1).find((candidate) => shippedWorld(quirks, candidate).truth().filesWritten.find((file) => file.controlNumber === 3)?.damage === 'TRUNCATED');
    expect(seed).toBeDefined();
    const { env, folder, wms, truth } = shippedWorld(quirks, seed);
    expect(outFiles(folder, 'SHIPCONF')[0]?.parsed).toMatchObject({ ok: false, reason: 'TRUNCATED' });
    const firedBefore = wms.quirkCounts()['wms.truncated_file'] ?? 0;
    let readable: string | undefined;
    for (let ask = 1; ask <= 20 && readable === undefined; ask++) {
      dropResend(folder, ask, [{ kind: 'DOCUMENT', controlNumber: 3 }]);
      env.runUntil(chicago(28 + ask, 2, 1));
      const copy = `SHIPCONF_DC1_00000003_R${ask}.csv`;
      const parsed = parseBatchFile(folder.read(`/wms/DC1/out/${copy}`) ?? '');
      if (parsed.ok) readable = copy;
    }
    expect(readable).toBeDefined();
    expect(parseBatchFile(folder.read(`/wms/DC1/out/${readable as string}`) ?? '')).toMatchObject({ ok: true, doc: { controlNumber: 3, rows: [[expect.any(String), 'FO-1', '1', 'SKU-1', '2', '2026-11-28T14:00:00']] } });
    expect(env.streamsAsked).toContain('wms.DC1.resend.truncated_file');
    const damagedCopies = truth().filesWritten.filter((file) => file.origin === 'RESEND' && file.damage !== 'NONE').length;
    // A damaged copy is the same fault, counted as such.
    expect(wms.quirkCounts()['wms.truncated_file']).toBeGreaterThanOrEqual(firedBefore + damagedCopies);
  });

  it('quarantines a request naming a document never written or a release never applied: UNKNOWN_DOCUMENT, nothing re-sent', () => {
    const { env, folder, truth } = shippedWorld();
    const unknownDocument = dropResend(folder, 1, [{ kind: 'DOCUMENT', controlNumber: 3 }, { kind: 'DOCUMENT', controlNumber: 99 }]);
    const unknownRelease = dropResend(folder, 2, [{ kind: 'RELEASE', controlNumber: 5 }]);
    env.runUntil(chicago(29, 2, 1));
    expect(truth().quarantined.map((file) => [file.name, file.reason, file.message])).toEqual([
      [unknownDocument, 'UNKNOWN_DOCUMENT', 'nothing to re-send: no outbound document 99 was written'],
      [unknownRelease, 'UNKNOWN_DOCUMENT', 'nothing to re-send: release 5 was never applied'],
    ]);
    expect(folder.read(`/wms/DC1/quarantine/${unknownDocument}.reason`)).toBe('UNKNOWN_DOCUMENT\nnothing to re-send: no outbound document 99 was written\n');
    // Refused whole, like a release: the known row is not honoured either.
    expect(truth().resendsHonoured).toEqual([]);
    expect(folder.list('/wms/DC1/out').filter((name) => name.includes('_R'))).toEqual([]);
  });

  it('quarantines a malformed request and a repeated control number with their reasons, and carries on', () => {
    const { env, folder, truth } = shippedWorld();
    const good = dropResend(folder, 1, [{ kind: 'DOCUMENT', controlNumber: 2 }]);
    const cut = resendText(2, [{ kind: 'DOCUMENT', controlNumber: 3 }]);
    const truncated = dropResend(folder, 2, [], cut.slice(0, cut.length - 10));
    env.runUntil(chicago(29, 2, 1));
    const again = dropResend(folder, 1, [{ kind: 'DOCUMENT', controlNumber: 2 }]);
    env.runUntil(chicago(30, 2, 1));
    expect(truth().quarantined.map((file) => [file.name, file.reason])).toEqual([
      [truncated, 'TRUNCATED'],
      [again, 'DUPLICATE_CONTROL_NUMBER'],
    ]);
    expect(truth().resendsHonoured.map((resend) => [resend.name, resend.copies])).toEqual([[good, ['ACK_DC1_00000002_R1.csv']]]);
  });

  it('still honours requests when the batch window is skipped: the ship wave and snapshot jobs read them too', () => {
    const { env, folder, truth } = shippedWorld({ skippedNights: [1, 1] });
    const release = 'RELEASE_DC1_00000001.csv';
    const name = dropResend(folder, 1, [{ kind: 'DOCUMENT', controlNumber: 1 }]);
    env.runUntil(chicago(29, 14, 1));
    expect(folder.list('/wms/DC1/in')).toEqual([release]);
    expect(truth().resendsHonoured.map((resend) => [resend.name, resend.copies, resend.atMs])).toEqual([[name, ['SNAPSHOT_DC1_00000001_R1.csv'], chicago(28, 23, 30)]]);
  });
});

describe('WMS quirks unexportedAck and unexportedConfirmation', () => {
  it('writes no ACK and takes no control number; RELEASE n exports it then, new number, the rows decided at the window', () => {
    const { env, folder, truth, wms } = shippedWorld({ unexportedAck: [1, 1] });
    // SNAPSHOT 1, no ACK, SHIPCONF 2: no gap in the numbers for a reader to notice.
    expect([...outFiles(folder, 'ACK'), ...outFiles(folder, 'SHIPCONF')].map(({ name }) => name)).toEqual(['SHIPCONF_DC1_00000002.csv']);
    expect(env.recordsOf('wms.quirk.unexported_ack').map((record) => record.detail)).toEqual(['DC1 the ACK of release 1 was marked exported and never written']);
    dropResend(folder, 1, [{ kind: 'RELEASE', controlNumber: 1 }]);
    env.runUntil(chicago(28, 23, 31));
    // The missing ACK first, as a new document; then a copy of what was written before.
    expect(truth().resendsHonoured.map((resend) => resend.copies)).toEqual([['ACK_DC1_00000004.csv', 'SHIPCONF_DC1_00000002_R1.csv']]);
    expect(parseBatchFile(folder.read('/wms/DC1/out/ACK_DC1_00000004.csv') ?? '')).toMatchObject({ ok: true, doc: { docType: 'ACK', controlNumber: 4, rows: [['1', 'FO-1', '1', 'ACCEPTED', '']] } });
    expect(truth().filesWritten.find((file) => file.name === 'ACK_DC1_00000004.csv')?.origin).toBe('RESEND');
    // Exported once: the next request for the release copies it like any other document.
    dropResend(folder, 2, [{ kind: 'RELEASE', controlNumber: 1 }]);
    env.runUntil(chicago(29, 2, 1));
    expect(truth().resendsHonoured.at(-1)?.copies).toEqual(['SHIPCONF_DC1_00000002_R2.csv', 'ACK_DC1_00000004_R1.csv']);
    expect(wms.quirkCounts()).toEqual({ 'wms.unexported_ack': 1 });
  });

  it("writes no SHIPCONF for a wave; RELEASE n exports that release's shipment rows, ship times as they were", () => {
    const { env, folder, truth, wms } = shippedWorld({ unexportedConfirmation: [1, 1] });
    expect(outFiles(folder, 'SHIPCONF')).toEqual([]);
    // Shipped in truth all the same: the goods left, only the file is missing.
    expect(truth().lines.map((line) => line.status)).toEqual(['SHIPPED']);
    dropResend(folder, 1, [{ kind: 'RELEASE', controlNumber: 1 }]);
    env.runUntil(chicago(28, 23, 31));
    expect(truth().resendsHonoured.map((resend) => resend.copies)).toEqual([['SHIPCONF_DC1_00000004.csv', 'ACK_DC1_00000002_R1.csv']]);
    expect(parseBatchFile(folder.read('/wms/DC1/out/SHIPCONF_DC1_00000004.csv') ?? '')).toMatchObject({ ok: true, doc: { rows: [['SHP-DC1-1', 'FO-1', '1', 'SKU-1', '2', '2026-11-28T14:00:00']] } });
    expect(wms.quirkCounts()).toEqual({ 'wms.unexported_confirmation': 1 });
  });
});

describe('WMS quirk stuckTransfer', () => {
  it('holds every file written in the window, copies for re-send requests too, and delivers them at its end in the order written', () => {
    // Stuck from just after the first snapshot (23:45 on the 27th) until 06:00 on the 30th.
    const window = { fromMs: chicago(28, 0), toMs: chicago(30, 6) };
    const { env, folder, wms, truth } = startWms({ stuckTransfer: window });
    dropRelease(folder, 1, [['FO-1', '1', 'SKU-1', '2']]);
    env.runUntil(chicago(28, 14, 1));
    dropResend(folder, 1, [{ kind: 'RELEASE', controlNumber: 1 }]);
    env.runUntil(window.toMs - 1);
    // Only the snapshot written before the window is in out/; the WMS itself ran on.
    expect(folder.list('/wms/DC1/out').filter((name) => !name.endsWith('.tmp'))).toEqual(['SNAPSHOT_DC1_00000001.csv']);
    const held = truth().filesWritten.filter((file) => file.writtenAtMs >= window.fromMs);
    expect(held.map((file) => file.name)).toEqual(expect.arrayContaining(['ACK_DC1_00000002.csv', 'SHIPCONF_DC1_00000003.csv', 'ACK_DC1_00000002_R1.csv', 'SHIPCONF_DC1_00000003_R1.csv']));
    expect(held.every((file) => file.deliveredAtMs === window.toMs)).toBe(true);
    expect(wms.quirkCounts()).toEqual({ 'wms.stuck_transfer': 0 });
    env.runUntil(window.toMs);
    expect(env.recordsOf('wms.file.delivered').filter((record) => record.atMs === window.toMs).map((record) => record.detail)).toEqual(held.map((file) => file.name));
    expect(wms.quirkCounts()).toEqual({ 'wms.stuck_transfer': held.length });
    // After the window files arrive at once again.
    env.runUntil(chicago(30, 23, 46));
    const after = truth().filesWritten.filter((file) => file.writtenAtMs >= window.toMs);
    expect(after.length).toBeGreaterThan(0);
    expect(after.every((file) => file.deliveredAtMs === file.writtenAtMs)).toBe(true);
    // A window draws from no random stream.
    expect(env.streamsAsked).toEqual([]);
  });

  it('refuses a window that ends before it starts, naming the field', () => {
    expect(() => startWms({ stuckTransfer: { fromMs: chicago(29, 0), toMs: chicago(28, 0) } })).toThrow(/dcs\[0\]\.quirks\.stuckTransfer: expected \{ fromMs, toMs \}/);
  });
});
