import type { Command } from 'commander';
import { simulate } from '../world/simulate.ts';
import { EXIT, UsageError } from './exit-codes.ts';
import { loadScenarioFlag, wholeNumber } from './options.ts';
import { formatSummary } from './summary.ts';
import { TraceFile } from './trace-file.ts';

interface RunFlags {
  scenario: string;
  seed: number;
  orders?: number;
  json?: boolean;
  crashEvery?: number;
  trace?: string;
}

export function registerRun(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('run')
    .description('run one seeded simulation and check every invariant')
    .requiredOption('--scenario <name|path>', 'a scenario name from scenarios/ or a path to a scenario file')
    .option('--seed <n>', 'the run seed (whole number)', wholeNumber('--seed', 0, 2 ** 32 - 1), 1)
    .option('--orders <n>', "override the scenario's order count", wholeNumber('--orders', 1, 10_000_000))
    .option('--crash-every <n>', 'crash the orchestrator after every n kernel events and restart it from its store', wholeNumber('--crash-every', 1, 1_000_000_000))
    .option('--trace <file>', 'write every trace event to FILE as JSON lines (index, atMs, kind, source, orderId, ref, detail)')
    .option('--json', 'print exactly one JSON object on stdout')
    .action(async (flags: RunFlags) => {
      const loaded = loadScenarioFlag(flags.scenario);
      const { scenario } = loaded;
      let traceFile: TraceFile | undefined;
      try {
        traceFile = flags.trace === undefined ? undefined : new TraceFile(flags.trace);
      } catch (error) {
        throw new UsageError(`--trace ${flags.trace}: cannot write the file: ${(error as Error).message}`);
      }
      const banner = `converge run: scenario ${flags.scenario} (${loaded.path}), seed ${flags.seed}, orders ${flags.orders ?? scenario.workload.orders}${flags.orders === undefined ? ' (from the scenario)' : ''}, orchestrator reference, transport direct${flags.crashEvery === undefined ? '' : `, crash every ${flags.crashEvery} events`}`;
      // With --json, stdout carries only the result object; the banner goes to stderr.
      (flags.json === true ? process.stderr : process.stdout).write(`${banner}\n`);
      const result = await simulate(
        {
          scenario,
          scenarioRef: flags.scenario,
          seed: flags.seed,
          ...(flags.orders === undefined ? {} : { orders: flags.orders }),
          ...(flags.crashEvery === undefined ? {} : { crashEveryEvents: flags.crashEvery }),
          ...(traceFile === undefined ? {} : { onTrace: (event) => traceFile.write(event) }),
        },
        () => performance.now(),
      );
      traceFile?.close();
      if (flags.json === true) process.stdout.write(`${JSON.stringify(result)}\n`);
      else process.stdout.write(`${formatSummary(result)}\n`);
      setExitCode(result.violations.length === 0 && result.converged ? EXIT.ok : EXIT.violations);
    });
}
