import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { ConfigError, loadConfig } from '../gate/gate-config.node.ts';
import { withDefaults, type GateReport } from '../gate/gate-report.ts';
import { renderJunit } from '../gate/junit.ts';
import { renderMarkdown } from '../gate/markdown-report.ts';
import { MergeError, mergeReports } from '../gate/merge-reports.ts';
import { EXIT, UsageError } from './exit-codes.ts';
import { summaryLines, writeOutput } from './gate-output.ts';

function readReport(path: string): GateReport {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`${path}: cannot read a gate report: ${(error as Error).message}`);
  }
  const report = raw as Partial<GateReport> | null;
  if (report === null || typeof report !== 'object' || report.format !== 'converge-gate-report' || report.version !== 1) {
    throw new UsageError(`${path}: expected a gate report written by \`converge gate --json FILE\` (format "converge-gate-report", version 1)`);
  }
  return withDefaults(raw as GateReport);
}

export function registerMergeReports(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('merge-reports')
    .description('join the --json reports of `converge gate --shard i/n` runs into one verdict, JUnit and summary')
    .argument('<reports...>', 'gate reports written with `converge gate --shard i/n --json FILE`')
    .option('--junit <file>', 'write the merged JUnit XML')
    .option('--report <file>', 'write the merged markdown summary')
    .option('--json <file>', 'write the merged gate report')
    .option('--config <file>', 'config file with the differential thresholds (default: converge.config.json, if present)')
    .action((files: string[], flags: { junit?: string; report?: string; json?: string; config?: string }) => {
      let thresholds;
      try {
        thresholds = loadConfig(flags.config).gate.regressionThresholds;
      } catch (error) {
        if (error instanceof ConfigError) throw new UsageError(error.message);
        throw error;
      }
      let merged: GateReport;
      try {
        merged = mergeReports(files.map(readReport), thresholds);
      } catch (error) {
        if (error instanceof MergeError) throw new UsageError(error.message);
        throw error;
      }
      if (flags.junit !== undefined) writeOutput(flags.junit, renderJunit(merged), '--junit');
      if (flags.report !== undefined) writeOutput(flags.report, renderMarkdown(merged), '--report');
      if (flags.json !== undefined) writeOutput(flags.json, `${JSON.stringify(merged)}\n`, '--json');
      process.stdout.write(`${summaryLines(merged).join('\n')}\n`);
      setExitCode(merged.passed ? EXIT.ok : EXIT.violations);
    });
}
