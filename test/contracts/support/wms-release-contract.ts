/**
 * Release files as the WMS fake reads them: consumer = the fake's reader (its whole batch
 * window: name, trailer, rows), provider = the orchestrator's WMS adapter's writer.
 */
import { expect } from 'vitest';
import { WmsAdapter, type ReleaseRow } from '../../../orchestrator/adapters/wms/wms-adapter.ts';
import { chicago, startWms } from '../../fakes/wms-helpers.ts';
import { BODY_PATTERNS, exampleFile, type FileMessageCase } from './batch-file-messages.ts';
import type { MessageProviderSuite, ProvidedFile } from './message-suites.ts';
import { MemoryFiles } from './memory-files.ts';
import { DC_ID, DC_TIME_ZONE } from './wms-files-contract.ts';

export const RELEASE_CONSUMER = 'wms-fake';
export const RELEASE_PROVIDER = 'orchestrator-wms-adapter';

export const RELEASE_STATES = {
  twoLines: 'the orchestrator releases FO-1 (2 of SKU-1, 1 of SKU-2) to DC1 as release 1',
} as const;

export const RELEASE_ROWS: readonly ReleaseRow[] = [
  { foId: 'FO-1', lineNo: 1, sku: 'SKU-1', quantity: 2 },
  { foId: 'FO-1', lineNo: 2, sku: 'SKU-2', quantity: 1 },
];

export const RELEASE_CASES: readonly FileMessageCase[] = [
  {
    state: RELEASE_STATES.twoLines,
    description: 'a RELEASE file with two lines of FO-1',
    example: exampleFile('RELEASE_DC1_00000001.csv', 'H,RELEASE,1,DC1,2026-11-27T06:00:00,', ['D,FO-1,1,SKU-1,2', 'D,FO-1,2,SKU-2,1']),
    bodyPattern: BODY_PATTERNS.release,
    fileNamePattern: '^RELEASE_DC1_\\d{8}\\.csv$',
    consume: (example, metadata) => {
      // Dropped into in/ under the metadata's name, as the adapter does, and read at the batch window.
      const fileName = String(metadata['fileName']);
      const world = startWms();
      world.folder.write(`/wms/DC1/in/${fileName}.tmp`, example.text);
      world.folder.rename(`/wms/DC1/in/${fileName}.tmp`, `/wms/DC1/in/${fileName}`);
      world.env.runUntil(chicago(28, 2, 1));
      const truth = world.truth();
      expect(truth.quarantined).toEqual([]);
      expect(truth.releaseFilesRead).toEqual([fileName]);
      expect(truth.lines.map(({ foId, lineNo, sku, quantity, status }) => ({ foId, lineNo, sku, quantity, status }))).toEqual([
        { foId: 'FO-1', lineNo: 1, sku: 'SKU-1', quantity: 2, status: 'ACCEPTED' },
        { foId: 'FO-1', lineNo: 2, sku: 'SKU-2', quantity: 1, status: 'ACCEPTED' },
      ]);
      expect(world.folder.read(`/wms/DC1/archive/${fileName}`)).toBe(example.text);
      return Promise.resolve();
    },
  },
];

/** The adapter's writer, writing one release into an in-memory in/ folder. */
export async function writeReleaseWithAdapter(rows: readonly ReleaseRow[], controlNumber = 1, files = new MemoryFiles()): Promise<ProvidedFile> {
  const adapter = new WmsAdapter(files, { nowMs: () => Date.UTC(2026, 10, 27, 12) }, { nodeId: DC_ID, kind: 'DC', timeZone: DC_TIME_ZONE, methods: ['SHIP_FROM_DC'], safetyStock: 0, wmsFolder: `/wms/${DC_ID}` });
  const written = await adapter.writeRelease(controlNumber, rows);
  const text = await files.read(`/wms/${DC_ID}/in/${written.fileName}`);
  if (text === undefined) throw new Error(`the adapter wrote no ${written.fileName} into in/`);
  // The envelope is the adapter's own account of what it wrote: the property tests check it is true.
  return { fileName: written.fileName, text, rowCount: written.rowCount, controlNumber, sha256: written.sha256 };
}

/** The adapter as the provider of release files; `files` decides what the writer's folder does (the broken-adapter test changes it). */
export function releaseProvider(files: () => MemoryFiles = () => new MemoryFiles()): Pick<MessageProviderSuite, 'stateHandlers' | 'files'> {
  let file: ProvidedFile | undefined;
  return {
    stateHandlers: {
      [RELEASE_STATES.twoLines]: async () => {
        file = await writeReleaseWithAdapter(RELEASE_ROWS, 1, files());
        return undefined;
      },
    },
    files: {
      [RELEASE_CASES[0]?.description ?? '']: () => {
        if (file === undefined) throw new Error('the release provider was asked for a file before its provider state');
        return file;
      },
    },
  };
}
