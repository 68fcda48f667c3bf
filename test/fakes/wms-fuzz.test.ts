import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { WmsDcTruth, WmsQuirks } from '../../legacy-fakes/wms/wms-fake.ts';
import { formatBatchFile, parseBatchFile } from '../../legacy-fakes/wms/batch-file.ts';
import { chicago, outFiles, releaseName, releaseText, startWms } from './wms-helpers.ts';
import { DAY_MS } from './test-env.ts';
import { fuzzRuns } from '../fuzz-runs.ts';

/** What a test wrote to in/, and how many lines it would add if applied. */
interface Dropped {
  name: string;
  content: string;
  /** Detail rows of an intact file; undefined when the file is damaged and must never apply. */
  rows: number | undefined;
}

const fieldArb = fc.oneof(fc.constantFrom('SKU-1', 'SKU-2', 'SKU-9', 'FO-1', '1', '2', '7', '0', '-1', '1.5', ''), fc.string({ maxLength: 6 }));
const rowArb = fc.tuple(
  fc.oneof(fc.constantFrom('FO-1', 'FO-2', 'FO-3'), fieldArb),
  fc.oneof(fc.constantFrom('1', '2'), fieldArb),
  fc.oneof(fc.constantFrom('SKU-1', 'SKU-2', 'SKU-9'), fieldArb),
  fc.oneof(fc.integer({ min: 1, max: 6 }).map(String), fieldArb),
);

const wellFormedRowArb = fc.tuple(
  fc.constantFrom('FO-1', 'FO-2', 'FO-3'),
  fc.constantFrom('1', '2', '3'),
  fc.constantFrom('SKU-1', 'SKU-2', 'SKU-9'),
  fc.integer({ min: 1, max: 6 }).map(String),
);

/** A release that is intact (hash and count right) but may say anything: wrong DC, wrong number, junk rows. */
const intactArb = fc
  .record({
    controlNumber: fc.integer({ min: 1, max: 6 }),
    headerControlNumber: fc.oneof({ arbitrary: fc.constant(undefined), weight: 4 }, { arbitrary: fc.integer({ min: 1, max: 9 }), weight: 1 }),
    dcId: fc.oneof({ arbitrary: fc.constant('DC1'), weight: 4 }, { arbitrary: fc.constant('DC2'), weight: 1 }),
    rows: fc.oneof({ arbitrary: fc.array(wellFormedRowArb, { maxLength: 5 }), weight: 3 }, { arbitrary: fc.array(rowArb, { maxLength: 5 }), weight: 1 }),
  })
  .map(({ controlNumber, headerControlNumber, dcId, rows }) => ({
    name: releaseName(controlNumber),
    content: formatBatchFile({ docType: 'RELEASE', controlNumber: headerControlNumber ?? controlNumber, dcId, createdLocal: '2026-11-27T06:00:00', asOfLocal: '', rows }),
    rows: rows.length,
  }));

/** An intact release damaged on the way: one character changed, or cut short. */
const damagedArb = fc
  .record({ file: intactArb, position: fc.nat(), code: fc.integer({ min: 0, max: 0xffff }), cut: fc.boolean() })
  .map(({ file, position, code, cut }) => {
    const index = position % file.content.length;
    let content = cut ? file.content.slice(0, index) : file.content.slice(0, index) + String.fromCharCode(code) + file.content.slice(index + 1);
    if (content === file.content) content = file.content.slice(0, -1);
    return { name: file.name, content, rows: undefined };
  });

const garbageArb = fc.record({
  name: fc.oneof(fc.integer({ min: 1, max: 6 }).map(releaseName), fc.string({ maxLength: 30 }).map((name) => name.replaceAll('/', '_'))),
  content: fc.string({ unit: 'binary', maxLength: 200 }),
  rows: fc.constant(undefined),
});

const droppedArb: fc.Arbitrary<Dropped> = fc.oneof({ arbitrary: intactArb, weight: 2 }, { arbitrary: damagedArb, weight: 1 }, { arbitrary: garbageArb, weight: 1 });

