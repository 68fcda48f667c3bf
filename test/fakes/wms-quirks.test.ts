import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { WmsFake } from '../../legacy-fakes/wms/wms-fake.ts';
import type { WmsQuirks } from '../../legacy-fakes/wms/wms-fake.ts';
import { FakeConfigError } from '../../legacy-fakes/config-error.ts';
import { DAY_MS, HOUR_MS, MemoryFolder, TestEnv } from './test-env.ts';
import { DC1, chicago, dropRelease, outDocs, outFiles, startWms } from './wms-helpers.ts';

const ALWAYS = [1, 1] as const;

describe('WMS quirks off', () => {
  it('draws from no random stream and counts nothing', () => {
    const { env, folder, wms } = startWms();
    dropRelease(folder, 1, [['FO-1', '1', 'SKU-1', '2']]);
    env.runUntil(chicago(30, 23, 59));
    expect(env.streamsAsked).toEqual([]);
    expect(wms.quirkCounts()).toEqual({});
  });

  it('draws nothing for a quirk configured at [0, n], and lists it at 0', () => {
    const { env, folder, wms } = startWms({ shortShip: [0, 5], lateFiles: { ratio: [0, 1], delayMinutes: { min: 60, max: 60 } } });
    dropRelease(folder, 1, [['FO-1', '1', 'SKU-1', '2']]);
    env.runUntil(chicago(29, 23, 59));
    expect(env.streamsAsked).toEqual([]);
    expect(wms.quirkCounts()).toEqual({ 'wms.short_ship': 0, 'wms.late': 0 });
  });
});

describe('WMS quirk lateFiles', () => {
  it('renames the file into out/ late; the content keeps the time it was made', () => {
    const { env, folder, wms, truth } = startWms({ lateFiles: { ratio: ALWAYS, delayMinutes: { min: 120, max: 120 } } });
    expect(folder.list('/wms/DC1/out')).toEqual(['SNAPSHOT_DC1_00000001.csv.tmp']);
    env.runUntil(chicago(27, 23, 45) + 2 * HOUR_MS - 1);
    expect(outFiles(folder, 'SNAPSHOT')).toEqual([]);
    env.runUntil(chicago(27, 23, 45) + 2 * HOUR_MS);
    expect(outDocs(folder, 'SNAPSHOT')[0]?.doc.createdLocal).toBe('2026-11-27T23:45:00');
    expect(truth().filesWritten[0]).toMatchObject({ writtenAtMs: chicago(27, 23, 45), deliveredAtMs: chicago(27, 23, 45) + 2 * HOUR_MS, damage: 'NONE' });
    expect(env.recordsOf('wms.quirk.late').map((record) => record.detail)).toEqual(['DC1 SNAPSHOT_DC1_00000001.csv delivered 120 min late']);
    expect(env.recordsOf('wms.file.delivered').map((record) => record.atMs)).toEqual([chicago(28, 1, 45)]);
    expect(wms.quirkCounts()).toEqual({ 'wms.late': 1 });
  });

  it('delays each file by a seeded whole number of minutes within the range, the same for the same seed', () => {
    const delays = (seed: number): number[] => {
      const { env, folder, truth } = startWms({ lateFiles: { ratio: [1, 2], delayMinutes: { min: 60, max: 3 * 24 * 60 } } }, seed);
      dropRelease(folder, 1, [['FO-1', '1', 'SKU-1', '2']]);
      env.runUntil(chicago(27, 23, 45) + 10 * DAY_MS);
      return truth().filesWritten.map((file) => (file.deliveredAtMs - file.writtenAtMs) / 60_000);
    };
    const first = delays(7);
    expect(first.length).toBeGreaterThan(20);
    expect(first.some((minutes) => minutes === 0)).toBe(true);
    expect(first.filter((minutes) => minutes > 0).every((minutes) => Number.isInteger(minutes) && minutes >= 60 && minutes <= 3 * 24 * 60)).toBe(true);
    expect(delays(7)).toEqual(first);
    expect(delays(8)).not.toEqual(first);
  });
});

