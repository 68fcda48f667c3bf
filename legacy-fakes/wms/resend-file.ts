/**
 * What the WMS makes of one RESEND file (a re-send request from the orchestrator): the documents
 * it asks for, or one reason to refuse the file whole. Rows are `D,DOCUMENT,<outbound control
 * number>` (that ACK, SHIPCONF or SNAPSHOT again) or `D,RELEASE,<release control number>` (the
 * ACK that answered that release and every SHIPCONF with a row of its lines again). A request
 * is checked as strictly as a release: a WMS that guesses what was meant re-sends the wrong thing.
 */
import { parseInboundFile, POSITIVE_INTEGER_PATTERN } from './batch-file.ts';
import type { BatchFileRejection } from './batch-file.ts';

export type ResendKind = 'DOCUMENT' | 'RELEASE';

export interface ResendRow {
  kind: ResendKind;
  controlNumber: number;
}

export type ReadResend = { ok: true; rows: ResendRow[] } | { ok: false; reason: BatchFileRejection; message: string };

function malformed(message: string): ReadResend {
  return { ok: false, reason: 'MALFORMED', message };
}

export function readResendFile(text: string, dcId: string, controlNumber: number): ReadResend {
  const parsed = parseInboundFile(text, 'RESEND', dcId, controlNumber);
  if (!parsed.ok) return parsed;
  const { doc } = parsed;
  // An empty request is a writer's bug, not a request for nothing: say so rather than archive it.
  if (doc.rows.length === 0) return malformed('a re-send request must name at least one document or release');
  const rows: ResendRow[] = [];
  for (const [index, row] of doc.rows.entries()) {
    const [kind = '', number = ''] = row;
    const where = `detail row ${index + 1}`;
    if (kind !== 'DOCUMENT' && kind !== 'RELEASE') return malformed(`${where}: expected DOCUMENT or RELEASE, got ${JSON.stringify(kind)}`);
    if (!POSITIVE_INTEGER_PATTERN.test(number)) return malformed(`${where}: control number must be a positive integer, got ${JSON.stringify(number)}`);
    rows.push({ kind, controlNumber: Number(number) });
  }
  return { ok: true, rows };
}
