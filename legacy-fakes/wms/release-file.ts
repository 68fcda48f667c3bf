/**
 * What the WMS makes of one RELEASE file: either every line, or one reason to reject the file
 * whole. A file for another DC or whose header disagrees with its name is MALFORMED: a WMS
 * that half-trusts a file is how orders get shipped twice.
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
  for (const [index, row] of doc.rows.entries()) {
    const [foId = '', lineNo = '', sku = '', quantity = ''] = row;
    const where = `detail row ${index + 1}`;
    if (foId.length === 0) return malformed(`${where}: foId is empty`);
    if (!POSITIVE_INTEGER_PATTERN.test(lineNo)) return malformed(`${where}: lineNo must be a positive integer, got ${JSON.stringify(lineNo)}`);
    if (sku.length === 0) return malformed(`${where}: sku is empty`);
    if (!POSITIVE_INTEGER_PATTERN.test(quantity)) return malformed(`${where}: quantity must be a positive integer, got ${JSON.stringify(quantity)}`);
    lines.push({ foId, lineNo: Number(lineNo), sku, quantity: Number(quantity) });
  }
  return { ok: true, lines };
}