describe('WMS quirk veryLateFiles', () => {
  it('renames a file into out/ days late, counted when it arrives, the content keeping the time it was made', () => {
    const { env, wms, truth } = startWms({ veryLateFiles: { ratio: ALWAYS, delayHours: { min: 50, max: 50 } } });
    env.runUntil(chicago(27, 23, 45) + 50 * HOUR_MS - 1);
    // Held back, not yet arrived: nothing counted (a file still held when a run ends reached nobody).
    expect(wms.quirkCounts()).toEqual({ 'wms.very_late': 0 });
    env.runUntil(chicago(27, 23, 45) + 50 * HOUR_MS);
    expect(truth().filesWritten[0]).toMatchObject({ writtenAtMs: chicago(27, 23, 45), deliveredAtMs: chicago(27, 23, 45) + 50 * HOUR_MS });
    expect(env.recordsOf('wms.quirk.very_late').map((record) => record.detail)).toEqual(['DC1 SNAPSHOT_DC1_00000001.csv delivered 50 h late']);
    expect(wms.quirkCounts()['wms.very_late']).toBe(1);
  });

  it('draws apart from lateFiles: switching it on moves no late file, and a file both hit is as late as the later', () => {
    const late = { ratio: [1, 2] as const, delayMinutes: { min: 60, max: 120 } };
    const delays = (quirks: WmsQuirks): number[] => {
      const { env, folder, truth } = startWms(quirks, 3);
      dropRelease(folder, 1, [['FO-1', '1', 'SKU-1', '2']]);
      env.runUntil(chicago(27, 23, 45) + 6 * DAY_MS);
      return truth().filesWritten.map((file) => (file.deliveredAtMs - file.writtenAtMs) / 60_000);
    };
    const alone = delays({ lateFiles: { ...late, ratio: [1, 2] } });
    const both = delays({ lateFiles: { ...late, ratio: [1, 2] }, veryLateFiles: { ratio: [1, 3], delayHours: { min: 30, max: 40 } } });
    expect(both).toHaveLength(alone.length);
    both.forEach((minutes, index) => expect(minutes === alone[index] || (minutes >= 30 * 60 && minutes <= 40 * 60)).toBe(true));
    expect(both.some((minutes) => minutes >= 30 * 60)).toBe(true);
  });
});

describe('WMS quirk lateDuplicateConfirmation', () => {
  it("exports a wave's SHIPCONF again hours later: a new control number then, the same rows and ship times", () => {
    const { env, folder, wms, truth } = startWms({ lateDuplicateConfirmation: { ratio: ALWAYS, delayHours: { min: 30, max: 30 } } });
    dropRelease(folder, 1, [['FO-1', '1', 'SKU-1', '2']]);
    env.runUntil(chicago(28, 14) + 30 * HOUR_MS - 1);
    expect(outDocs(folder, 'SHIPCONF').map(({ doc }) => doc.rows.length)).toEqual([1, 0]);
    expect(wms.quirkCounts()).toEqual({ 'wms.late_duplicate_confirmation': 0 });
    env.runUntil(chicago(28, 14) + 30 * HOUR_MS);
    const shipconfs = outDocs(folder, 'SHIPCONF');
    expect(shipconfs.map(({ doc }) => doc.rows.length)).toEqual([1, 0, 1]);
    expect(shipconfs[2]?.doc.rows).toEqual(shipconfs[0]?.doc.rows);
    expect(shipconfs[2]?.doc.controlNumber).toBeGreaterThan(shipconfs[1]?.doc.controlNumber ?? Infinity);
    expect(truth().filesWritten.at(-1)).toMatchObject({ origin: 'DUPLICATE', writtenAtMs: chicago(28, 14) + 30 * HOUR_MS });
    // Shipped once in truth: the copy is a file, not a second shipment.
    expect(truth().onHand.get('SKU-1')).toBe(8);
    expect(wms.quirkCounts()).toEqual({ 'wms.late_duplicate_confirmation': 1 });
  });
});

