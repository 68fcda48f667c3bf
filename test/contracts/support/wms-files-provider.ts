/**
 * The WMS fake as the provider of ACK, SHIPCONF and SNAPSHOT files: each provider state runs a
 * fresh WmsFake (the simulation's code, on the fakes' test env and an in-memory folder) up to
 * the job that writes the file; the message is that file as the fake's writer left it in out/.
 * Metadata comes from the fake's own ground truth (control number) and its own reader (rows).
 */
import { parseBatchFile } from '../../../legacy-fakes/wms/batch-file.ts';
import type { WmsDcConfig, WmsFileTruth } from '../../../legacy-fakes/wms/wms-fake.ts';
import { chicago, DC1, dropRelease, releaseText, startWms, type WmsWorld } from '../../fakes/wms-helpers.ts';
import type { MessageProviderSuite, ProvidedFile } from './message-suites.ts';
import { WMS_FILE_CASES, WMS_FILE_STATES } from './wms-files-contract.ts';

const RELEASE_ROWS = [['FO-1', '1', 'SKU-1', '2']];

/** One hex digit of the trailer hash changed: the content stays plausible, the hash does not. */
function breakTrailerHash(text: string): string {
  const last = text.length - 2;
  return `${text.slice(0, last)}${text[last] === '0' ? '1' : '0'}\n`;
}

export class WmsFilesProvider {
  private world: WmsWorld | undefined;

  readonly stateHandlers: MessageProviderSuite['stateHandlers'] = {
    [WMS_FILE_STATES.opened]: () => this.setUp(() => undefined),
    [WMS_FILE_STATES.releaseAccepted]: () => this.setUp((world) => this.batchWindow(world, releaseText(1, RELEASE_ROWS))),
    [WMS_FILE_STATES.releaseShort]: () => this.setUp((world) => this.batchWindow(world, releaseText(1, RELEASE_ROWS)), { ...DC1, stock: { 'SKU-1': 1 } }),
    [WMS_FILE_STATES.phantomAck]: () => this.setUp((world) => world.env.runUntil(chicago(28, 2, 1)), { ...DC1, quirks: { phantomAck: [1, 1] } }),
    [WMS_FILE_STATES.releaseBadChecksum]: () => this.setUp((world) => this.batchWindow(world, breakTrailerHash(releaseText(1, RELEASE_ROWS)))),
    [WMS_FILE_STATES.shipped]: () =>
      this.setUp((world) => {
        this.batchWindow(world, releaseText(1, RELEASE_ROWS));
        world.env.runUntil(chicago(28, 14, 1));
      }),
  };

  /** By message description (the descriptions the consumer's cases use). */
  readonly files: MessageProviderSuite['files'] = Object.fromEntries(
    WMS_FILE_CASES.map((contractCase) => {
      const docType = /^(ACK|SHIPCONF|SNAPSHOT)_/.exec(contractCase.example.fileName)?.[1];
      if (docType === undefined) throw new Error(`no document type in ${contractCase.example.fileName}`);
      return [contractCase.description, () => this.latest(docType)];
    }),
  );

  private setUp(run: (world: WmsWorld) => void, config: WmsDcConfig = DC1): Promise<undefined> {
    this.world = startWms(undefined, 1, config);
    run(this.world);
    return Promise.resolve(undefined);
  }

  private batchWindow(world: WmsWorld, text: string): void {
    dropRelease(world.folder, 1, RELEASE_ROWS, text);
    world.env.runUntil(chicago(28, 2, 1));
  }

  /** The last file of a type the fake wrote, read from out/ as a consumer would find it. */
  private latest(docType: string): ProvidedFile {
    if (this.world === undefined) throw new Error('the WMS provider was asked for a file before any provider state');
    const written = this.world.truth().filesWritten.filter((file) => file.docType === docType);
    const file = written[written.length - 1] as WmsFileTruth | undefined;
    if (file === undefined) throw new Error(`the WMS fake wrote no ${docType} file in this provider state`);
    const text = this.world.folder.read(`/wms/DC1/out/${file.name}`);
    if (text === undefined) throw new Error(`${file.name} is not in out/`);
    const parsed = parseBatchFile(text);
    if (!parsed.ok) throw new Error(`the WMS fake cannot read its own ${file.name}: ${parsed.reason} ${parsed.message}`);
    return { fileName: file.name, text, rowCount: parsed.doc.rows.length, controlNumber: file.controlNumber };
  }
}
