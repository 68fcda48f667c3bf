import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { DETAIL_FIELD_COUNT, formatBatchFile, parseBatchFile } from '../../legacy-fakes/wms/batch-file.ts';
import type { BatchDoc, BatchDocType } from '../../legacy-fakes/wms/batch-file.ts';
import { fuzzRuns } from '../fuzz-runs.ts';

const release: BatchDoc = {
  docType: 'RELEASE',
  controlNumber: 7,
  dcId: 'DC1',
  createdLocal: '2026-11-27T01:15:00',
  asOfLocal: '',
  rows: [
    ['FO-o1-1', '1', 'SKU-001', '2'],
    ['FO-o1-1', '2', 'SKU-002', '1'],
  ],
};

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

const tokenArb = fc.stringMatching(/^[A-Za-z0-9:._-]{1,12}$/);
const localArb = fc
  .integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2099, 11, 31) })
  .map((epochMs) => new Date(epochMs).toISOString().slice(0, 19));

function docArb(fieldArb: fc.Arbitrary<string>): fc.Arbitrary<BatchDoc> {
  return fc.constantFrom<BatchDocType>('RELEASE', 'ACK', 'SHIPCONF', 'SNAPSHOT').chain((docType) =>
    fc.record({
      docType: fc.constant(docType),
      controlNumber: fc.integer({ min: 1, max: 99_999_999 }),
      dcId: tokenArb,
      createdLocal: localArb,
      asOfLocal: fc.oneof(fc.constant(''), localArb),
      rows: fc.array(fc.array(fieldArb, { minLength: DETAIL_FIELD_COUNT[docType], maxLength: DETAIL_FIELD_COUNT[docType] }), {
        maxLength: 8,
      }),
    }),
  );
}

describe('formatBatchFile', () => {
  it('writes header, detail and trailer rows, the trailer hashing every byte before it', () => {
    const text = formatBatchFile(release);
    const body = 'H,RELEASE,7,DC1,2026-11-27T01:15:00,\nD,FO-o1-1,1,SKU-001,2\nD,FO-o1-1,2,SKU-002,1\n';
    expect(text).toBe(`${body}T,2,${sha256(body)}\n`);
  });

  it('refuses a row with the wrong number of fields for its document type', () => {
    expect(() => formatBatchFile({ ...release, rows: [['FO-1', '1', 'SKU-1']] })).toThrow(/RELEASE row 0 needs 4 fields, got 3/);
  });
});

describe('parseBatchFile', () => {
  it('round-trips any document of safe tokens', () => {
    fc.assert(
      fc.property(docArb(tokenArb), (doc) => {
        expect(parseBatchFile(formatBatchFile(doc))).toEqual({ ok: true, doc });
      }),
    );
  });

  it('round-trips fields with commas, quotes, line ends and any other text', () => {
    fc.assert(
      fc.property(docArb(fc.string({ unit: 'binary', maxLength: 10 })), (doc) => {
        expect(parseBatchFile(formatBatchFile(doc))).toEqual({ ok: true, doc });
      }),
    );
  });

  it('rejects any single changed character, and never throws', () => {
    fc.assert(
      fc.property(
        docArb(tokenArb),
        fc.nat(),
        fc.integer({ min: 0, max: 255 }),
        (doc, position, code) => {
          const text = formatBatchFile(doc);
          const index = position % text.length;
          fc.pre(text.charCodeAt(index) !== code);
          const corrupted = text.slice(0, index) + String.fromCharCode(code) + text.slice(index + 1);
          expect(parseBatchFile(corrupted).ok).toBe(false);
        },
      ),
      { numRuns: fuzzRuns(3_000) },
    );
  });

  it('rejects every truncation as TRUNCATED', () => {
    fc.assert(
      fc.property(docArb(fc.string({ maxLength: 6 })), fc.nat(), (doc, cut) => {
        const text = formatBatchFile(doc);
        const result = parseBatchFile(text.slice(0, cut % text.length));
        expect(result).toMatchObject({ ok: false, reason: 'TRUNCATED' });
      }),
      { numRuns: fuzzRuns(2_000) },
    );
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(typeof parseBatchFile(text).ok).toBe('boolean');
        expect(typeof parseBatchFile(`${text}\n`).ok).toBe('boolean');
      }),
    );
  });

  it('names the reason: a changed detail byte is BAD_CHECKSUM', () => {
    const text = formatBatchFile(release).replace('SKU-002,1', 'SKU-002,9');
    expect(parseBatchFile(text)).toMatchObject({ ok: false, reason: 'BAD_CHECKSUM' });
  });

  it('names the reason: a trailer count that disagrees is BAD_ROW_COUNT', () => {
    const text = formatBatchFile(release).replace(/\nT,2,/, '\nT,3,');
    expect(parseBatchFile(text)).toMatchObject({ ok: false, reason: 'BAD_ROW_COUNT', message: expect.stringMatching(/says 3 .* has 2/) });
  });

  it('names the reason: authentic but broken content is MALFORMED', () => {
    const resealed = (body: string): string => `${body}T,1,${sha256(body)}\n`;
    expect(parseBatchFile(resealed('H,RELEASE,7,DC1,2026-11-27T01:15:00,\nX,FO,1,SKU,1\n'))).toMatchObject({ reason: 'MALFORMED' });
    expect(parseBatchFile(resealed('H,ORDER,7,DC1,2026-11-27T01:15:00,\nD,FO,1,SKU,1\n'))).toMatchObject({ reason: 'MALFORMED' });
    expect(parseBatchFile(resealed('H,RELEASE,07,DC1,2026-11-27T01:15:00,\nD,FO,1,SKU,1\n'))).toMatchObject({ reason: 'MALFORMED' });
    expect(parseBatchFile(resealed('H,RELEASE,7,DC1,2026-11-27 01:15,\nD,FO,1,SKU,1\n'))).toMatchObject({ reason: 'MALFORMED' });
    expect(parseBatchFile(resealed('H,RELEASE,7,DC1,2026-11-27T01:15:00,\nD,FO,1,SKU\n'))).toMatchObject({ reason: 'MALFORMED' });
    expect(parseBatchFile(resealed('H,RELEASE,7,DC1,2026-11-27T01:15:00,\nD,"FO,1,SKU,1\n'))).toMatchObject({ reason: 'MALFORMED' });
  });

  it('names the reason: Windows line ends, an empty file and a missing trailer', () => {
    expect(parseBatchFile(formatBatchFile(release).replaceAll('\n', '\r\n'))).toMatchObject({ ok: false, reason: 'MALFORMED' });
    expect(parseBatchFile('')).toMatchObject({ ok: false, reason: 'TRUNCATED' });
    const withoutTrailer = formatBatchFile(release).replace(/T,[^\n]*\n$/, '');
    expect(parseBatchFile(withoutTrailer)).toMatchObject({ ok: false, reason: 'TRUNCATED' });
  });
});