describe('WMS quirk duplicateConfirmation', () => {
  it('exports the SHIPCONF again: a new control number, the same shipment rows', () => {
    const { env, folder, wms, truth } = startWms({ duplicateConfirmation: ALWAYS });
    dropRelease(folder, 1, [
      ['FO-1', '1', 'SKU-1', '2'],
      ['FO-2', '1', 'SKU-2', '1'],
    ]);
    env.runUntil(chicago(28, 14));
    const shipconfs = outDocs(folder, 'SHIPCONF');
    expect(shipconfs.map(({ name }) => name)).toEqual(['SHIPCONF_DC1_00000003.csv', 'SHIPCONF_DC1_00000004.csv']);
    expect(shipconfs[1]?.doc.rows).toEqual(shipconfs[0]?.doc.rows);
    expect(shipconfs[0]?.doc.rows.map((row) => row[0])).toEqual(['SHP-DC1-1', 'SHP-DC1-2']);
    expect(truth().filesWritten.map((file) => file.origin)).toEqual(['REGULAR', 'REGULAR', 'REGULAR', 'DUPLICATE']);
    // Shipped once in truth: the duplicate is a file, not a second shipment.
    expect(truth().onHand).toEqual(new Map([['SKU-1', 8], ['SKU-2', 2]]));
    expect(env.recordsOf('wms.quirk.duplicate_confirmation').map((record) => record.detail)).toEqual([
      'DC1 SHIPCONF_DC1_00000004.csv repeats SHIPCONF_DC1_00000003.csv (2 rows)',
    ]);
    // An empty wave has nothing worth repeating.
    env.runUntil(chicago(29, 14));
    expect(outDocs(folder, 'SHIPCONF').map(({ doc }) => doc.rows.length)).toEqual([2, 2, 0]);
    expect(wms.quirkCounts()).toEqual({ 'wms.duplicate_confirmation': 1 });
  });
});

describe('WMS quirk truncatedFile', () => {
  it('cuts an outbound file short: a reader sees TRUNCATED, truth says so', () => {
    const { env, folder, wms, truth } = startWms({ truncatedFile: ALWAYS });
    expect(outFiles(folder, 'SNAPSHOT').map(({ parsed }) => parsed)).toEqual([expect.objectContaining({ ok: false, reason: 'TRUNCATED' })]);
    expect(truth().filesWritten[0]?.damage).toBe('TRUNCATED');
    expect(env.recordsOf('wms.quirk.truncated_file')[0]?.detail).toMatch(/^DC1 SNAPSHOT_DC1_00000001\.csv cut to \d+ of \d+ characters$/);
    expect(wms.quirkCounts()).toEqual({ 'wms.truncated_file': 1 });
  });
});

describe('WMS quirk checksumMismatch', () => {
  it('writes a plausible file whose trailer hash does not match it', () => {
    const { env, folder, wms, truth } = startWms({ checksumMismatch: ALWAYS });
    const text = folder.read('/wms/DC1/out/SNAPSHOT_DC1_00000001.csv') ?? '';
    expect(outFiles(folder, 'SNAPSHOT')[0]?.parsed).toMatchObject({ ok: false, reason: 'BAD_CHECKSUM' });
    const body = text.slice(0, text.lastIndexOf('T,'));
    expect(body).toBe('H,SNAPSHOT,1,DC1,2026-11-27T23:45:00,2026-11-27T23:45:00\nD,SKU-1,10\nD,SKU-2,3\n');
    expect(text).toMatch(/\nT,2,[0-9a-f]{64}\n$/);
    expect(text).not.toContain(createHash('sha256').update(body).digest('hex'));
    expect(truth().filesWritten[0]?.damage).toBe('BAD_CHECKSUM');
    expect(env.recordsOf('wms.quirk.checksum_mismatch')).toHaveLength(1);
    expect(wms.quirkCounts()).toEqual({ 'wms.checksum_mismatch': 1 });
  });
});