function linesByControlNumber(truth: WmsDcTruth): Map<number, number> {
  const counts = new Map<number, number>();
  for (const line of truth.lines) counts.set(line.releaseControlNumber, (counts.get(line.releaseControlNumber) ?? 0) + 1);
  return counts;
}

describe('WMS fuzz: random files in in/', () => {
  it('never throws, applies each file whole or not at all, and leaves nothing unanswered in in/', () => {
    fc.assert(
      fc.property(fc.array(droppedArb, { minLength: 1, maxLength: 8 }), (files) => {
        const { env, folder, truth } = startWms();
        const final = new Map<string, Dropped>();
        for (const file of files) {
          folder.write(`/wms/DC1/in/${file.name}`, file.content);
          final.set(file.name, file);
        }
        env.runUntil(chicago(28, 2));
        const after = truth();

        // Nothing left behind but names the WMS refuses to address.
        expect(folder.list('/wms/DC1/in').filter((name) => !after.refusedNames.includes(name))).toEqual([]);
        // Each release control number: all of its file's rows, or none.
        const counts = linesByControlNumber(after);
        for (const [name, file] of final) {
          const match = /^RELEASE_DC1_(\d{8})\.csv$/.exec(name);
          if (match === null) continue;
          const lines = counts.get(Number(match[1])) ?? 0;
          if (file.rows === undefined) expect(lines).toBe(0);
          else expect([0, file.rows]).toContain(lines);
        }
        // A refused file is answered with exactly one whole-file row; an applied one with a row per line.
        const acks = outFiles(folder, 'ACK').map(({ parsed }) => (parsed.ok ? parsed.doc.rows : []));
        expect(acks).toHaveLength(after.releaseFilesRead.length);
        for (const rows of acks) {
          const wholeFile = rows.length === 1 && rows[0]?.[2] === '0';
          const controlNumber = Number(rows[0]?.[0]);
          if (wholeFile) expect(rows[0]?.[3]).toBe('REJECTED');
          else expect(rows).toHaveLength(counts.get(controlNumber) ?? 0);
        }
        // Every quarantined file has its reason beside it.
        for (const file of after.quarantined) {
          expect(folder.read(`${file.path}.reason`)?.split('\n')[0]).toBe(file.reason);
        }
        // Promised stock never exceeds what is on hand, and nothing moved before the wave.
        expect(after.onHand).toEqual(new Map([['SKU-1', 10], ['SKU-2', 3]]));
        for (const sku of ['SKU-1', 'SKU-2']) {
          const promised = after.lines.filter((line) => line.sku === sku && line.status === 'ACCEPTED').reduce((sum, line) => sum + line.quantity, 0);
          expect(promised).toBeLessThanOrEqual(after.onHand.get(sku) ?? 0);
        }
      }),
      { numRuns: fuzzRuns(600) },
    );
  });

  it('changes no truth at all for a file it refuses', () => {
    fc.assert(
      fc.property(fc.oneof(damagedArb, garbageArb), (file) => {
        const { env, folder, truth } = startWms();
        folder.write(`/wms/DC1/in/${releaseName(1)}`, releaseText(1, [['FO-0', '1', 'SKU-1', '1']]));
        env.runUntil(chicago(28, 2));
        const before = truth();
        folder.write(`/wms/DC1/in/${file.name}`, file.content);
        env.runUntil(chicago(29, 2) - 1);
        env.runUntil(chicago(29, 2));
        const after = truth();
        expect(after.lines.map((line) => line.foId).filter((foId) => foId !== 'FO-0')).toEqual([]);
        expect(after.lines.find((line) => line.foId === 'FO-0')?.status).toBe('SHIPPED');
        expect(after.onHand).toEqual(new Map([['SKU-1', 9], ['SKU-2', 3]]));
        expect(after.sequenceGaps).toBe(before.sequenceGaps);
      }),
      { numRuns: fuzzRuns(1_000) },
    );
  });
});

