/**
 * What the WMS makes of one RELEASE file: either every line, or one reason to reject the file
 * whole. A file for another DC, whose header disagrees with its name, or that lists one
 * (foId, lineNo) twice is MALFORMED: a WMS that half-trusts a file is how orders get shipped twice.
 */
import { parseInboundFile, POSITIVE_INTEGER_PATTERN } from './batch-file.ts';
import type { BatchFileRejection } from './batch-file.ts';

export interface ReleaseLine {
  foId: string;
  lineNo: number;
  sku: string;
  quantity: number;
}

export type ReadRelease = { ok: true; lines: ReleaseLine[] } | { ok: false; reason: BatchFileRejection; message: string };

function malformed(message: string): ReadRelease {
  return { ok: false, reason: 'MALFORMED', message };
}

export function readReleaseFile(text: string, dcId: string, controlNumber: number): ReadRelease {
  const parsed = parseInboundFile(text, 'RELEASE', dcId, controlNumber);
  if (!parsed.ok) return parsed;
  const { doc } = parsed;
  const lines: ReleaseLine[] = [];
  // Detail row number of each (foId, lineNo): one release line is one pick, so a repeat is a
  // sender's mistake the WMS would otherwise pick and ship twice.
  const firstRow = new Map<string, number>();
  for (const [index, row] of doc.rows.entries()) {
    const [foId = '', lineNo = '', sku = '', quantity = ''] = row;
    const where = `detail row ${index + 1}`;
    if (foId.length === 0) return malformed(`${where}: foId is empty`);
    if (!POSITIVE_INTEGER_PATTERN.test(lineNo)) return malformed(`${where}: lineNo must be a positive integer, got ${JSON.stringify(lineNo)}`);
    if (sku.length === 0) return malformed(`${where}: sku is empty`);
    if (!POSITIVE_INTEGER_PATTERN.test(quantity)) return malformed(`${where}: quantity must be a positive integer, got ${JSON.stringify(quantity)}`);
    const line = `${foId}\0${Number(lineNo)}`;
    const earlier = firstRow.get(line);
    if (earlier !== undefined) return malformed(`${where}: FO ${foId} line ${Number(lineNo)} is already detail row ${earlier}; a release lists each (foId, lineNo) once`);
    firstRow.set(line, index + 1);
    lines.push({ foId, lineNo: Number(lineNo), sku, quantity: Number(quantity) });
  }
  return { ok: true, lines };
}
