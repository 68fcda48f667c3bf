import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatBatchFile, sha256Hex } from '../../legacy-fakes/wms/batch-file.ts';
import { breakContent, contentDamagesFor } from '../../legacy-fakes/wms/wms-file-damage.ts';
import { parseBatchFile } from '../../orchestrator/adapters/wms/batch-file.ts';
import { decodeWmsDocument } from '../../orchestrator/adapters/wms/wms-documents.ts';

const ZONE = 'America/Chicago';
const time = fc.integer({ min: 0, max: 23 }).map((hour) => `2026-11-28T${String(hour).padStart(2, '0')}:00:00`);
const whole = fc.integer({ min: 0, max: 500 }).map(String);
const id = fc.stringMatching(/^[A-Z]{2,4}-[0-9]{1,4}$/);

const documentArb = fc.oneof(
  fc.record({ docType: fc.constant('SHIPCONF' as const), asOfLocal: fc.constant(''), rows: fc.array(fc.tuple(id, id, fc.integer({ min: 1, max: 9 }).map(String), id, whole, time), { maxLength: 4 }) }),
  fc.record({ docType: fc.constant('ACK' as const), asOfLocal: fc.constant(''), rows: fc.array(fc.tuple(fc.integer({ min: 1, max: 99 }).map(String), id, fc.integer({ min: 1, max: 9 }).map(String), fc.constantFrom('ACCEPTED', 'REJECTED'), fc.constantFrom('', 'DAMAGED')), { maxLength: 4 }) }),
  fc.record({ docType: fc.constant('SNAPSHOT' as const), asOfLocal: time, rows: fc.array(fc.tuple(id, whole), { maxLength: 4 }) }),
);

/** What the orchestrator's adapter makes of a file: its parse, then its decode. */
function read(text: string): { ok: boolean; message: string } {
  const parsed = parseBatchFile(text);
  if (!parsed.ok) return { ok: false, message: parsed.message };
  const decoded = decodeWmsDocument(parsed.doc, ZONE);
  return decoded.ok ? { ok: true, message: '' } : { ok: false, message: decoded.message };
}

describe('WMS content damage (malformedFile)', () => {
  it('keeps the trailer hash true to the damaged content, and every damage makes the file unreadable (property)', () => {
    fc.assert(
      fc.property(documentArb, fc.nat(), (document, pick) => {
        const text = formatBatchFile({ ...document, controlNumber: 7, dcId: 'DC1', createdLocal: '2026-11-28T14:00:00' });
        expect(read(text).ok).toBe(true);
        // Snapshots take none from the export job; the reader must still refuse each damage in them.
        const damages = document.docType === 'SNAPSHOT' ? (['SHORT_HEADER', 'ROW_COUNT', 'BLANK_FIELD'] as const) : contentDamagesFor(document.docType, document.rows.length);
        const damage = damages[pick % damages.length] ?? 'ROW_COUNT';
        const broken = breakContent(text, damage);
        const body = broken.slice(0, broken.lastIndexOf('T,'));
        // The checksum checks out: only a reader of the content can tell.
        expect(broken.endsWith(`,${sha256Hex(body)}\n`)).toBe(true);
        expect(read(broken)).toMatchObject({ ok: false });
      }),
    );
  });

  it('offers a row damage only where there are rows, and a bad time only in a confirmation', () => {
    expect(contentDamagesFor('ACK', 0)).toEqual(['SHORT_HEADER', 'ROW_COUNT']);
    expect(contentDamagesFor('ACK', 2)).toEqual(['ROW_COUNT', 'BLANK_FIELD']);
    expect(contentDamagesFor('SHIPCONF', 1)).toEqual(['ROW_COUNT', 'BLANK_FIELD', 'BAD_TIME']);
    expect(contentDamagesFor('SNAPSHOT', 3)).toEqual([]);
  });

  it('blanks the quantity of the first confirmation row, and takes the T out of its time', () => {
    const text = formatBatchFile({ docType: 'SHIPCONF', controlNumber: 3, dcId: 'DC1', createdLocal: '2026-11-28T14:00:00', asOfLocal: '', rows: [['SHP-1', 'FO-1', '1', 'SKU-1', '2', '2026-11-28T14:00:00']] });
    expect(read(breakContent(text, 'BLANK_FIELD')).message).toBe('SHIPCONF row is malformed: SHP-1,FO-1,1,SKU-1,,2026-11-28T14:00:00');
    expect(read(breakContent(text, 'BAD_TIME')).message).toBe('SHIPCONF row is malformed: SHP-1,FO-1,1,SKU-1,2,2026-11-28 14:00:00');
    expect(read(breakContent(text, 'ROW_COUNT')).message).toBe('trailer says 2 rows, file has 1');
  });
});
