/**
 * A scenario's WMS over a real folder, on real time: what `converge serve wms` runs, and what
 * tests start in-process. Each DC gets `<dir>/<dcId>/in` (drop RELEASE files here) and
 * `<dir>/<dcId>/out` (the WMS writes here); the WMS files what it read under `archive/` and what
 * it refused under `quarantine/` with a `.reason` file.
 */
import { mkdirSync } from 'node:fs';
import { msUntilNextLocalTime } from '../../legacy-fakes/local-time.ts';
import { WmsFake, type WmsDcConfig } from '../../legacy-fakes/wms/wms-fake.ts';
import type { Scenario } from '../world/scenario-schema.ts';
import { buildTopology, wmsFolder } from '../world/topology.ts';
import { loggingRealTimeEnv, type RealTimeEnv } from './real-time-env.live.ts';
import { LiveWmsFolder } from './wms-folder.live.ts';

export interface LiveWmsOptions {
  /** The DCs to run; build them from a scenario with `wmsDcsOf`. */
  dcs: readonly WmsDcConfig[];
  seed: number;
  speed: number;
  startEpochMs: number;
  /** The wall-clock instant simulated time was `startEpochMs` (default: now): processes given the same one share a clock. */
  originWallMs?: number;
  dir: string;
  log: (line: string) => void;
  /** Share this environment (its clock and trace) instead of starting one; its owner stops it. */
  env?: RealTimeEnv;
}

export interface LiveWmsDc {
  dcId: string;
  inDir: string;
  outDir: string;
  /** Real ms until the next batch window reads `inDir`. */
  batchWindowInRealMs: number;
}

export interface LiveWms {
  wms: WmsFake;
  env: RealTimeEnv;
  folder: LiveWmsFolder;
  dcs: readonly LiveWmsDc[];
  stop(): void;
}

export function wmsDcsOf(scenario: Scenario): WmsDcConfig[] {
  return buildTopology(scenario, scenario.workload.orders).wmsDcs;
}

export function startLiveWms(options: LiveWmsOptions): LiveWms {
  const folder = new LiveWmsFolder(options.dir, (line) => options.log(`folder ${line}`));
  const env = options.env ?? loggingRealTimeEnv(options);
  const dcs = options.dcs.map((dc) => {
    const inDir = folder.realPath(`${wmsFolder(dc.dcId)}/in`);
    const outDir = folder.realPath(`${wmsFolder(dc.dcId)}/out`);
    mkdirSync(inDir, { recursive: true });
    mkdirSync(outDir, { recursive: true });
    return { dcId: dc.dcId, inDir, outDir, batchWindowInRealMs: env.realMs(msUntilNextLocalTime(env.nowMs(), dc.timeZone, dc.batchWindowLocal)) };
  });
  const wms = new WmsFake(env.fake('wms'), folder, options.dcs);
  wms.start();
  return { wms, env, folder, dcs, stop: () => (options.env === undefined ? env.stop() : undefined) };
}
