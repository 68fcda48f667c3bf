import { Command, CommanderError } from 'commander';
import { EXIT, UsageError } from './exit-codes.ts';
import { HARNESS_VERSION } from '../harness-version.ts';
import { registerExplain } from './explain-command.ts';
import { registerGate } from './gate-command.ts';
import { registerMergeReports } from './merge-reports-command.ts';
import { registerReplay } from './replay-command.ts';
import { registerReport } from './report-command.ts';
import { registerRun } from './run-command.ts';
import { registerScenarios } from './scenarios-command.ts';
import { registerServe } from './serve-command.ts';
import { registerOrchestrate } from './orchestrate-command.ts';
import { registerWatch } from './watch-command.ts';
import { registerShrink } from './shrink-command.ts';
import { CrashEveryTooSmallError } from '../world/crash-schedule.ts';
import { FakeConfigError } from '../../legacy-fakes/config-error.ts';
import { SqliteUnavailableError } from '../../orchestrator/store/sqlite-store.node.ts';

/**
 * The `converge` command line. Exit codes: 0 ok, 1 violations, 2 bad usage or input,
 * 3 the harness failed, 4 a replay differs.
 */
export async function main(argv: readonly string[]): Promise<number> {
  let exitCode: number = EXIT.ok;
  const setExitCode = (code: number): void => {
    exitCode = code;
  };
  const program = new Command('converge')
    .description('Deterministic simulation harness for order orchestration over legacy POS, WMS and payment systems')
    .version(HARNESS_VERSION, '-V, --version', 'print the version of Converge and exit')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });
  registerRun(program, setExitCode);
  registerGate(program, setExitCode);
  registerMergeReports(program, setExitCode);
  registerReplay(program, setExitCode);
  registerScenarios(program);
  registerServe(program);
  registerOrchestrate(program);
  registerWatch(program, setExitCode);
  registerReport(program, setExitCode);
  registerShrink(program, setExitCode);
  registerExplain(program, setExitCode);
  for (const command of program.commands) command.exitOverride();

  // A rejected promise nobody awaited is an orchestrator or harness bug: fail loudly, exit 3.
  let crash: unknown;
  const onUnhandled = (reason: unknown): void => {
    crash ??= reason;
  };
  process.on('unhandledRejection', onUnhandled);
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    const usage = usageMessage(error);
    if (usage !== undefined) {
      process.stderr.write(`converge: ${usage}\n`);
      return EXIT.usage;
    }
    process.stderr.write(`converge: the harness failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT.harness;
  } finally {
    process.off('unhandledRejection', onUnhandled);
  }
  if (crash !== undefined) {
    process.stderr.write(`converge: the harness failed: an async task crashed: ${crash instanceof Error ? (crash.stack ?? crash.message) : String(crash)}\n`);
    return EXIT.harness;
  }
  return exitCode;
}

/**
 * The one line for an error that is the user's input, not a bug (exit 2), or undefined. A fake
 * refusing its configuration at the start of a run is the scenario's fault: the schema checks
 * what it can, and this is the net under it.
 */
export function usageMessage(error: unknown): string | undefined {
  if (error instanceof UsageError || error instanceof CrashEveryTooSmallError) return error.message;
  if (error instanceof FakeConfigError) return `the scenario's fakes refused their configuration: ${error.message}`;
  if (error instanceof SqliteUnavailableError) return error.message;
  return undefined;
}
