import { resolve } from 'node:path';
import type { Command } from 'commander';
import { startLivePos } from '../live/live-pos.live.ts';
import { startLiveWms, wmsDcsOf } from '../live/live-wms.live.ts';
import { startLivePayment } from '../live/live-payment.live.ts';
import { loggingRealTimeEnv } from '../live/real-time-env.live.ts';
import { UsageError } from './exit-codes.ts';
import { describeStart, existingFolder, liveOptions, liveTime, say, untilSignal, type LiveFlags } from './live-flags.ts';
import { loadScenarioFlag, wholeNumber } from './options.ts';

/**
 * `converge serve pos|wms|payment`: the fakes as real servers on real time (live mode), for an
 * orchestrator outside this process (`converge orchestrate`, or yours). They run until SIGINT or SIGTERM, then stop cleanly.
 */

const DEFAULT_PORT = 8400;
const DEFAULT_PAYMENT_PORT = 8401;

/** A port nobody can listen on is the user's to change (exit 2); anything else is unexpected. */
export function portError(error: unknown, port: number): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'EADDRINUSE' || code === 'EACCES' ? new UsageError(`--port ${port}: cannot listen (${code}); choose another port, or --port 0 for any free one`) : error;
}

export function registerServe(program: Command): void {
  const serve = program.command('serve').description('run the fakes as real servers on real time (live mode), until Ctrl-C');

  liveOptions(serve.command('pos').description("serve the scenario's POS stores over HTTP on 127.0.0.1"))
    .option('--port <p>', `TCP port (0: any free port; default ${DEFAULT_PORT})`, wholeNumber('--port', 0, 65_535), DEFAULT_PORT)
    .action(async (flags: LiveFlags & { port: number }) => {
      const { scenario, path } = loadScenarioFlag(flags.scenario);
      const { startEpochMs, originWallMs } = liveTime(flags);
      let live;
      try {
        live = await startLivePos({ scenario, seed: flags.seed, speed: flags.speed, startEpochMs, originWallMs, port: flags.port, log: say });
      } catch (error) {
        throw portError(error, flags.port);
      }
      // The address first, alone on its line: scripts read it to find the port.
      say(`listening on ${live.server.url}`);
      for (const store of live.storeUrls) say(`store ${store.storeId}: ${store.pathUrl}/...  or  Host: ${store.host}`);
      say(`converge serve pos: scenario ${flags.scenario} (${path}), seed ${flags.seed}, speed ${flags.speed}x, ${describeStart(flags, startEpochMs)}; Ctrl-C stops`);
      const signal = await untilSignal();
      await live.stop();
      say(`stopped (${signal})`);
    });

  liveOptions(serve.command('wms').description("run the scenario's WMS over a real folder"))
    .requiredOption('--dir <folder>', 'the shared folder; DC folders <dir>/<dcId>/in and out are created in it')
    .action(async (flags: LiveFlags & { dir: string }) => {
      const dir = existingFolder('--dir', resolve(flags.dir));
      const { scenario, path } = loadScenarioFlag(flags.scenario);
      const { startEpochMs, originWallMs } = liveTime(flags);
      say(`converge serve wms: folder ${dir}, scenario ${flags.scenario} (${path}), seed ${flags.seed}, speed ${flags.speed}x, ${describeStart(flags, startEpochMs)}; Ctrl-C stops`);
      const dcs = wmsDcsOf(scenario);
      const live = startLiveWms({ dcs, seed: flags.seed, speed: flags.speed, startEpochMs, originWallMs, dir, log: say });
      for (const [index, dc] of live.dcs.entries()) {
        const config = dcs[index];
        say(`${dc.dcId} (${config?.timeZone}): drop RELEASE_${dc.dcId}_<8-digit ctl>.csv into ${dc.inDir}; replies in ${dc.outDir}`);
        say(`${dc.dcId}: batch window ${config?.batchWindowLocal} local, next in ${(dc.batchWindowInRealMs / 1000).toFixed(1)} s real; ship wave ${config?.shipWaveLocal}, snapshot ${config?.snapshotLocal}`);
      }
      const signal = await untilSignal();
      live.stop();
      say(`stopped (${signal})`);
    });

  liveOptions(serve.command('payment').description("serve the scenario's payment gateway over HTTP on 127.0.0.1"))
    .option('--port <p>', `TCP port (0: any free port; default ${DEFAULT_PAYMENT_PORT})`, wholeNumber('--port', 0, 65_535), DEFAULT_PAYMENT_PORT)
    .action(async (flags: LiveFlags & { port: number }) => {
      const { scenario, path } = loadScenarioFlag(flags.scenario);
      const { startEpochMs, originWallMs } = liveTime(flags);
      const env = loggingRealTimeEnv({ seed: flags.seed, startEpochMs, originWallMs, speed: flags.speed, log: say });
      let live;
      try {
        live = await startLivePayment({ scenario, env, startEpochMs, speed: flags.speed, port: flags.port, log: say });
      } catch (error) {
        env.stop();
        throw portError(error, flags.port);
      }
      say(`listening on ${live.server.url}`);
      say(`converge serve payment: scenario ${flags.scenario} (${path}), seed ${flags.seed}, speed ${flags.speed}x, ${describeStart(flags, startEpochMs)}; Ctrl-C stops`);
      const signal = await untilSignal();
      env.stop();
      await live.server.close();
      say(`stopped (${signal})`);
    });
}