/**
 * batch-file.ts reads and writes plain CSV (no quote, no '\r', rows of one width) itself, and
 * leaves everything else to csv-parse and csv-stringify: the shortcut must be invisible.
 */
describe('the plain-CSV shortcut', () => {
  const resealed = (body: string, rows: number): string => `${body}T,${rows},${sha256(body)}\n`;
  /** What the writer wrote when every file went through csv-stringify. */
  const stringified = (doc: BatchDoc): string => {
    const csv = (records: string[][]): string => stringify(records, { record_delimiter: '\n', quoted_match: /\r/ });
    const body = csv([['H', doc.docType, String(doc.controlNumber), doc.dcId, doc.createdLocal, doc.asOfLocal], ...doc.rows.map((row) => ['D', ...row])]);
    return body + csv([['T', String(doc.rows.length), sha256(body)]]);
  };
  /** The records csv-parse reads from a body (header apart from the details), or its error. */
  const csvRecords = (body: string): string[][] | string => {
    const headerEnd = body.indexOf('\n') + 1;
    try {
      const read = (text: string): string[][] => (text === '' ? [] : (parse(text, { record_delimiter: '\n' }) as string[][]));
      return [...read(body.slice(0, headerEnd)), ...read(body.slice(headerEnd))];
    } catch (error) {
      return (error as Error).message;
    }
  };
  const fieldArb = fc.oneof(tokenArb, fc.constantFrom('', ' ', 'a,b', 'say "hi"', 'line\nend', 'cr\r', '\r\n', ' padded '));
  const plainFieldArb = fc.stringMatching(/^[A-Za-z0-9 :._\t-]{0,6}$/);

  it('writes exactly what csv-stringify writes, quoted fields included', () => {
    fc.assert(
      fc.property(docArb(fieldArb), (doc) => {
        expect(formatBatchFile(doc)).toBe(stringified(doc));
      }),
      { numRuns: fuzzRuns(500) },
    );
  });

  it('reads what csv-parse reads, and reports its error when the rows differ in width or a line is empty', () => {
    const lineArb = fc.oneof(
      { weight: 8, arbitrary: fc.array(plainFieldArb, { minLength: 4, maxLength: 6 }).map((fields) => `D,${fields.join(',')}`) },
      { weight: 1, arbitrary: fc.constant('') },
    );
    fc.assert(
      fc.property(fc.array(lineArb, { maxLength: 6 }), (lines) => {
        const body = ['H,RELEASE,7,DC1,2026-11-27T01:15:00,', ...lines].map((line) => `${line}\n`).join('');
        const records = csvRecords(body);
        const result = parseBatchFile(resealed(body, lines.length));
        if (typeof records === 'string') {
          expect(result).toEqual({ ok: false, reason: 'MALFORMED', message: `not valid CSV: ${records}` });
        } else if (result.ok) {
          expect(result.doc.rows).toEqual(records.slice(1).map((record) => record.slice(1)));
        } else {
          expect(result.message).not.toMatch(/^not valid CSV/);
        }
      }),
      { numRuns: fuzzRuns(1_000) },
    );
  });
});