describe('WMS quirk outOfOrderControlNumbers', () => {
  it('swaps the numbers of two consecutive files: the later-written one carries the lower number', () => {
    const { env, folder, wms, truth } = startWms({ outOfOrderControlNumbers: ALWAYS });
    dropRelease(folder, 1, [['FO-1', '1', 'SKU-1', '1']]);
    env.runUntil(chicago(28, 23, 59));
    // Written in this order: opening SNAPSHOT, ACK, SHIPCONF, nightly SNAPSHOT.
    expect(truth().filesWritten.map((file) => `${file.docType} ${file.controlNumber}`)).toEqual(['SNAPSHOT 2', 'ACK 1', 'SHIPCONF 4', 'SNAPSHOT 3']);
    expect(outDocs(folder, 'ACK')[0]?.doc.controlNumber).toBe(1);
    expect(folder.list('/wms/DC1/out')).toEqual(['ACK_DC1_00000001.csv', 'SHIPCONF_DC1_00000004.csv', 'SNAPSHOT_DC1_00000002.csv', 'SNAPSHOT_DC1_00000003.csv']);
    expect(env.recordsOf('wms.quirk.out_of_order_control_numbers').map((record) => record.detail)).toEqual([
      'DC1 SNAPSHOT_DC1_00000002.csv took 2; 1 goes to the next file',
      'DC1 SHIPCONF_DC1_00000004.csv took 4; 3 goes to the next file',
    ]);
    expect(wms.quirkCounts()).toEqual({ 'wms.out_of_order_control_numbers': 2 });
  });
});

describe('WMS quirk phantomAck', () => {
  it('acknowledges a release control number it never received, rejecting FO UNKNOWN', () => {
    const { env, folder, wms, truth } = startWms({ phantomAck: ALWAYS });
    dropRelease(folder, 1, [['FO-1', '1', 'SKU-1', '1']]);
    env.runUntil(chicago(28, 2));
    const acks = outDocs(folder, 'ACK');
    expect(acks.map(({ name }) => name)).toEqual(['ACK_DC1_00000002.csv', 'ACK_DC1_00000003.csv']);
    expect(acks[0]?.doc.rows).toEqual([['1', 'FO-1', '1', 'ACCEPTED', '']]);
    const phantom = acks[1]?.doc.rows ?? [];
    expect(phantom).toHaveLength(1);
    expect(phantom[0]?.slice(1)).toEqual(['UNKNOWN', '1', 'REJECTED', 'UNKNOWN_FO']);
    expect([2, 3, 4]).toContain(Number(phantom[0]?.[0]));
    expect(truth().filesWritten.map((file) => file.origin)).toEqual(['REGULAR', 'REGULAR', 'PHANTOM_ACK']);
    expect(truth().lines.map((line) => line.foId)).toEqual(['FO-1']);
    expect(wms.quirkCounts()).toEqual({ 'wms.phantom_ack': 1 });
  });
});

describe('WMS quirk staleSnapshot', () => {
  it("writes, after the ship wave, a snapshot taken before it: it still counts the wave's units on hand", () => {
    const { env, folder, wms, truth } = startWms({ staleSnapshot: ALWAYS });
    dropRelease(folder, 1, [['FO-1', '1', 'SKU-1', '2']]);
    env.runUntil(chicago(28, 23, 30));
    const snapshot = outDocs(folder, 'SNAPSHOT').at(-1)?.doc;
    expect(snapshot?.createdLocal).toBe('2026-11-28T23:30:00');
    expect(snapshot?.asOfLocal).toBe('2026-11-28T13:59:00');
    expect(snapshot?.rows).toEqual([
      ['SKU-1', '10'],
      ['SKU-2', '3'],
    ]);
    expect(truth().onHand.get('SKU-1')).toBe(8);
    expect(outDocs(folder, 'SHIPCONF')[0]?.doc.rows[0]?.[5]).toBe('2026-11-28T14:00:00');
    expect(truth().filesWritten.at(-1)?.origin).toBe('STALE_SNAPSHOT');
    expect(env.recordsOf('wms.quirk.stale_snapshot').map((record) => record.atMs)).toEqual([chicago(28, 23, 30)]);
    expect(wms.quirkCounts()).toEqual({ 'wms.stale_snapshot': 1 });
  });
});

