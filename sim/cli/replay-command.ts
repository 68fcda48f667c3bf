import type { Command } from 'commander';
import { incidentContent, writeIncident } from '../incidents/incident-io.node.ts';
import { formatReplay, formatWorldState } from '../replay/format-replay.ts';
import { incidentForCli, pluginForCli } from '../replay/inputs.node.ts';
import { replayIncident } from '../replay/replay.ts';
import { formatElapsed, parseUntil } from '../replay/sim-time.ts';
import { EXIT, UsageError } from './exit-codes.ts';

interface ReplayFlags {
  until?: string;
  orchestrator?: string;
  rerecord?: boolean;
  json?: boolean;
}

export function registerReplay(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('replay')
    .description('run an incident file again and compare the history with its recording (exit 0 identical, 4 differs)')
    .argument('<file>', 'an incident file (converge run --record, a failing run or the gate)')
    .option('--until <index|time>', 'also print the state of the world after event #index, or at a virtual time (90m, 2h30m, 1d4h) or ISO instant')
    .option('--orchestrator <module>', "replay with another orchestrator than the recorded one ('reference', a path or a package)")
    .option('--rerecord', 'on purpose: replace the recorded hash, violations and events with this replay (exit 0)')
    .option('--json', 'print exactly one JSON object on stdout')
    .action(async (file: string, flags: ReplayFlags) => {
      const { incident, recording } = incidentForCli(file, { upgrading: flags.rerecord === true });
      const startEpochMs = Date.parse(incident.scenario.startInstant);
      const until = flags.until === undefined ? undefined : parseUntil(flags.until, startEpochMs);
      if (typeof until === 'string') throw new UsageError(until);
      const moduleRef = flags.orchestrator ?? incident.orchestrator.module;
      const plugin = await pluginForCli(moduleRef);
      const out = flags.json === true ? process.stderr : process.stdout;
      const orders = incident.overrides.orders ?? incident.scenario.workload.orders;
      out.write(
        `converge replay: ${file}: scenario ${incident.scenario.name} (embedded), seed ${incident.seed}, orders ${orders}${incident.overrides.crashEveryEvents === undefined ? '' : `, crash every ${incident.overrides.crashEveryEvents} events`}, orchestrator ${moduleRef} (${plugin.name}@${plugin.version}), recorded by ${incident.harness.name} ${incident.harness.version}${incident.note === '' ? '' : `; note: ${incident.note.length > 160 ? `${incident.note.slice(0, 157)}...` : incident.note}`}\n`,
      );
      const recordedAs = `${incident.orchestrator.name}@${incident.orchestrator.version}`;
      if (recordedAs !== `${plugin.name}@${plugin.version}`) out.write(`note: recorded with ${incident.orchestrator.module} (${recordedAs}), replaying with ${plugin.name}@${plugin.version}\n`);
      const outcome = await replayIncident(incident, recording, plugin, { ...(until === undefined ? {} : { until }), keepTrace: flags.rerecord === true }, () => performance.now());

      if (flags.rerecord === true) {
        const content = incidentContent({
          note: incident.note,
          scenarioRef: incident.scenarioRef,
          scenario: incident.scenario,
          seed: incident.seed,
          overrides: incident.overrides,
          orchestrator: { module: moduleRef, name: plugin.name, version: plugin.version },
          run: outcome.replayed,
          ...(outcome.trace === undefined ? {} : { trace: outcome.trace }),
        });
        writeIncident(file, content);
        out.write(`RE-RECORDED ${file}: trace hash ${incident.expected.traceHash} -> ${outcome.replayed.traceHash}, ${outcome.replayed.violations.length} violation(s), ${outcome.trace?.length ?? 0} trace events kept\n`);
        if (flags.json === true) process.stdout.write(`${JSON.stringify({ rerecorded: file, traceHash: outcome.replayed.traceHash })}\n`);
        setExitCode(EXIT.ok);
        return;
      }
      if (flags.json === true) {
        const { trace: _trace, ...rest } = outcome;
        process.stdout.write(`${JSON.stringify(rest)}\n`);
      } else {
        if (outcome.state !== undefined && until !== undefined) out.write(`${formatWorldState(outcome.state, until.kind === 'index' ? `event #${until.index}` : `${until.text} (${formatElapsed(until.atMs)})`, startEpochMs)}\n`);
        out.write(`${formatReplay(outcome, startEpochMs)}\n`);
        if (!outcome.identical) out.write(`to accept the new history on purpose: npx converge replay ${file} --rerecord\n`);
      }
      setExitCode(outcome.identical ? EXIT.ok : EXIT.replayDiffers);
    });
}
