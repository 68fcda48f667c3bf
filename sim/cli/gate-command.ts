import { existsSync, readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, relative } from 'node:path';
import { SingleBar, Presets } from 'cli-progress';
import type { Command } from 'commander';
import { runContracts } from '../gate/contracts-check.node.ts';
import { ConfigError, loadConfig } from '../gate/gate-config.node.ts';
import { runVerdictLine } from '../gate/parking-summary.ts';
import type { JobOutcome } from '../gate/gate-job.ts';
import { parseShard, type Shard } from '../gate/gate-plan.ts';
import { runGate } from '../gate/gate.node.ts';
import { renderJunit } from '../gate/junit.ts';
import { renderMarkdown } from '../gate/markdown-report.ts';
import { renderGateHtml } from '../report/html/gate-html.ts';
import { IncidentError, readIncident } from '../incidents/incident-io.node.ts';
import { loadPlugin, PluginLoadError } from '../plugins/load-plugin.node.ts';
import { listScenarioNames, SCENARIOS_DIR } from '../world/scenario-loader.node.ts';
import { EXIT, UsageError } from './exit-codes.ts';
import { summaryLines, writeOutput } from './gate-output.ts';
import { loadScenarioFlag, wholeNumber } from './options.ts';
import { MAX_ORDERS } from '../world/input-bounds.ts';

/** Regression seeds: every incident committed here runs in every gate. */
export const REGRESSION_INCIDENTS_DIR = join(SCENARIOS_DIR, 'incidents');

interface GateFlags {
  scenarios: string;
  seeds?: number;
  firstSeed: number;
  orders?: number;
  workers: number;
  shard?: string;
  junit?: string;
  report?: string;
  html?: string;
  json?: string;
  orchestrator: string;
  baseline?: string;
  recheck?: number;
  incidentsDir: string;
  config?: string;
  progress: boolean;
  contracts?: boolean;
}

function scenariosOf(flag: string): string[] {
  if (flag.trim() === 'all') return listScenarioNames();
  const names = flag.split(',').map((name) => name.trim()).filter((name) => name !== '');
  if (names.length === 0) throw new UsageError(`--scenarios expects "all" or a comma-separated list of scenario names, got "${flag}"`);
  for (const name of names) loadScenarioFlag(name);
  return names;
}

function regressionIncidents(): string[] {
  if (!existsSync(REGRESSION_INCIDENTS_DIR)) return [];
  const files = readdirSync(REGRESSION_INCIDENTS_DIR).filter((name) => name.endsWith('.json')).sort().map((name) => relative(process.cwd(), join(REGRESSION_INCIDENTS_DIR, name)));
  for (const file of files) {
    try {
      readIncident(file);
    } catch (error) {
      if (error instanceof IncidentError) throw new UsageError(`regression incident ${error.message}`);
      throw error;
    }
  }
  return files;
}

async function checkPlugin(ref: string, flag: string): Promise<void> {
  try {
    await loadPlugin(ref);
  } catch (error) {
    if (error instanceof PluginLoadError) throw new UsageError(`${flag}: ${error.message}`);
    throw error;
  }
}

/** A bar on a terminal; on a pipe (CI logs), one line per run that did not hold and one every tenth of the way. */
function progressReporter(enabled: boolean): { onOutcome(outcome: JobOutcome, done: number, total: number): void; stop(): void } {
  if (enabled && process.stderr.isTTY) {
    const bar = new SingleBar({ format: 'gate [{bar}] {value}/{total} runs | {failed} not holding | eta {eta_formatted}', stream: process.stderr, hideCursor: true }, Presets.shades_classic);
    let failed = 0;
    let started = false;
    return {
      onOutcome: (outcome, done, total) => {
        if (!started) {
          bar.start(total, 0, { failed });
          started = true;
        }
        if (outcome.verdict !== 'pass') failed++;
        bar.update(done, { failed });
      },
      stop: () => started && bar.stop(),
    };
  }
  let lastTenth = 0;
  return {
    onOutcome: (outcome, done, total) => {
      if (outcome.verdict !== 'pass') process.stderr.write(`gate: ${outcome.job.role} ${outcome.job.id}${outcome.job.purpose === 'recheck' ? ' (re-run)' : ''}: ${outcome.verdict} (verdict: ${runVerdictLine(outcome)}); replay: ${outcome.replay}\n`);
      const tenth = Math.floor((done * 10) / total);
      if (enabled && tenth > lastTenth) {
        lastTenth = tenth;
        process.stderr.write(`gate: ${done}/${total} runs done\n`);
      }
    },
    stop: () => undefined,
  };
}

