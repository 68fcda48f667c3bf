import type { Command } from 'commander';
import { referencePlugin } from '../../orchestrator/reference/reference-orchestrator.ts';
import { incidentContent, writeIncident } from '../incidents/incident-io.node.ts';
import { incidentForCli, pluginForCli } from '../replay/inputs.node.ts';
import { runIncident } from '../replay/run-incident.ts';
import { formatSize } from '../shrink/size.ts';
import { shrinkIncident } from '../shrink/shrink.ts';
import { EXIT, UsageError } from './exit-codes.ts';
import { wholeNumber } from './options.ts';

interface ShrinkFlags {
  out?: string;
  budgetSeconds: number;
  orchestrator?: string;
  invariant?: string;
}

/** `incidents/x.json` -> `incidents/x.shrunk.json`. */
function shrunkPath(file: string): string {
  return file.endsWith('.json') ? `${file.slice(0, -'.json'.length)}.shrunk.json` : `${file}.shrunk.json`;
}

export function registerShrink(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('shrink')
    .description('minimise a failing incident (orders, faults, phases) while the same invariant still fails; writes the minimal incident')
    .argument('<file>', 'an incident file with at least one violation')
    .option('--out <file>', 'where to write the minimal incident (default: FILE with .shrunk.json)')
    .option('--budget-seconds <n>', 'stop trying after this much wall time and keep the smallest case so far', wholeNumber('--budget-seconds', 1, 86_400), 60)
    .option('--invariant <name>', "the invariant that must keep failing (default: the incident's first violation's)")
    .option('--orchestrator <module>', "shrink against another orchestrator than the recorded one ('reference', a path or a package)")
    .action(async (file: string, flags: ShrinkFlags) => {
      const { incident } = incidentForCli(file);
      if (incident.expected.violations.length === 0) throw new UsageError(`incident file ${file}: field expected.violations: got []; shrink needs an incident that failed an invariant`);
      const moduleRef = flags.orchestrator ?? incident.orchestrator.module;
      const plugin = await pluginForCli(moduleRef);
      const out = flags.out ?? shrunkPath(file);
      const now = (): number => performance.now();
      process.stdout.write(`converge shrink: ${file}: scenario ${incident.scenario.name}, seed ${incident.seed}, orchestrator ${moduleRef} (${plugin.name}@${plugin.version})${plugin === referencePlugin ? '' : ', checked against the reference'}, target invariant ${flags.invariant ?? incident.expected.violations[0]?.invariant}, budget ${flags.budgetSeconds} s\n`);
      let report;
      try {
        // Another orchestrator is shrunk against the reference: a cut the reference fails too is no longer this plugin's bug.
        const baseline = plugin === referencePlugin ? {} : { baseline: referencePlugin };
        report = await shrinkIncident(incident, plugin, { budgetMs: flags.budgetSeconds * 1000, now, log: (line) => process.stdout.write(`${line}\n`), ...baseline, ...(flags.invariant === undefined ? {} : { invariant: flags.invariant }) });
      } catch (error) {
        if (error instanceof RangeError) throw new UsageError(`incident file ${file}: ${error.message}`);
        throw error;
      }
      // The smallest case once more, with its trace kept for the recording.
      const overrides = { orders: report.smallest.orders, ...(report.smallest.crashEveryEvents === undefined ? {} : { crashEveryEvents: report.smallest.crashEveryEvents }) };
      const final = await runIncident({ scenario: report.smallest.scenario, scenarioRef: incident.scenarioRef, seed: report.smallest.seed, overrides }, plugin, { keepTrace: true }, now);
      // The same case twice in one process must give the same history; if not, the world is not deterministic: fail loudly.
      if (final.result.traceHash !== report.result.traceHash) throw new Error(`shrink: the smallest case gave trace hash ${report.result.traceHash}, then ${final.result.traceHash} when run again: the world is not deterministic`);
      writeIncident(
        out,
        incidentContent({
          note: `shrunk from ${file} (${report.target}) in ${report.trials} trials: ${report.steps.join('; ') || 'nothing could be removed'}`,
          scenarioRef: incident.scenarioRef,
          scenario: report.smallest.scenario,
          seed: report.smallest.seed,
          overrides,
          orchestrator: { module: moduleRef, name: plugin.name, version: plugin.version },
          run: final.result,
          ...(final.trace === undefined ? {} : { trace: final.trace }),
        }),
      );
      process.stdout.write(
        [
          `before: ${formatSize(report.before)}`,
          `after:  ${formatSize(report.after)}${report.smallest.seed === incident.seed ? '' : `, seed ${incident.seed} -> ${report.smallest.seed}`}`,
          `${report.trials} trials in ${(report.wallMs / 1000).toFixed(1)} s${report.outOfTime ? ' (budget used up: more may shrink with --budget-seconds)' : ''}`,
          `minimal incident: ${out} (replay: npx converge replay ${out}; explain: npx converge explain ${out} --order ${report.result.violations.find((v) => v.invariant === report.target)?.orderId ?? 'ID'})`,
          '',
        ].join('\n'),
      );
      setExitCode(EXIT.ok);
    });
}
