/**
 * The WMS fake: one warehouse system per DC, trading batch files through a shared folder as
 * docs/legacy-protocols.md describes. This file is the public entry: configuration checks and
 * the daily job schedule; the DC's state and jobs live in wms-dc.ts.
 */
import type { FakeEnv, FakeFolder } from '../env.ts';
import type { QuirkCounts } from '../http.ts';
import { msUntilNextLocalTime } from '../local-time.ts';
import { checkId, checkLocalTime, checkStock, checkTimeZone, checkUnique } from '../config-check.ts';
import { WmsDc } from './wms-dc.ts';
import { checkWmsQuirks } from './wms-quirk-config.ts';
import type { WmsDcConfig, WmsDcStockTruth, WmsDcTruth } from './wms-types.ts';

export type {
  WmsDcConfig,
  WmsDcStockTruth,
  WmsDcTruth,
  WmsFileDamage,
  WmsFileOrigin,
  WmsFileTruth,
  WmsLineRejection,
  WmsLineStatus,
  WmsLineTruth,
  WmsQuarantinedFile,
  WmsQuarantineReason,
  WmsQuirks,
  WmsResendTruth,
  WmsShipmentTruth,
} from './wms-types.ts';
export type { WmsQuirkName } from './wms-quirk-config.ts';

/** No '_': it separates the parts of a file name (`RELEASE_<dcId>_<ctl>.csv`). */
const DC_ID_PATTERN = /^[A-Za-z0-9-]+$/;

function checkDcConfig(where: string, config: WmsDcConfig): void {
  checkId(`${where}.dcId`, config.dcId, DC_ID_PATTERN, 'letters, digits or "-"');
  checkTimeZone(`${where}.timeZone`, config.timeZone);
  checkLocalTime(`${where}.batchWindowLocal`, config.batchWindowLocal);
  checkLocalTime(`${where}.shipWaveLocal`, config.shipWaveLocal);
  checkLocalTime(`${where}.snapshotLocal`, config.snapshotLocal);
  checkStock(`${where}.stock`, config.stock);
  checkWmsQuirks(`${where}.quirks`, config.quirks);
}

export class WmsFake {
  private readonly dcs: { config: WmsDcConfig; dc: WmsDc }[];
  private started = false;

  /** Throws FakeConfigError naming the DC and field if a configuration is invalid. */
  constructor(
    private readonly env: FakeEnv,
    folder: FakeFolder,
    dcs: readonly WmsDcConfig[],
  ) {
    dcs.forEach((config, index) => checkDcConfig(`dcs[${index}]`, config));
    checkUnique('dcs[].dcId', dcs.map((config) => config.dcId));
    this.dcs = dcs.map((config) => ({ config, dc: new WmsDc(env, folder, config) }));
  }

  /** Writes each DC's opening SNAPSHOT and starts its daily jobs. Once per run. */
  start(): void {
    if (this.started) throw new Error('WmsFake.start: already started; a second start would run every job twice a day');
    this.started = true;
    for (const { config, dc } of this.dcs) {
      dc.snapshot();
      this.daily(`wms.${config.dcId}.batch`, config, config.batchWindowLocal, () => dc.batchWindow());
      this.daily(`wms.${config.dcId}.shipwave`, config, config.shipWaveLocal, () => dc.shipWave());
      this.daily(`wms.${config.dcId}.snapshot`, config, config.snapshotLocal, () => dc.snapshot());
    }
  }

  /** Files the DCs promised to write later and have not yet (late re-exports): the run goes on until none is left. */
  pendingDeliveries(): number {
    return this.dcs.reduce((sum, { dc }) => sum + dc.pendingDeliveries(), 0);
  }

  /** Ground truth for the invariant checkers, DCs in configuration order; copies throughout. */
  truth(): readonly WmsDcTruth[] {
    return this.dcs.map(({ dc }) => dc.truth());
  }

  /** Each DC's stock and written files (no lines), DCs in configuration order; copies. */
  stockTruth(): readonly WmsDcStockTruth[] {
    return this.dcs.map(({ dc }) => dc.stockTruth());
  }

  /**
   * How often each quirk fired, summed over the DCs: `wms.<quirk>` for every quirk configured on
   * any DC (0 if it never fired), plus `wms.sequence_gap` once the WMS has applied a release out
   * of sequence (the orchestrator's doing, not a quirk, but the same "did it happen" question).
   */
  quirkCounts(): QuirkCounts {
    const counts: Record<string, number> = {};
    for (const { dc } of this.dcs) {
      for (const [name, count] of dc.counts()) counts[`wms.${name}`] = (counts[`wms.${name}`] ?? 0) + count;
    }
    return counts;
  }

  /**
   * Runs `job` every day at DC-local `hhmm`; each run books the next, so DST is followed. The next
   * run is booked even when this one throws (a file that cannot be moved, a full disk): the
   * error is the caller's to report, and one bad night must not stop the DC for good.
   */
  private daily(label: string, config: WmsDcConfig, hhmm: string, job: () => void): void {
    const book = (): void => {
      this.env.schedule(label, msUntilNextLocalTime(this.env.nowMs(), config.timeZone, hhmm), () => {
        try {
          job();
        } finally {
          book();
        }
      });
    };
    book();
  }
}