export function registerGate(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('gate')
    .description('release gate: every scenario × seed (plus the regression incidents) must hold, fire its faults and be deterministic')
    .option('--scenarios <a,b|all>', 'scenario names, comma-separated, or all', 'all')
    .option('--seeds <n>', 'seeds per scenario (default: converge.config.json gate.seeds, else 20)', wholeNumber('--seeds', 1, 100_000))
    .option('--first-seed <n>', 'the first seed number', wholeNumber('--first-seed', 0, 2 ** 32 - 1), 1)
    .option('--orders <n>', "override every scenario's order count", wholeNumber('--orders', 1, MAX_ORDERS))
    .option('--workers <k>', 'worker threads (0: run in this thread)', wholeNumber('--workers', 0, 256), availableParallelism())
    .option('--shard <i/n>', 'run only the i-th of n deterministic slices of the runs (CI matrix)')
    .option('--junit <file>', 'write JUnit XML: one testcase per scenario × seed')
    .option('--report <file>', 'write a markdown summary')
    .option('--html <file>', 'write a self-contained HTML report (tables per scenario, the runs that did not hold)')
    .option('--json <file>', 'write the whole gate report as JSON (for merge-reports and dashboards)')
    .option('--orchestrator <module>', 'the candidate orchestrator: reference, a module path or a package name', 'reference')
    .option('--baseline <module>', 'the last release: run the same seeds on it and fail on new breaks or metric regressions')
    .option('--recheck <n>', 'runs to repeat for the determinism self-check (default: one per scenario)', wholeNumber('--recheck', 0, 100_000))
    .option('--incidents-dir <dir>', 'where incident files of failing runs go', '.converge/incidents')
    .option('--config <file>', 'config file (default: converge.config.json in the working directory, if present)')
    .option('--contracts', 'run the Pact contract checks first (npm run contracts); a failure fails the gate')
    .option('--no-progress', 'no progress bar or progress lines')
    .action(async (flags: GateFlags) => {
      let config;
      try {
        config = loadConfig(flags.config);
      } catch (error) {
        if (error instanceof ConfigError) throw new UsageError(error.message);
        throw error;
      }
      const scenarios = scenariosOf(flags.scenarios);
      let shard: Shard | undefined;
      if (flags.shard !== undefined) {
        const parsed = parseShard(flags.shard);
        if (typeof parsed === 'string') throw new UsageError(parsed);
        shard = parsed;
      }
      await checkPlugin(flags.orchestrator, '--orchestrator');
      if (flags.baseline !== undefined) await checkPlugin(flags.baseline, '--baseline');
      const incidents = regressionIncidents();
      const seeds = flags.seeds ?? config.gate.seeds ?? 20;
      const contracts = flags.contracts === true ? await runContracts((text) => flags.progress && process.stderr.write(text)) : undefined;
      const progress = progressReporter(flags.progress);
      const report = await runGate(
        {
          scenarios,
          seeds,
          firstSeed: flags.firstSeed,
          incidents,
          candidate: flags.orchestrator,
          workers: flags.workers,
          recheck: flags.recheck ?? Math.max(1, scenarios.length),
          regressionThresholds: config.gate.regressionThresholds,
          incidentsDir: flags.incidentsDir,
          ...(contracts === undefined ? {} : { contracts }),
          ...(flags.orders === undefined ? {} : { orders: flags.orders }),
          ...(shard === undefined ? {} : { shard }),
          ...(flags.baseline === undefined ? {} : { baseline: flags.baseline }),
        },
        { onOutcome: (outcome, done, total) => progress.onOutcome(outcome, done, total) },
      );
      progress.stop();
      if (flags.junit !== undefined) writeOutput(flags.junit, renderJunit(report), '--junit');
      if (flags.report !== undefined) writeOutput(flags.report, renderMarkdown(report), '--report');
      if (flags.html !== undefined) writeOutput(flags.html, renderGateHtml(report), '--html');
      if (flags.json !== undefined) writeOutput(flags.json, `${JSON.stringify(report)}\n`, '--json');
      process.stdout.write(`${summaryLines(report).join('\n')}\n`);
      const crashedOnly = report.candidate.some((run) => run.verdict === 'error') && report.candidate.every((run) => run.verdict === 'pass' || run.verdict === 'error');
      setExitCode(report.passed ? EXIT.ok : crashedOnly ? EXIT.harness : EXIT.violations);
    });
}
