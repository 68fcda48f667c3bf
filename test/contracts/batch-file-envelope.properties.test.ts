/**
 * What the file pacts cannot check, as properties across the boundary. A pact matches one example
 * file's shape; these check every file either writer can produce: the metadata's sha256 is the
 * file's digest, the trailer's hash is the digest of the bytes before it, row counts match the
 * rows, control numbers run in sequence and agree between name, header and metadata, and what one
 * side writes the other side reads back unchanged (CSV quoting included).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatBatchFile as fakeFormat, parseBatchFile as fakeParse, type BatchDocType } from '../../legacy-fakes/wms/batch-file.ts';
import { readReleaseFile } from '../../legacy-fakes/wms/release-file.ts';
import { parseBatchFile as adapterParse } from '../../orchestrator/adapters/wms/batch-file.ts';
import type { ReleaseRow } from '../../orchestrator/adapters/wms/wms-adapter.ts';
import { chicago, dropRelease, startWms } from '../fakes/wms-helpers.ts';
import { sha256Hex } from './support/batch-file-messages.ts';
import { writeReleaseWithAdapter } from './support/wms-release-contract.ts';

/** The trailer row's fields and the bytes before it, found without either side's parser. */
function envelope(text: string): { body: string; count: string; hash: string } {
  const trailerStart = text.lastIndexOf('\n', text.length - 2) + 1;
  const [tag, count = '', hash = ''] = text.slice(trailerStart, -1).split(',');
  expect(tag).toBe('T');
  return { body: text.slice(0, trailerStart), count, hash };
}

/** Field text with everything CSV must quote: commas, quotes, line ends, a lone carriage return. */
const fieldArb = fc.string({ unit: fc.constantFrom('a', 'Z', '7', '-', ':', ' ', ',', '"', '\n', '\r', 'é', '😀'), minLength: 1, maxLength: 8 });

const releaseRowArb: fc.Arbitrary<ReleaseRow> = fc.record({
  foId: fieldArb,
  lineNo: fc.integer({ min: 1, max: 999 }),
  sku: fieldArb,
  quantity: fc.integer({ min: 1, max: 10_000 }),
});

describe("the adapter's release files, read by the fake", () => {
  it('carry metadata that tells the truth and rows the fake reads back unchanged', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(releaseRowArb, { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 99_999_999 }), async (rows, controlNumber) => {
        const file = await writeReleaseWithAdapter(rows, controlNumber);
        const { body, count, hash } = envelope(file.text);
        // The envelope: the metadata's digest is the whole file's, the trailer's the bytes before it.
        expect(file.sha256).toBe(sha256Hex(file.text));
        expect(hash).toBe(sha256Hex(body));
        expect(count).toBe(String(rows.length));
        expect(file.rowCount).toBe(rows.length);
        // The control number agrees in the name, the header and the metadata.
        expect(file.fileName).toBe(`RELEASE_DC1_${String(controlNumber).padStart(8, '0')}.csv`);
        const parsed = fakeParse(file.text);
        if (!parsed.ok) throw new Error(`the fake cannot read the adapter's file: ${parsed.reason} ${parsed.message}`);
        expect(parsed.doc.controlNumber).toBe(controlNumber);
        expect(parsed.doc.rows).toHaveLength(file.rowCount);
        // And the fake's release reader gets back exactly what the orchestrator released.
        expect(readReleaseFile(file.text, 'DC1', controlNumber)).toEqual({ ok: true, lines: rows });
      }),
    );
  });
});

const WIDTH: Readonly<Record<Exclude<BatchDocType, 'RELEASE' | 'RESEND'>, number>> = { ACK: 5, SHIPCONF: 6, SNAPSHOT: 2 };

describe("the fake's outbound files, read by the adapter", () => {
  it("keep their envelope, and the adapter's parser reads back every row unchanged", () => {
    const docArb = fc.constantFrom<Exclude<BatchDocType, 'RELEASE' | 'RESEND'>>('ACK', 'SHIPCONF', 'SNAPSHOT').chain((docType) =>
      fc.record({
        docType: fc.constant(docType),
        controlNumber: fc.integer({ min: 1, max: 99_999_999 }),
        rows: fc.array(fc.array(fieldArb, { minLength: WIDTH[docType], maxLength: WIDTH[docType] }), { maxLength: 5 }),
      }),
    );
    fc.assert(
      fc.property(docArb, ({ docType, controlNumber, rows }) => {
        const text = fakeFormat({ docType, controlNumber, dcId: 'DC1', createdLocal: '2026-11-28T02:00:00', asOfLocal: docType === 'SNAPSHOT' ? '2026-11-28T02:00:00' : '', rows });
        const { body, count, hash } = envelope(text);
        expect(hash).toBe(sha256Hex(body));
        expect(count).toBe(String(rows.length));
        const parsed = adapterParse(text);
        if (!parsed.ok) throw new Error(`the adapter cannot read the fake's file: ${parsed.reason} ${parsed.message}`);
        expect(parsed.doc.header.controlNumber).toBe(controlNumber);
        expect(parsed.doc.rows).toEqual(rows);
      }),
    );
  });

  it('number files from one sequence per DC, from 1 without gaps (a swapped pair at most), names agreeing with headers', () => {
    const nightArb = fc.array(fc.record({ sku: fc.constantFrom('SKU-1', 'SKU-2'), quantity: fc.integer({ min: 1, max: 4 }) }), { minLength: 1, maxLength: 3 });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.array(nightArb, { maxLength: 4 }), fc.boolean(), (seed, nights, swaps) => {
        const world = startWms(swaps ? { outOfOrderControlNumbers: [1, 3] } : undefined, seed);
        nights.forEach((lines, night) => {
          dropRelease(world.folder, night + 1, lines.map(({ sku, quantity }, index) => [`FO-${night + 1}`, String(index + 1), sku, String(quantity)]));
          world.env.runUntil(chicago(28 + night, 23, 59));
        });
        const written = world.truth().filesWritten;
        const numbers = written.map((file) => file.controlNumber);
        expect(new Set(numbers).size).toBe(numbers.length);
        const highest = Math.max(...numbers);
        const missing = Array.from({ length: highest }, (_, index) => index + 1).filter((number) => !numbers.includes(number));
        if (!swaps) expect(numbers).toEqual(Array.from({ length: numbers.length }, (_, index) => index + 1));
        // A swap leaves one number held back for the next file: at most one gap, just below the last file's number.
        expect(missing.length === 0 || (missing.length === 1 && missing[0] === highest - 1 && numbers[numbers.length - 1] === highest)).toBe(true);
        for (const file of written) {
          const text = world.folder.read(`/wms/DC1/out/${file.name}`);
          if (text === undefined) throw new Error(`${file.name} is not in out/`);
          expect(file.name).toBe(`${file.docType}_DC1_${String(file.controlNumber).padStart(8, '0')}.csv`);
          const parsed = adapterParse(text);
          if (!parsed.ok) throw new Error(`the adapter cannot read ${file.name}: ${parsed.reason} ${parsed.message}`);
          expect(parsed.doc.header.controlNumber).toBe(file.controlNumber);
          expect(envelope(text).count).toBe(String(parsed.doc.rows.length));
        }
      }),
      { numRuns: 40 },
    );
  });
});