describe('WMS quirk skippedNights', () => {
  it('does not run the batch window; the file waits in in/', () => {
    const { env, folder, wms, truth } = startWms({ skippedNights: ALWAYS });
    const name = dropRelease(folder, 1, [['FO-1', '1', 'SKU-1', '2']]);
    env.runUntil(chicago(30, 23));
    expect(truth().releaseFilesRead).toEqual([]);
    expect(folder.list('/wms/DC1/in')).toEqual([name]);
    expect(outFiles(folder, 'ACK')).toEqual([]);
    expect(env.recordsOf('wms.quirk.skipped_night').map((record) => record.atMs)).toEqual([chicago(28, 2), chicago(29, 2), chicago(30, 2)]);
    expect(wms.quirkCounts()).toEqual({ 'wms.skipped_night': 3 });
  });

  it('reads the waiting file on the first night it runs', () => {
    const { env, folder, truth } = startWms({ skippedNights: [1, 2] }, 8); // seed 8 skips the first three nights
    dropRelease(folder, 1, [['FO-1', '1', 'SKU-1', '2']]);
    env.runUntil(chicago(27, 23, 45) + 20 * DAY_MS);
    const skipped = new Set(env.recordsOf('wms.quirk.skipped_night').map((record) => record.atMs));
    const windows = Array.from({ length: 20 }, (_, night) => chicago(28, 2) + night * DAY_MS);
    expect(skipped.has(windows[0] as number)).toBe(true);
    expect(skipped.size).toBeLessThan(20);
    expect(env.recordsOf('wms.release.read').map((record) => record.atMs)).toEqual([windows.find((atMs) => !skipped.has(atMs))]);
    expect(truth().lines).toHaveLength(1);
  });
});

describe('WMS quirk shortShip', () => {
  it('ships fewer units than accepted and cancels the rest: SHORT_SHIPPED, on hand down by what left', () => {
    const { env, folder, wms, truth } = startWms({ shortShip: ALWAYS });
    dropRelease(folder, 1, [
      ['FO-1', '1', 'SKU-1', '5'],
      ['FO-1', '2', 'SKU-2', '1'],
    ]);
    env.runUntil(chicago(28, 14));
    const [first, second] = truth().lines;
    expect(first?.status).toBe('SHORT_SHIPPED');
    expect(first?.shippedQuantity).toBeLessThan(5);
    expect(first?.cancelledQuantity).toBe(5 - (first?.shippedQuantity ?? 0));
    // One unit short-shipped is nothing shipped: the row still closes the line at 0.
    expect(second).toMatchObject({ status: 'SHORT_SHIPPED', shippedQuantity: 0, cancelledQuantity: 1, shipments: [{ shipmentId: 'SHP-DC1-1', quantity: 0 }] });
    expect(outDocs(folder, 'SHIPCONF')[0]?.doc.rows).toEqual([
      ['SHP-DC1-1', 'FO-1', '1', 'SKU-1', String(first?.shippedQuantity), '2026-11-28T14:00:00'],
      ['SHP-DC1-1', 'FO-1', '2', 'SKU-2', '0', '2026-11-28T14:00:00'],
    ]);
    expect(truth().onHand).toEqual(new Map([['SKU-1', 10 - (first?.shippedQuantity ?? 0)], ['SKU-2', 3]]));
    expect(wms.quirkCounts()).toEqual({ 'wms.short_ship': 2 });
    expect(env.recordsOf('wms.quirk.short_ship').map((record) => record.reference)).toEqual(['FO-1:1', 'FO-1:2']);
  });

  it('frees the cancelled rest: it can be promised again', () => {
    const { env, folder, truth } = startWms({ shortShip: ALWAYS });
    dropRelease(folder, 1, [['FO-1', '1', 'SKU-2', '3']]);
    env.runUntil(chicago(28, 15));
    const shipped = truth().lines[0]?.shippedQuantity ?? 0;
    dropRelease(folder, 2, [['FO-2', '1', 'SKU-2', 3 - shipped === 0 ? '1' : String(3 - shipped)]]);
    env.runUntil(chicago(29, 3));
    expect(truth().lines[1]?.status).toBe(3 - shipped === 0 ? 'REJECTED' : 'ACCEPTED');
  });
});

