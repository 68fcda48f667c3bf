import { dirname, resolve } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { startLiveOrchestrator } from '../live/live-orchestrator.live.ts';
import { describeStart, existingFolder, liveOptions, liveTime, say, untilSignal, type LiveFlags } from './live-flags.ts';
import { loadScenarioFlag, wholeNumber } from './options.ts';
import { pluginForCli } from '../replay/inputs.node.ts';
import { portError } from './serve-command.ts';

/**
 * `converge orchestrate`: an orchestrator (the reference one unless `--orchestrator` names another) as a live process, on SQLite, against the
 * live fakes. Kill it any way you like; started again on the same --db it resumes.
 */

interface OrchestrateFlags extends LiveFlags {
  db: string;
  pos: string;
  payment: string;
  wms: string;
  events?: string;
  port: number;
  orchestrator: string;
}

function httpUrl(flag: string): (value: string) => string {
  return (value) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw new InvalidArgumentError(`${flag} expects an http:// URL, e.g. http://127.0.0.1:8400, got "${value}"`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InvalidArgumentError(`${flag} expects an http:// URL, got "${value}"`);
    return value.replace(/\/+$/, '');
  };
}

export function registerOrchestrate(program: Command): void {
  liveOptions(program.command('orchestrate').description('run an orchestrator (the reference one by default) live: SQLite on disk, real HTTP to the POS and the gateway, the WMS folder'))
    .requiredOption('--db <file>', 'the SQLite file it keeps everything in (created if missing; restart on the same file to resume)')
    .requiredOption('--pos <url>', 'the POS server, as `converge serve pos` prints it', httpUrl('--pos'))
    .requiredOption('--payment <url>', 'the gateway, as `converge serve payment` prints it', httpUrl('--payment'))
    .requiredOption('--wms <folder>', 'the WMS shared folder (`converge serve wms --dir`)')
    .option('--events <file>', 'where published events are appended, one JSON object a line (default: <db>.events.jsonl)')
    .option('--port <p>', 'command API port on 127.0.0.1 (0: any free port)', wholeNumber('--port', 0, 65_535), 0)
    .option('--orchestrator <module>', "the orchestrator plugin: 'reference' (bundled), a path to a module or a package name", 'reference')
    .action(async (flags: OrchestrateFlags) => {
      const { scenario, path } = loadScenarioFlag(flags.scenario);
      const plugin = await pluginForCli(flags.orchestrator);
      const storePath = resolve(flags.db);
      existingFolder('--db', dirname(storePath));
      const wmsDir = existingFolder('--wms', resolve(flags.wms));
      const { startEpochMs, originWallMs } = liveTime(flags);
      const eventsPath = resolve(flags.events ?? `${storePath}.events.jsonl`);
      let live;
      try {
        live = await startLiveOrchestrator({
          plugin,
          scenario,
          seed: flags.seed,
          clock: { startEpochMs, originWallMs, speed: flags.speed },
          posUrl: flags.pos,
          paymentUrl: flags.payment,
          wmsDir,
          storePath,
          eventsPath,
          port: flags.port,
          log: (line) => process.stderr.write(`${line}\n`),
        });
      } catch (error) {
        throw portError(error, flags.port);
      }
      // The address first, alone on its line: scripts read it to find the port.
      say(`listening on ${live.url}`);
      say(`converge orchestrate: ${live.orchestrator.name}@${live.orchestrator.version}, store ${storePath}, events ${eventsPath}, scenario ${flags.scenario} (${path}), speed ${flags.speed}x, ${describeStart(flags, startEpochMs)}; commands: POST ${live.url}/commands/place-order ...`);
      const signal = await untilSignal();
      await live.stop();
      say(`stopped (${signal})`);
      // Its timers would keep it alive: stopping is crash-only too, resumed from the file.
      process.exit(0);
    });
}