describe('WMS fuzz: every quirk at once, many nights', () => {
  const quirks: WmsQuirks = {
    lateFiles: { ratio: [1, 3], delayMinutes: { min: 30, max: 3 * 24 * 60 } },
    duplicateConfirmation: [1, 3],
    truncatedFile: [1, 6],
    checksumMismatch: [1, 6],
    outOfOrderControlNumbers: [1, 4],
    phantomAck: [1, 4],
    staleSnapshot: [1, 3],
    skippedNights: [1, 4],
    shortShip: [1, 3],
    splitShipment: [1, 2],
    rejectLine: [1, 6],
  };
  const lineArb = fc.record({ fo: fc.integer({ min: 1, max: 4 }), sku: fc.constantFrom('SKU-1', 'SKU-2', 'SKU-3'), quantity: fc.integer({ min: 1, max: 4 }) });

  it('keeps its books: every unit shipped or cancelled once, on hand = stock - shipped, files agree with truth', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 }), fc.array(fc.array(lineArb, { maxLength: 5 }), { minLength: 1, maxLength: 8 }), (seed, nights) => {
        const stock = { 'SKU-1': 12, 'SKU-2': 6, 'SKU-3': 0 };
        const { env, folder, truth } = startWms(quirks, seed, { dcId: 'DC1', timeZone: 'America/Chicago', batchWindowLocal: '02:00', shipWaveLocal: '14:00', snapshotLocal: '23:30', stock });
        nights.forEach((lines, night) => {
          const rows = lines.map((line, index) => [`FO-${night}-${line.fo}`, String(index + 1), line.sku, String(line.quantity)]);
          folder.write(`/wms/DC1/in/${releaseName(night + 1)}`, releaseText(night + 1, rows));
          env.advance(DAY_MS);
        });
        env.advance(5 * DAY_MS);
        const after = truth();
        for (const line of after.lines) {
          const inShipments = line.shipments.reduce((sum, shipment) => sum + shipment.quantity, 0);
          expect(inShipments).toBe(line.shippedQuantity);
          if (line.status === 'SHIPPED') expect([line.shippedQuantity, line.cancelledQuantity]).toEqual([line.quantity, 0]);
          if (line.status === 'SHORT_SHIPPED') expect(line.shippedQuantity + line.cancelledQuantity).toBe(line.quantity);
          if (line.status === 'SHORT_SHIPPED') expect(line.shippedQuantity).toBeLessThan(line.quantity);
          if (line.status === 'REJECTED' || line.status === 'ACCEPTED') expect(line.shipments).toEqual([]);
        }
        for (const [sku, initial] of Object.entries(stock)) {
          const shipped = after.lines.filter((line) => line.sku === sku).reduce((sum, line) => sum + line.shippedQuantity, 0);
          expect(after.onHand.get(sku)).toBe(initial - shipped);
          expect(after.onHand.get(sku)).toBeGreaterThanOrEqual(0);
        }
        // Every row of every intact SHIPCONF is a shipment in truth (duplicates repeat rows, never invent them).
        const shipments = new Set(after.lines.flatMap((line) => line.shipments.map((shipment) => `${shipment.shipmentId} ${line.foId}:${line.lineNo} ${shipment.quantity}`)));
        for (const { parsed } of outFiles(folder, 'SHIPCONF')) {
          if (!parsed.ok) continue;
          for (const [shipmentId, foId, lineNo, , quantity] of parsed.doc.rows) expect(shipments.has(`${shipmentId} ${foId}:${lineNo} ${quantity}`)).toBe(true);
        }
        // Damaged files are exactly the ones truth says are damaged.
        const delivered = after.filesWritten.filter((file) => file.deliveredAtMs <= env.nowMs());
        for (const file of delivered) {
          const parsed = parseBatchFile(folder.read(`/wms/DC1/out/${file.name}`) ?? '');
          expect(parsed.ok ? 'NONE' : parsed.reason).toBe(file.damage);
        }
      }),
      { numRuns: fuzzRuns(150) },
    );
  });
});