describe('WMS quirk splitShipment', () => {
  it("ships one FO's units as two shipments; every unit ships once; one seed splits a line across both", () => {
    let straddled = 0;
    for (let seed = 1; seed <= 20; seed += 1) {
      const { env, folder, wms, truth } = startWms({ splitShipment: ALWAYS }, seed);
      dropRelease(folder, 1, [
        ['FO-1', '1', 'SKU-1', '2'],
        ['FO-1', '2', 'SKU-1', '3'],
        ['FO-2', '1', 'SKU-2', '1'], // one unit cannot be split
      ]);
      env.runUntil(chicago(28, 14));
      const rows = outDocs(folder, 'SHIPCONF')[0]?.doc.rows ?? [];
      const fo1Shipments = new Set(rows.filter((row) => row[1] === 'FO-1').map((row) => row[0]));
      expect(fo1Shipments.size).toBe(2);
      expect(rows.filter((row) => row[1] === 'FO-2').map((row) => row[0])).toHaveLength(1);
      for (const line of truth().lines) {
        expect(line.status).toBe('SHIPPED');
        expect(line.shipments.reduce((sum, shipment) => sum + shipment.quantity, 0)).toBe(line.quantity);
        expect(line.shipments.every((shipment) => shipment.quantity > 0)).toBe(true);
      }
      if (truth().lines.some((line) => line.shipments.length === 2)) straddled += 1;
      expect(wms.quirkCounts()).toEqual({ 'wms.split_shipment': 1 });
      expect(truth().onHand).toEqual(new Map([['SKU-1', 5], ['SKU-2', 2]]));
    }
    expect(straddled).toBeGreaterThan(0);
  });
});

describe('WMS quirk rejectLine', () => {
  it('rejects a line DAMAGED though the stock covers it; a line it cannot cover stays OUT_OF_STOCK', () => {
    const { env, folder, wms, truth } = startWms({ rejectLine: ALWAYS });
    dropRelease(folder, 1, [
      ['FO-1', '1', 'SKU-1', '2'],
      ['FO-2', '1', 'SKU-2', '9'],
    ]);
    env.runUntil(chicago(28, 15));
    expect(outDocs(folder, 'ACK')[0]?.doc.rows).toEqual([
      ['1', 'FO-1', '1', 'REJECTED', 'DAMAGED'],
      ['1', 'FO-2', '1', 'REJECTED', 'OUT_OF_STOCK'],
    ]);
    expect(truth().lines.map((line) => `${line.status} ${line.reason}`)).toEqual(['REJECTED DAMAGED', 'REJECTED OUT_OF_STOCK']);
    expect(truth().onHand.get('SKU-1')).toBe(10);
    expect(wms.quirkCounts()).toEqual({ 'wms.reject_line': 1 });
  });
});

describe('WMS quirks together', () => {
  const everything: WmsQuirks = {
    lateFiles: { ratio: [1, 3], delayMinutes: { min: 30, max: 2 * 24 * 60 } },
    duplicateConfirmation: [1, 3],
    truncatedFile: [1, 5],
    checksumMismatch: [1, 5],
    outOfOrderControlNumbers: [1, 4],
    phantomAck: [1, 4],
    staleSnapshot: [1, 3],
    skippedNights: [1, 4],
    shortShip: [1, 4],
    splitShipment: [1, 3],
    rejectLine: [1, 6],
  };

  function run(seed: number): { trace: string; files: string; counts: Record<string, number> } {
    const { env, folder, wms } = startWms(everything, seed);
    for (let day = 0; day < 8; day += 1) {
      dropRelease(folder, day + 1, [
        [`FO-${day}-a`, '1', 'SKU-1', '1'],
        [`FO-${day}-a`, '2', 'SKU-2', '1'],
        [`FO-${day}-b`, '1', 'SKU-1', '2'],
      ]);
      env.advance(DAY_MS);
    }
    return {
      trace: JSON.stringify(env.records),
      files: JSON.stringify([...folder.files].sort(([a], [b]) => (a < b ? -1 : 1))),
      counts: { ...wms.quirkCounts() },
    };
  }

  it('give the same history and files for the same seed, and another for another seed', () => {
    const first = run(42);
    expect(run(42)).toEqual(first);
    expect(run(43).trace).not.toEqual(first.trace);
    expect(Object.keys(first.counts).sort()).toEqual([
      'wms.checksum_mismatch',
      'wms.duplicate_confirmation',
      'wms.late',
      'wms.out_of_order_control_numbers',
      'wms.phantom_ack',
      'wms.reject_line',
      'wms.short_ship',
      'wms.skipped_night',
      'wms.split_shipment',
      'wms.stale_snapshot',
      'wms.truncated_file',
    ]);
  });

  it("keep each fault where it was when another fault's ratio changes", () => {
    const checksumDamaged = (truncatedFile: readonly [number, number]): string[] => {
      const { env, truth } = startWms({ checksumMismatch: [1, 3], truncatedFile }, 5);
      env.advance(30 * DAY_MS);
      return truth().filesWritten.filter((file) => file.damage === 'BAD_CHECKSUM').map((file) => file.name);
    };
    const alone = checksumDamaged([0, 1]);
    const withCuts = checksumDamaged([1, 4]);
    expect(alone.length).toBeGreaterThan(5);
    // A cut file has no trailer left to get wrong: cuts can only hide checksum faults, never move them.
    expect(withCuts.every((name) => alone.includes(name))).toBe(true);
    expect(withCuts.length).toBeGreaterThan(0);
  });

  it('sums counts over DCs', () => {
    const env = new TestEnv(chicago(27, 23, 45));
    const wms = new WmsFake(env, new MemoryFolder(), [
      { ...DC1, quirks: { truncatedFile: ALWAYS } },
      { ...DC1, dcId: 'DC2', quirks: { truncatedFile: ALWAYS, rejectLine: [0, 1] } },
    ]);
    wms.start();
    expect(wms.quirkCounts()).toEqual({ 'wms.truncated_file': 2, 'wms.reject_line': 0 });
  });
});

