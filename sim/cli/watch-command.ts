import type { Command } from 'commander';
import { DashboardModel } from '../dashboard/model.ts';
import { SPEEDS } from '../dashboard/pacer.ts';
import { plainProgress, progressLine, traceSummary } from '../dashboard/plain-progress.ts';
import { incidentSource, liveSource, sniffInput, traceSource, type HistorySource } from '../dashboard/run-input.node.ts';
import { watchOnScreen } from '../dashboard/watch-screen.tsx';
import { EXIT, runExitCode, UsageError } from './exit-codes.ts';
import { wholeNumber } from './options.ts';
import { formatSummary } from './summary.ts';
import { MAX_ORDERS } from '../world/input-bounds.ts';

interface WatchFlags {
  scenario?: string;
  seed: number;
  orders?: number;
  orchestrator?: string;
  fps: number;
  speed?: number;
  plain?: boolean;
}

async function sourceFor(file: string | undefined, flags: WatchFlags): Promise<HistorySource> {
  if (file === undefined) {
    if (flags.scenario === undefined) throw new UsageError('watch: give --scenario <name|path> (and --seed), or a FILE: an incident or a trace JSONL');
    return liveSource({ scenario: flags.scenario, seed: flags.seed, orchestrator: flags.orchestrator ?? 'reference', ...(flags.orders === undefined ? {} : { orders: flags.orders }) });
  }
  if (flags.scenario !== undefined || flags.orders !== undefined) throw new UsageError(`watch ${file}: --scenario and --orders are for a fresh run; a file brings its own`);
  const kind = sniffInput(file);
  if (kind === 'gate-report') throw new UsageError(`watch ${file}: a gate report has no history to watch; try converge report ${file} --html out.html`);
  return kind === 'incident' ? incidentSource(file, flags.orchestrator) : traceSource(file);
}

export function registerWatch(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('watch')
    .description('watch a run live in a terminal dashboard (or replay an incident or a trace file); plain progress without a terminal')
    .argument('[file]', 'an incident file (simulated again) or a trace JSONL file (run --trace), instead of --scenario')
    .option('--scenario <name|path>', 'a scenario name from scenarios/ or a path to a scenario file')
    .option('--seed <n>', 'the run seed (whole number)', wholeNumber('--seed', 0, 2 ** 32 - 1), 1)
    .option('--orders <n>', "override the scenario's order count", wholeNumber('--orders', 1, MAX_ORDERS))
    .option('--orchestrator <module>', "the orchestrator plugin: 'reference' (bundled), a path to a module or a package name")
    .option('--fps <n>', 'redraw at most this many times a second', wholeNumber('--fps', 1, 30), 5)
    .option('--speed <n>', `start at this speed, simulated seconds per wall second (${SPEEDS.filter(Number.isFinite).join(', ')}); default flat out`, wholeNumber('--speed', 1, 1_000_000_000))
    .option('--plain', 'print plain progress lines and a summary even on a terminal')
    .action(async (file: string | undefined, flags: WatchFlags) => {
      const source = await sourceFor(file, flags);
      const onTerminal = process.stdout.isTTY === true && process.stdin.isTTY === true && flags.plain !== true;
      process.stdout.write(`${source.banner}\n`);
      if (!onTerminal) {
        const model = new DashboardModel(source.info);
        const result = await source.play(model, { onEvent: plainProgress(model, (line) => process.stdout.write(`${line}\n`)) });
        model.finish(result);
        process.stdout.write(`${result === undefined ? traceSummary(model.snapshot()) : `${progressLine(model.snapshot())}\n${formatSummary(result)}`}\n`);
        setExitCode(result === undefined ? EXIT.ok : runExitCode(result));
        return;
      }
      const speedIndex = flags.speed === undefined ? undefined : nearestSpeed(flags.speed);
      const outcome = await watchOnScreen(source, { fps: flags.fps, ...(speedIndex === undefined ? {} : { speedIndex }) });
      if (outcome.kind === 'quit') {
        process.stdout.write(`quit at ${progressLine(outcome.model.snapshot())}\nThe run did not finish: no verdict.${source.info.replay === null ? '' : ` To run it to the end: ${source.info.replay}`}\n`);
        setExitCode(EXIT.ok);
        return;
      }
      const { result } = outcome;
      process.stdout.write(`${result === undefined ? traceSummary(outcome.model.snapshot()) : formatSummary(result)}\n`);
      setExitCode(result === undefined ? EXIT.ok : runExitCode(result));
    });
}

/** The index of the listed speed closest to `speed` (from below). */
function nearestSpeed(speed: number): number {
  let index = 0;
  SPEEDS.forEach((candidate, i) => {
    if (candidate <= speed) index = i;
  });
  return index;
}
