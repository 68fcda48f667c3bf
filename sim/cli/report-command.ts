import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { DashboardModel } from '../dashboard/model.ts';
import { incidentSource, sniffInput, traceSource } from '../dashboard/run-input.node.ts';
import { withDefaults, type GateReport } from '../gate/gate-report.ts';
import { renderGateHtml } from '../report/html/gate-html.ts';
import { renderRunHtml } from '../report/html/run-report.ts';
import { EXIT, UsageError } from './exit-codes.ts';

interface ReportFlags {
  html: string;
  orchestrator?: string;
}

function readGateReport(file: string): GateReport {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`${file}: not a readable gate report (JSON): ${(error as Error).message}`);
  }
  const report = raw as Partial<GateReport>;
  if (report.version !== 1) throw new UsageError(`${file}: field version: got ${JSON.stringify(report.version)}; this Converge reads gate report version 1`);
  if (!Array.isArray(report.candidate) || typeof report.settings !== 'object' || report.settings === null) throw new UsageError(`${file}: fields candidate and settings: expected the gate's --json output`);
  return withDefaults(raw as GateReport);
}

/** Writes beside the target and renames, so a failed run never leaves half a page. */
function writeWhole(path: string, text: string): void {
  const temporary = `${path}.partial`;
  try {
    writeFileSync(temporary, text);
    renameSync(temporary, path);
  } catch (error) {
    throw new UsageError(`--html ${path}: cannot write the file: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

export function registerReport(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('report')
    .description('write a self-contained HTML report (plots, timelines, no network) of an incident, a trace file or a gate report')
    .argument('<file>', 'an incident file (simulated again), a trace JSONL file (run --trace) or a gate report (gate --json)')
    .requiredOption('--html <out.html>', 'the HTML file to write')
    .option('--orchestrator <module>', "for an incident: simulate it with another orchestrator than the recorded one")
    .action(async (file: string, flags: ReportFlags) => {
      const kind = sniffInput(file);
      let html: string;
      if (kind === 'gate-report') html = renderGateHtml(readGateReport(file));
      else {
        const source = kind === 'incident' ? await incidentSource(file, flags.orchestrator) : traceSource(file);
        process.stderr.write(`${source.banner}\n`);
        const model = new DashboardModel(source.info);
        model.finish(await source.play(model));
        html = renderRunHtml(model.report());
      }
      writeWhole(flags.html, html);
      process.stdout.write(`wrote ${flags.html} (${Math.round(html.length / 1024)} KB, ${kind})\n`);
      setExitCode(EXIT.ok);
    });
}