describe('WMS quirk configuration', () => {
  const env = new TestEnv(0);
  it.each([
    [{ shortShip: [1, 0] }, /^dcs\[0\]\.quirks\.shortShip: expected a ratio \[numerator, denominator\] .* got \[1,0\]$/],
    [{ rejectLine: [3, 2] }, /^dcs\[0\]\.quirks\.rejectLine: expected a ratio .* got \[3,2\]$/],
    [{ phantomAck: [0.5, 1] }, /^dcs\[0\]\.quirks\.phantomAck: expected a ratio .* got \[0\.5,1\]$/],
    [{ skippedNights: 1 }, /^dcs\[0\]\.quirks\.skippedNights: expected a ratio .* got 1$/],
    [{ lateFiles: [1, 2] }, /^dcs\[0\]\.quirks\.lateFiles: expected \{ ratio, delayMinutes: \{ min, max \} \}, got \[1,2\]$/],
    [{ lateFiles: { ratio: [1, 2], delayMinutes: { min: 0, max: 60 } } }, /^dcs\[0\]\.quirks\.lateFiles\.delayMinutes: expected whole minutes .* got \{"min":0,"max":60\}$/],
    [{ lateFiles: { ratio: [1, 2], delayMinutes: { min: 90, max: 60 } } }, /^dcs\[0\]\.quirks\.lateFiles\.delayMinutes: expected whole minutes/],
    [{ lateFiles: { ratio: [2, 1], delayMinutes: { min: 60, max: 60 } } }, /^dcs\[0\]\.quirks\.lateFiles\.ratio: expected a ratio/],
    [{ lateFile: [1, 2] }, /^dcs\[0\]\.quirks\.lateFile: expected one of lateFiles, duplicateConfirmation, .*, got an unknown quirk$/],
    [{ veryLateFiles: [1, 2] }, /^dcs\[0\]\.quirks\.veryLateFiles: expected \{ ratio, delayHours: \{ min, max \} \}, got \[1,2\]$/],
    [{ veryLateFiles: { ratio: [1, 2], delayHours: { min: 1, max: 721 } } }, /^dcs\[0\]\.quirks\.veryLateFiles\.delayHours: expected whole hours \{ min, max \} with 1 <= min <= max <= 720, got/],
    [{ lateDuplicateConfirmation: { ratio: [3, 2], delayHours: { min: 1, max: 2 } } }, /^dcs\[0\]\.quirks\.lateDuplicateConfirmation\.ratio: expected a ratio/],
  ])('rejects %j, naming the field, the value and what was expected', (quirks, message) => {
    const build = (): WmsFake => new WmsFake(env, new MemoryFolder(), [{ ...DC1, quirks: quirks as WmsQuirks }]);
    expect(build).toThrow(FakeConfigError);
    expect(build).toThrow(message);
  });
});
