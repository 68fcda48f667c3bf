import type { Command } from 'commander';
import { describePlan } from '../world/fault-plan.ts';
import { runPlan, simulate } from '../world/simulate.ts';
import { capabilitiesToDelegate } from '../world/world.ts';
import { defaultIncidentPath, recordRun } from '../replay/record.node.ts';
import { pluginForCli } from '../replay/inputs.node.ts';
import { TraceKeeper } from '../replay/run-incident.ts';
import { runExitCode, UsageError } from './exit-codes.ts';
import { loadScenarioFlag, wholeNumber } from './options.ts';
import { formatShadow } from './shadow-summary.ts';
import { formatSummary } from './summary.ts';
import { TraceFile } from './trace-file.ts';
import { MAX_CRASH_EVERY_EVENTS, MAX_ORDERS } from '../world/input-bounds.ts';
import { withTornEvery } from '../world/crash-schedule.ts';

interface RunFlags {
  scenario: string;
  seed: number;
  orders?: number;
  json?: boolean;
  crashEvery?: number;
  torn?: boolean;
  trace?: string;
  record?: string;
  orchestrator: string;
  shadow?: string;
  delegate?: string;
}

/** `--delegate routing`: the capabilities the primary hands to the shadow (only routing so far). */
function delegatedCapabilities(flag: string | undefined, shadow: string | undefined): 'routing'[] | undefined {
  if (flag === undefined) return undefined;
  if (shadow === undefined) throw new UsageError('--delegate needs --shadow <module>: capabilities are handed to the shadow orchestrator');
  const names = flag.split(',').map((name) => name.trim());
  for (const name of names) if (name !== 'routing') throw new UsageError(`--delegate expects a comma-separated list of capabilities from: routing; got "${name}"`);
  return ['routing'];
}

export function registerRun(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('run')
    .description('run one seeded simulation and check every invariant')
    .requiredOption('--scenario <name|path>', 'a scenario name from scenarios/ or a path to a scenario file')
    .option('--seed <n>', 'the run seed (whole number)', wholeNumber('--seed', 0, 2 ** 32 - 1), 1)
    .option('--orders <n>', "override the scenario's order count", wholeNumber('--orders', 1, MAX_ORDERS))
    .option('--crash-every <n>', 'crash the orchestrator after every n kernel events and restart it from its store', wholeNumber('--crash-every', 1, MAX_CRASH_EVERY_EVENTS))
    .option('--torn', 'with --crash-every: power is lost right after every n-th store write instead, tearing the step it belongs to (a write outside a transaction stays, an open transaction is lost)')
    .option('--trace <file>', 'write every trace event to FILE as JSON lines (index, atMs, kind, source, orderId, ref, detail)')
    .option('--record <file>', 'write an incident file for this run, failing or not (docs/incidents.md); a failing run writes one anyway')
    .option('--orchestrator <module>', "the orchestrator plugin: 'reference' (bundled), a path to a module or a package name", 'reference')
    .option('--shadow <module>', 'shadow mode: run this orchestrator beside the primary on mirrored traffic, read-only, and report decision divergence')
    .option('--delegate <capabilities>', 'with --shadow: capabilities the primary takes from the shadow (routing)')
    .option('--json', 'print exactly one JSON object on stdout')
    .action(async (flags: RunFlags) => {
      if (flags.torn === true && flags.crashEvery === undefined) throw new UsageError('--torn: expected --crash-every <n> beside it (the store writes between two power losses)');
      const loaded = loadScenarioFlag(flags.scenario);
      const plugin = await pluginForCli(flags.orchestrator);
      const { scenario } = loaded;
      // --torn counts store writes instead of events (simulate applies it to the scenario).
      const torn = flags.torn === true ? flags.crashEvery : undefined;
      const crashEvery = torn === undefined ? flags.crashEvery : undefined;
      const delegate = delegatedCapabilities(flags.delegate, flags.shadow);
      const shadowPlugin = flags.shadow === undefined ? undefined : await pluginForCli(flags.shadow);
      if (shadowPlugin !== undefined && shadowPlugin.capabilities === undefined && capabilitiesToDelegate(scenario, delegate).length > 0) {
        throw new UsageError(`delegating routing: the shadow ${flags.shadow} offers no capabilities (its plugin has no capabilities() function)`);
      }
      let traceFile: TraceFile | undefined;
      try {
        traceFile = flags.trace === undefined ? undefined : new TraceFile(flags.trace);
      } catch (error) {
        throw new UsageError(`--trace ${flags.trace}: cannot write the file: ${(error as Error).message}`);
      }
      const banner = `converge run: scenario ${flags.scenario} (${loaded.path}), seed ${flags.seed}, orders ${flags.orders ?? scenario.workload.orders}${flags.orders === undefined ? ' (from the scenario)' : ''}, orchestrator ${flags.orchestrator === 'reference' ? 'reference' : `${flags.orchestrator} (${plugin.name}@${plugin.version})`}, transport direct${flags.crashEvery === undefined ? '' : `, crash every ${flags.crashEvery} ${torn === undefined ? 'events' : 'store writes (torn steps)'}`}`;
      const crashes = { ...(crashEvery === undefined ? {} : { crashEveryEvents: crashEvery }), ...(torn === undefined ? {} : { tornEveryWrites: torn }) };
      const plan = describePlan(runPlan({ scenario, seed: flags.seed, ...crashes }).plan);
      // With --json, stdout carries only the result object; the banner goes to stderr.
      (flags.json === true ? process.stderr : process.stdout).write(`${banner}\nfault plan: ${plan.join('; ') || 'none'}\n`);
      // The first events are kept for an incident file: --record, or a run that fails.
      const keeper = new TraceKeeper();
      const result = await simulate(
        {
          scenario,
          scenarioRef: flags.scenario,
          seed: flags.seed,
          plugin,
          orchestratorRef: flags.orchestrator,
          ...(flags.orders === undefined ? {} : { orders: flags.orders }),
          ...crashes,
          ...(shadowPlugin === undefined ? {} : { shadow: { plugin: shadowPlugin, ...(delegate === undefined ? {} : { delegate }) } }),
          onTrace: traceFile === undefined ? keeper.listen : (event) => (traceFile.write(event), keeper.listen(event)),
        },
        () => performance.now(),
      );
      traceFile?.close();
      const failed = result.verdict === 'failed';
      const incidentPath = flags.record ?? (failed ? defaultIncidentPath(scenario.name, flags.seed, result.traceHash) : undefined);
      if (incidentPath !== undefined) {
        recordRun(incidentPath, {
          note: flags.record === undefined ? 'run failure' : 'run --record',
          scenarioRef: flags.scenario,
          // The torn trigger is the scenario's own (crashes.everyWrites): its incident replays it.
          scenario: torn === undefined ? scenario : withTornEvery(scenario, torn),
          seed: flags.seed,
          overrides: { ...(flags.orders === undefined ? {} : { orders: flags.orders }), ...(crashEvery === undefined ? {} : { crashEveryEvents: crashEvery }) },
          orchestrator: { module: flags.orchestrator, name: plugin.name, version: plugin.version },
          run: result,
          trace: keeper.events,
        });
        (flags.json === true ? process.stderr : process.stdout).write(`incident: ${incidentPath} (replay: npx converge replay ${incidentPath})\n`);
      }
      if (flags.json === true) process.stdout.write(`${JSON.stringify(result)}\n`);
      else process.stdout.write(`${formatSummary(result)}${result.shadow === undefined ? '' : formatShadow(result.shadow)}\n`);
      setExitCode(runExitCode(result));
    });
}
