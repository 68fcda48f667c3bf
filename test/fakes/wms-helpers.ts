/** Shorthands for driving the WMS fake in tests: one DC in Chicago, release files in, documents out. */
import { WmsFake } from '../../legacy-fakes/wms/wms-fake.ts';
import type { WmsDcConfig, WmsDcTruth, WmsQuirks } from '../../legacy-fakes/wms/wms-fake.ts';
import { formatBatchFile, parseBatchFile } from '../../legacy-fakes/wms/batch-file.ts';
import type { BatchDoc, BatchDocType, ParsedBatchFile } from '../../legacy-fakes/wms/batch-file.ts';
import { MemoryFolder, WatchedEnv } from './test-env.ts';

export const DC1: WmsDcConfig = {
  dcId: 'DC1',
  timeZone: 'America/Chicago',
  batchWindowLocal: '02:00',
  shipWaveLocal: '14:00',
  snapshotLocal: '23:30',
  stock: { 'SKU-2': 3, 'SKU-1': 10 },
};

/** Chicago wall clock in late November 2026 (CST, UTC-6). */
export function chicago(day: number, hours: number, minutes = 0): number {
  return Date.UTC(2026, 10, day, hours + 6, minutes);
}

export interface WmsWorld {
  env: WatchedEnv;
  folder: MemoryFolder;
  wms: WmsFake;
  truth(): WmsDcTruth;
}

/** Starts at 23:45 on the 27th, so the next jobs come in protocol order: batch, ship wave, snapshot. */
export function startWms(quirks?: WmsQuirks, seed = 1, config: WmsDcConfig = DC1): WmsWorld {
  return startDcs([quirks === undefined ? config : { ...config, quirks }], seed);
}

/** As startWms, with every DC given; truth() is the first one's. */
export function startDcs(dcs: readonly WmsDcConfig[], seed = 1): WmsWorld {
  const env = new WatchedEnv(chicago(27, 23, 45), seed);
  const folder = new MemoryFolder();
  const wms = new WmsFake(env, folder, dcs);
  wms.start();
  return { env, folder, wms, truth: () => wms.truth()[0] as WmsDcTruth };
}

export function releaseText(controlNumber: number, rows: string[][], dcId = 'DC1'): string {
  return formatBatchFile({ docType: 'RELEASE', controlNumber, dcId, createdLocal: '2026-11-27T06:00:00', asOfLocal: '', rows });
}

export function releaseName(controlNumber: number): string {
  return `RELEASE_DC1_${String(controlNumber).padStart(8, '0')}.csv`;
}

/** As the orchestrator does it: under a temporary name, then renamed. */
export function dropRelease(folder: MemoryFolder, controlNumber: number, rows: string[][], text = releaseText(controlNumber, rows)): string {
  const name = releaseName(controlNumber);
  folder.write(`/wms/DC1/in/${name}.tmp`, text);
  folder.rename(`/wms/DC1/in/${name}.tmp`, `/wms/DC1/in/${name}`);
  return name;
}

/** Every complete file of one type in `out/`, parsed (damaged ones included, as parse results). */
export function outFiles(folder: MemoryFolder, docType: BatchDocType): { name: string; parsed: ParsedBatchFile }[] {
  return folder
    .list('/wms/DC1/out')
    .filter((name) => name.startsWith(`${docType}_`) && name.endsWith('.csv'))
    .map((name) => ({ name, parsed: parseBatchFile(folder.read(`/wms/DC1/out/${name}`) ?? '') }));
}

/** Every complete, intact file of one type in `out/`; a damaged one fails the test. */
export function outDocs(folder: MemoryFolder, docType: BatchDocType): { name: string; doc: BatchDoc }[] {
  return outFiles(folder, docType).map(({ name, parsed }) => {
    if (!parsed.ok) throw new Error(`${name} does not parse: ${parsed.message}`);
    return { name, doc: parsed.doc };
  });
}
