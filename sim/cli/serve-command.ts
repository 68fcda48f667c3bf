import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { startLivePos } from '../live/live-pos.live.ts';
import { startLiveWms, wmsDcsOf } from '../live/live-wms.live.ts';
import { SPEED_MAX } from '../live/real-time-env.live.ts';
import { UsageError } from './exit-codes.ts';
import { loadScenarioFlag, wholeNumber } from './options.ts';

/**
 * `converge serve pos|wms`: the fakes as real servers on real time (live mode), for an
 * orchestrator outside this process. They run until SIGINT or SIGTERM, then stop cleanly.
 */

const DEFAULT_PORT = 8400;
const INSTANT_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

interface LiveFlags {
  scenario: string;
  seed: number;
  speed: number;
  start?: number;
}

/** A positive decimal: 1 is real time, 60 a simulated minute per real second, 0.5 slow motion. */
function speedFlag(value: string): number {
  const parsed = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value.trim()) || !(parsed > 0) || parsed > SPEED_MAX) {
    throw new InvalidArgumentError(`--speed expects a number above 0 and at most ${SPEED_MAX} (1 = real time), got "${value}"`);
  }
  return parsed;
}

/** An ISO-8601 instant with its offset: without one, which zone's 01:59:50 is meant? */
function instantFlag(value: string): number {
  const parsed = Date.parse(value);
  if (!INSTANT_PATTERN.test(value.trim()) || Number.isNaN(parsed)) {
    throw new InvalidArgumentError(`--start expects an ISO-8601 instant with Z or an offset, e.g. 2026-11-03T01:59:50-06:00, got "${value}"`);
  }
  return parsed;
}

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

function describeStart(flags: LiveFlags, startEpochMs: number): string {
  return `start ${new Date(startEpochMs).toISOString()}${flags.start === undefined ? ' (now)' : ''}`;
}

/** Resolves on the first SIGINT or SIGTERM; the listeners are removed again. */
function untilSignal(): Promise<string> {
  return new Promise((resolveSignal) => {
    const stop = (signal: string): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolveSignal(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

function liveOptions(command: Command): Command {
  return command
    .option('--scenario <name|path>', 'a scenario name from scenarios/ or a path to a scenario file', 'baseline')
    .option('--seed <n>', 'the seed the fakes draw from (whole number)', wholeNumber('--seed', 0, 2 ** 32 - 1), 1)
    .option('--speed <x>', 'simulated time per real time: 1 real time, 60 a minute a second', speedFlag, 1)
    .option('--start <instant>', 'simulated instant to start at, ISO-8601 with offset (default: now)', instantFlag);
}

export function registerServe(program: Command): void {
  const serve = program.command('serve').description('run the fakes as real servers on real time (live mode), until Ctrl-C');

  liveOptions(serve.command('pos').description("serve the scenario's POS stores over HTTP on 127.0.0.1"))
    .option('--port <p>', `TCP port (0: any free port; default ${DEFAULT_PORT})`, wholeNumber('--port', 0, 65_535), DEFAULT_PORT)
    .action(async (flags: LiveFlags & { port: number }) => {
      const { scenario, path } = loadScenarioFlag(flags.scenario);
      const startEpochMs = flags.start ?? Date.now();
      let live;
      try {
        live = await startLivePos({ scenario, seed: flags.seed, speed: flags.speed, startEpochMs, port: flags.port, log: say });
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EADDRINUSE' || code === 'EACCES') throw new UsageError(`--port ${flags.port}: cannot listen (${code}); choose another port, or --port 0 for any free one`);
        throw error;
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
      const dir = resolve(flags.dir);
      if (statSync(dir, { throwIfNoEntry: false })?.isDirectory() !== true) throw new UsageError(`--dir ${flags.dir}: expected an existing folder`);
      const { scenario, path } = loadScenarioFlag(flags.scenario);
      const startEpochMs = flags.start ?? Date.now();
      say(`converge serve wms: folder ${dir}, scenario ${flags.scenario} (${path}), seed ${flags.seed}, speed ${flags.speed}x, ${describeStart(flags, startEpochMs)}; Ctrl-C stops`);
      const dcs = wmsDcsOf(scenario);
      const live = startLiveWms({ dcs, seed: flags.seed, speed: flags.speed, startEpochMs, dir, log: say });
      for (const [index, dc] of live.dcs.entries()) {
        const config = dcs[index];
        say(`${dc.dcId} (${config?.timeZone}): drop RELEASE_${dc.dcId}_<8-digit ctl>.csv into ${dc.inDir}; replies in ${dc.outDir}`);
        say(`${dc.dcId}: batch window ${config?.batchWindowLocal} local, next in ${(dc.batchWindowInRealMs / 1000).toFixed(1)} s real; ship wave ${config?.shipWaveLocal}, snapshot ${config?.snapshotLocal}`);
      }
      const signal = await untilSignal();
      live.stop();
      say(`stopped (${signal})`);
    });
}
