/**
 * The files the WMS writes (ACK, SHIPCONF, SNAPSHOT) as the orchestrator's WMS adapter reads them:
 * consumer = the adapter's parser, provider = the WMS fake's writer.
 */
import { expect } from 'vitest';
import { WmsAdapter } from '../../../orchestrator/adapters/wms/wms-adapter.ts';
import type { AckRow, WmsDocument } from '../../../orchestrator/adapters/wms/wms-documents.ts';
import { BODY_PATTERNS, exampleFile, type ExampleFile, type FileMessageCase } from './batch-file-messages.ts';
import { MemoryFiles } from './memory-files.ts';

export const WMS_FILES_CONSUMER = 'orchestrator-wms-adapter';
export const WMS_FILES_PROVIDER = 'wms-fake';

export const DC_ID = 'DC1';
export const DC_TIME_ZONE = 'America/Chicago';

export const WMS_FILE_STATES = {
  releaseAccepted: 'DC1 holds 10 of SKU-1 and has read release 1 asking for 2 of SKU-1 for FO-1 line 1',
  releaseShort: 'DC1 holds 1 of SKU-1 and has read release 1 asking for 2 of SKU-1 for FO-1 line 1',
  phantomAck: 'DC1 acknowledges a release it never received',
  releaseBadChecksum: 'DC1 has read release 1 with a trailer hash that does not match',
  shipped: 'DC1 has shipped FO-1 line 1 (2 of SKU-1) at its ship wave',
  opened: 'DC1 holds 10 of SKU-1 and 3 of SKU-2 at the start of a run',
} as const;

/** The adapter, reading from an in-memory out/ folder that holds just this file. */
async function readWithAdapter(example: ExampleFile, metadata: Record<string, unknown>): Promise<WmsDocument> {
  // The file goes where the WMS puts it, under the name the message's metadata gives.
  expect(metadata['fileName']).toBe(example.fileName);
  const files = new MemoryFiles();
  await files.write(`/wms/${DC_ID}/out/${example.fileName}`, example.text);
  const adapter = new WmsAdapter(files, { nowMs: () => Date.parse('2026-11-29T00:00:00Z') }, { nodeId: DC_ID, kind: 'DC', timeZone: DC_TIME_ZONE, methods: ['SHIP_FROM_DC'], safetyStock: 0, wmsFolder: `/wms/${DC_ID}` });
  // Listed as an inbound file of this DC (the name is part of the contract), then read.
  expect(await adapter.listInbound()).toEqual([expect.objectContaining({ fileName: example.fileName, controlNumber: example.controlNumber, copy: 0 })]);
  const outcome = await adapter.readDocument(example.fileName);
  if (outcome.kind !== 'ok') throw new Error(`the WMS adapter could not read ${example.fileName}: ${JSON.stringify(outcome)}`);
  return outcome.value;
}

/** 2026-11-28 in Chicago (CST, UTC-6). */
const chicagoMs = (hours: number, minutes = 0): number => Date.UTC(2026, 10, 28, hours + 6, minutes);

const ACK_NAME = '^ACK_DC1_\\d{8}\\.csv$';

/** An ACK of one detail row, written at 02:00 on the 28th as the second file of the run. */
function ackCase(state: string, description: string, detailRow: string, bodyPattern: string, expected: AckRow): FileMessageCase {
  return {
    state,
    description,
    example: exampleFile('ACK_DC1_00000002.csv', 'H,ACK,2,DC1,2026-11-28T02:00:00,', [detailRow]),
    bodyPattern,
    fileNamePattern: ACK_NAME,
    consume: async (example, metadata) => {
      expect(await readWithAdapter(example, metadata)).toEqual({ dcId: DC_ID, controlNumber: 2, createdAtMs: chicagoMs(2), docType: 'ACK', rows: [expected] });
    },
  };
}

export const WMS_FILE_CASES: readonly FileMessageCase[] = [
  ackCase(WMS_FILE_STATES.releaseAccepted, 'an ACK file accepting every line of release 1', 'D,1,FO-1,1,ACCEPTED,', BODY_PATTERNS.ackAccepted, {
    releaseControlNumber: 1,
    foId: 'FO-1',
    lineNo: 1,
    accepted: true,
    reason: '',
  }),
  ackCase(WMS_FILE_STATES.releaseShort, 'an ACK file rejecting a line for lack of stock', 'D,1,FO-1,1,REJECTED,OUT_OF_STOCK', BODY_PATTERNS.ackLineRejected, {
    releaseControlNumber: 1,
    foId: 'FO-1',
    lineNo: 1,
    accepted: false,
    reason: 'OUT_OF_STOCK',
  }),
  // A line row naming an FO no one has: read as a row, never as a whole-file refusal.
  ackCase(WMS_FILE_STATES.phantomAck, 'an ACK file for a release DC1 never received', 'D,3,UNKNOWN,1,REJECTED,UNKNOWN_FO', BODY_PATTERNS.ackLineRejected, {
    releaseControlNumber: 3,
    foId: 'UNKNOWN',
    lineNo: 1,
    accepted: false,
    reason: 'UNKNOWN_FO',
  }),
  ackCase(WMS_FILE_STATES.releaseBadChecksum, 'an ACK file refusing release 1 whole', 'D,1,,0,REJECTED,BAD_CHECKSUM', BODY_PATTERNS.ackRefusedWhole, {
    releaseControlNumber: 1,
    foId: '',
    lineNo: 0,
    accepted: false,
    reason: 'BAD_CHECKSUM',
  }),
  {
    state: WMS_FILE_STATES.shipped,
    description: 'a SHIPCONF file for the wave that shipped FO-1',
    example: exampleFile('SHIPCONF_DC1_00000003.csv', 'H,SHIPCONF,3,DC1,2026-11-28T14:00:00,', ['D,SHP-DC1-1,FO-1,1,SKU-1,2,2026-11-28T14:00:00']),
    bodyPattern: BODY_PATTERNS.shipconf,
    fileNamePattern: '^SHIPCONF_DC1_\\d{8}\\.csv$',
    consume: async (example, metadata) => {
      expect(await readWithAdapter(example, metadata)).toMatchObject({
        docType: 'SHIPCONF',
        controlNumber: 3,
        rows: [{ shipmentId: 'SHP-DC1-1', foId: 'FO-1', lineNo: 1, sku: 'SKU-1', quantityShipped: 2, shippedAtMs: chicagoMs(14) }],
      });
    },
  },
  {
    state: WMS_FILE_STATES.opened,
    description: 'a SNAPSHOT file of the stock on hand',
    example: exampleFile('SNAPSHOT_DC1_00000001.csv', 'H,SNAPSHOT,1,DC1,2026-11-27T23:45:00,2026-11-27T23:45:00', ['D,SKU-2,3', 'D,SKU-1,10']),
    bodyPattern: BODY_PATTERNS.snapshot,
    fileNamePattern: '^SNAPSHOT_DC1_\\d{8}\\.csv$',
    consume: async (example, metadata) => {
      expect(await readWithAdapter(example, metadata)).toMatchObject({
        docType: 'SNAPSHOT',
        controlNumber: 1,
        asOfMs: Date.UTC(2026, 10, 28, 5, 45),
        rows: [
          { sku: 'SKU-2', onHand: 3 },
          { sku: 'SKU-1', onHand: 10 },
        ],
      });
    },
  },
];
